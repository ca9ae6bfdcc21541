/**
 * `flowdeck accounts add|list|remove|check`: the user's Flow accounts, kept in the settings file.
 * Cookies go in (from a flag, a file or stdin) and to labs.google or flow.google.com; they never come
 * out on any output.
 */

import {UsageError} from '../../run/usage-error.js';
import {withUsageErrors} from '../command-errors.js';
import {exitOnCancel} from '../read-secret.js';
import {accountsAdd} from './add.js';
import {accountsCheck} from './check.js';
import type {AccountsFlags, AccountsIo} from './common.js';
import {accountsList} from './list.js';
import {accountsRemove} from './remove.js';

/** `flowdeck accounts <sub> …`: dispatches, and reports usage problems as one line with exit 2. */
export function accountsCommand(
	sub: string | undefined,
	args: string[],
	flags: AccountsFlags,
	io: AccountsIo,
	options: {timeoutMs?: number} = {},
): Promise<number> {
	return withUsageErrors(io.stderr, async () => {
		if (sub === 'add') ({flags, args} = claimStdinDashes(flags, args));
		const [name] = args;
		const most = (count: number) => {
			if (args.length > count) throw new UsageError(`accounts ${sub}: unexpected argument "${args[count]}"`);
		};
		switch (sub) {
			case 'add':
				most(1);
				return accountsAdd(name, flags, io);
			case 'list':
				most(0);
				return accountsList(flags, io);
			case 'remove':
				most(1);
				return accountsRemove(name, io);
			case 'check':
				most(1);
				return accountsCheck(name, io, options);
			case undefined:
				throw new UsageError('accounts needs add, list, remove or check (see flowdeck accounts --help)');
			default:
				throw new UsageError(`unknown accounts command "${sub}": use add, list, remove or check`);
		}
	}).catch(exitOnCancel(io.stderr));
}

/**
 * meow reads `--cookie -` as an empty --cookie followed by the argument "-" (and the same for
 * `--google-cookies -`): each empty one of the two takes back one "-".
 */
function claimStdinDashes(flags: AccountsFlags, args: string[]): {flags: AccountsFlags; args: string[]} {
	let dashes = args.filter((arg) => arg === '-').length;
	const claimed: AccountsFlags = {...flags};
	for (const key of ['cookie', 'googleCookies'] as const) {
		if (claimed[key] === '' && dashes > 0) {
			claimed[key] = '-';
			dashes--;
		}
	}
	let keep = dashes;
	const rest = args.filter((arg) => arg !== '-' || keep-- > 0);
	return {flags: claimed, args: rest};
}

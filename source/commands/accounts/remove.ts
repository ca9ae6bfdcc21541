import {isAccountName} from '../../config/account-rules.js';
import {openSettings} from '../../config/settings.js';
import {UsageError} from '../../run/usage-error.js';
import type {AccountsIo} from './common.js';

/** `accounts remove <name>`: forgets the account and its cookie. */
export async function accountsRemove(name: string | undefined, io: AccountsIo): Promise<number> {
	if (!name) throw new UsageError('accounts remove needs a name: flowdeck accounts remove <name>');
	openSettings(io.env).update((settings) => {
		if (!settings.accounts.some((account) => account.name === name)) {
			const shown = isAccountName(name) ? ` named "${name}"` : ' by that name';
			throw new UsageError(`no account${shown}; \`flowdeck accounts list\` shows them`);
		}
		return {...settings, accounts: settings.accounts.filter((account) => account.name !== name)};
	});
	io.stdout.write(`removed ${name}\n`);
	return 0;
}

import {
	accountNameRule,
	isAccountName,
	isMaxInFlight,
	isTransportChoice,
	maxInFlightRule,
	type TransportChoice,
} from '../../config/account-rules.js';
import {openSettings, type SettingsAccount} from '../../config/settings.js';
import {UsageError} from '../../run/usage-error.js';
import type {AccountsFlags, AccountsIo} from './common.js';
import {cookieFrom, googleCookiesFrom} from './cookies.js';

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * `accounts add <name> [--cookie <token>|-] [--google-cookies <file>|-] [--transport auto|labs|flow]`:
 * saves the account (a labs.google cookie, flow.google.com Google cookies, or both); no network
 * (`check` signs in).
 */
export async function accountsAdd(
	name: string | undefined,
	flags: AccountsFlags,
	io: AccountsIo,
): Promise<number> {
	if (!name) throw new UsageError('accounts add needs a name: flowdeck accounts add <name> --cookie -');
	// The name is not echoed: a cookie pasted in its place must not end up on the screen.
	if (!isAccountName(name)) {
		throw new UsageError(`an account name is ${accountNameRule} (starting with a letter or digit)`);
	}
	if (flags.cookie === '') {
		throw new UsageError('--cookie needs a value: - reads the session cookie from stdin');
	}
	const wantsCookie = flags.cookie !== undefined;
	const wantsGoogle = flags.googleCookies !== undefined;
	if (!wantsCookie && !wantsGoogle) {
		throw new UsageError(
			'accounts add needs the labs.google session cookie (--cookie -, read from stdin), the flow.google.com Google cookies (--google-cookies <file>|-), or both',
		);
	}
	if (flags.cookie === '-' && flags.googleCookies === '-') {
		throw new UsageError(
			'--cookie - and --google-cookies - cannot both read stdin: give the Google cookies as a file (--google-cookies <file>)',
		);
	}
	let transport: TransportChoice | undefined;
	if (flags.transport !== undefined) {
		// Not echoed: whatever was typed there might be a cookie.
		if (!isTransportChoice(flags.transport)) throw new UsageError('--transport must be auto, labs or flow');
		transport = flags.transport;
		if (transport === 'labs' && !wantsCookie) {
			throw new UsageError('--transport labs needs --cookie (the labs.google session cookie)');
		}
		if (transport === 'flow' && !wantsGoogle) {
			throw new UsageError('--transport flow needs --google-cookies (the flow.google.com Google cookies)');
		}
	}
	const store = openSettings(io.env);
	const exists = (accounts: SettingsAccount[]) => {
		if (accounts.some((existing) => existing.name === name)) {
			throw new UsageError(`${name} exists; \`flowdeck accounts remove ${name}\` first`);
		}
	};
	// Before the cookie is pasted, not after.
	exists(store.read().accounts);
	const account: SettingsAccount = {name};
	if (wantsCookie) account.cookie = await cookieFrom(name, flags.cookie, io);
	if (wantsGoogle) account.googleCookies = await googleCookiesFrom(name, flags.googleCookies ?? '', io);
	if (transport !== undefined) account.transport = transport;
	if (flags.project !== undefined) account.projectId = projectIdFrom(flags.project);
	if (flags.maxInFlight !== undefined) account.maxInFlight = maxInFlightFrom(flags.maxInFlight);
	if (flags.captchaCommand !== undefined) {
		if (flags.captchaCommand.trim() === '') throw new UsageError('--captcha-command is empty');
		account.captchaCommand = flags.captchaCommand;
	}
	store.update((settings) => {
		exists(settings.accounts);
		return {...settings, accounts: [...settings.accounts, account]};
	});
	io.stdout.write(`added ${name}; \`flowdeck accounts check ${name}\` signs in and reads its credits\n`);
	return 0;
}

/** A bare id, or the project's address as the browser shows it (…/fx/tools/flow/project/<id>). */
function projectIdFrom(raw: string): string {
	const id = uuidPattern.exec(raw)?.[0];
	if (!id) {
		throw new UsageError(
			"--project must be a Flow project id (a UUID like 3afb1f80-ca7d-4b33-8318-35dd3cf0d714) or the project's address",
		);
	}
	return id.toLowerCase();
}

function maxInFlightFrom(raw: string): number {
	const value = Number(raw);
	if (!/^\d+$/.test(raw.trim()) || !isMaxInFlight(value)) {
		throw new UsageError(`--max-in-flight must be ${maxInFlightRule} (got "${raw}")`);
	}
	return value;
}

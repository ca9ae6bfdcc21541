/**
 * `flowdeck accounts add|list|remove|check`: the user's Flow accounts, kept in the settings file.
 * Cookies go in (from a flag, a file or stdin) and to labs.google or flow.google.com; they never come
 * out on any output.
 */

import {readFile} from 'node:fs/promises';
import type {TransportChoice} from '../config/accounts-file.js';
import {accountNamePattern, openSettings, type SettingsAccount} from '../config/settings.js';
import {isFlowError, originsFromEnv} from '../labs/index.js';
import {tierLabel} from '../labs/models.js';
import {CookieJar, parseGoogleCookies} from '../labs/transport/flow-cookie-jar.js';
import {normaliseSessionCookie} from '../labs/transport/labs.js';
import {buildClients} from './clients.js';
import {withUsageErrors} from './command-errors.js';
import {probeAccounts, settingsAccountConfig} from './preflight.js';
import {exitOnCancel, readSecret, type SecretInput} from './read-secret.js';
import type {Io} from './run.js';
import {UsageError} from './run-options.js';
import {formatTable, plural} from './table.js';

export type AccountsIo = Pick<Io, 'stdout' | 'stderr' | 'env'> & {
	/** Where `--cookie -` and `--google-cookies -` read from (hidden when a terminal: read-secret.ts). */
	stdin?: SecretInput;
};

export type AccountsFlags = {
	cookie?: string;
	/** A file holding a Cookie-Editor export or a Cookie header, or `-` for stdin. */
	googleCookies?: string;
	transport?: string;
	project?: string;
	maxInFlight?: string;
	captchaCommand?: string;
	json?: boolean;
};

const namePattern = new RegExp(accountNamePattern);
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

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

const transportChoices: readonly TransportChoice[] = ['auto', 'labs', 'flow'];

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
	if (!namePattern.test(name)) {
		throw new UsageError(
			"an account name is 1-32 letters, digits, '.', '_' or '-' (starting with a letter or digit)",
		);
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
		if (!(transportChoices as readonly string[]).includes(flags.transport)) {
			throw new UsageError('--transport must be auto, labs or flow');
		}
		transport = flags.transport as TransportChoice;
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

/**
 * The Google cookies of `--google-cookies <file>|-`, checked as the run will read them and returned as
 * text: the settings keep the content, so they do not depend on the file staying where it is. Every
 * error names the account and the source, never a cookie.
 */
async function googleCookiesFrom(name: string, flag: string, io: AccountsIo): Promise<string> {
	if (flag === '') {
		throw new UsageError('--google-cookies needs a file, or - to read the Google cookies from stdin');
	}
	let text: string;
	let source: string;
	if (flag === '-') {
		if (!io.stdin) throw new UsageError('--google-cookies - reads the cookies from stdin, but there is none');
		text = await readSecret(io.stdin, {
			stderr: io.stderr,
			prompt: `Paste the Google cookies for ${name} (a Cookie header or a Cookie-Editor JSON export; input hidden), then press Enter:`,
			until: 'cookies',
			maxChars: maxGoogleCookiesBytes,
		});
		source = 'stdin';
	} else {
		try {
			text = await readFile(flag, 'utf8');
		} catch (error) {
			// The cookies themselves typed in place of a file name: said without repeating them.
			if (/^\s*[[{]/.test(flag) || flag.includes('=')) {
				throw new UsageError(
					`${name}: --google-cookies takes a file or - (stdin), not the cookies themselves (they would stay in your shell history)`,
				);
			}
			const code = (error as NodeJS.ErrnoException).code;
			const why =
				code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? 'unreadable');
			throw new UsageError(`${name}: --google-cookies: cannot read ${flag}: ${why}`);
		}
		source = flag;
	}
	if (text.length > maxGoogleCookiesBytes) {
		throw new UsageError(`${name}: --google-cookies ${source}: more than 1 MB is not a cookie export`);
	}
	const cookies = text.replace(/^\uFEFF/, '').trim();
	if (cookies === '') throw new UsageError(`${name}: --google-cookies ${source} is empty`);
	try {
		new CookieJar(parseGoogleCookies(cookies), originsFromEnv(io.env).flowUrl);
	} catch (error) {
		// The parser's messages name the setting, never a value ("googleCookies: …").
		const detail = isFlowError(error)
			? error.message.replace(/^googleCookies: /, '')
			: 'not a Cookie-Editor export or Cookie header';
		const hint = detail.includes('(')
			? ''
			: ' (export them from flow.google.com with Cookie-Editor, or copy the Cookie header)';
		throw new UsageError(`${name}: --google-cookies ${source}: ${detail}${hint}`);
	}
	// An export is stored on one line; a Cookie header as it is.
	return /^[[{]/.test(cookies) ? JSON.stringify(JSON.parse(cookies)) : cookies;
}

/** A Cookie-Editor export runs to tens of kB; anything past 1 MB is not one. */
const maxGoogleCookiesBytes = 1_000_000;

async function cookieFrom(name: string, flag: string | undefined, io: AccountsIo): Promise<string> {
	if (flag === undefined || flag === '') {
		throw new UsageError(
			'accounts add needs the session cookie: --cookie - reads it from stdin (see the readme for where to find it)',
		);
	}
	let raw = flag;
	if (flag === '-') {
		if (!io.stdin) throw new UsageError('--cookie - reads the cookie from stdin, but there is none');
		raw = await readSecret(io.stdin, {
			stderr: io.stderr,
			prompt: `Paste the labs.google session cookie for ${name} (input hidden), then press Enter:`,
			until: 'line',
			// Session tokens are a few kB; anything far bigger is not one.
			maxChars: 100_000,
		});
	} else {
		io.stderr.write('tip: `--cookie -` reads the cookie from stdin and keeps it out of your shell history\n');
	}
	// A whole Cookie header pasted from DevTools works too: keep only the session token.
	const cookie = normaliseSessionCookie(raw);
	if (cookie === '') throw new UsageError('the session cookie is empty');
	if (/\s/.test(cookie)) throw new UsageError('the session cookie contains spaces; copy the value alone');
	return cookie;
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
	if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 16) {
		throw new UsageError(`--max-in-flight must be a whole number from 1 to 16 (got "${raw}")`);
	}
	return value;
}

const healthWords: Record<string, string> = {
	ok: 'ok',
	'cookie-expired': 'cookie expired',
	migrated: 'moved to flow.google.com',
	'no-access': 'no access',
	unreachable: 'unreachable',
	failed: 'failed',
};

/** What the account's settings call for: its `transport`, else what `auto` means for its cookies. */
function configuredTransport(account: SettingsAccount): TransportChoice {
	if (account.transport !== undefined && account.transport !== 'auto') return account.transport;
	if (account.cookie === undefined && account.googleCookies !== undefined) return 'flow';
	if (account.cookie !== undefined && account.googleCookies === undefined) return 'labs';
	return 'auto';
}

/** The wire the last check saw the account use, else the one its settings call for. */
const listedTransport = (account: SettingsAccount): TransportChoice =>
	account.lastCheck?.transport ?? configuredTransport(account);

/** `accounts list [--json]`: what was saved and last checked; no cookie is ever part of it. */
export async function accountsList(flags: AccountsFlags, io: AccountsIo): Promise<number> {
	const store = openSettings(io.env);
	const {accounts} = store.read();
	if (flags.json) {
		const list = accounts.map((account) => ({
			name: account.name,
			transport: listedTransport(account),
			projectId: account.projectId ?? null,
			maxInFlight: account.maxInFlight ?? null,
			tier: account.lastCheck?.tier ?? null,
			credits: account.lastCheck?.credits ?? null,
			health: account.lastCheck?.result ?? 'unchecked',
			message: account.lastCheck?.message ?? null,
			checkedAt: account.lastCheck?.at ?? null,
		}));
		io.stdout.write(`${JSON.stringify({settings: store.path, accounts: list})}\n`);
		return 0;
	}
	if (accounts.length === 0) {
		io.stdout.write(
			`no accounts yet: \`flowdeck accounts add <name> --cookie -\` or \`--google-cookies <file>\` (settings: ${store.path})\n`,
		);
		return 0;
	}
	const rows = [['NAME', 'TRANSPORT', 'PROJECT', 'TIER', 'CREDITS', 'HEALTH', 'CHECKED']];
	for (const account of accounts) {
		const check = account.lastCheck;
		rows.push([
			account.name,
			listedTransport(account),
			account.projectId ?? '-',
			check?.tier === undefined ? '-' : tierLabel(check.tier),
			check?.credits === undefined ? '-' : String(check.credits),
			check ? (healthWords[check.result] ?? check.result) : 'not checked',
			check ? check.at.replace('T', ' ').slice(0, 16) : '-',
		]);
	}
	io.stdout.write(`${formatTable(rows).join('\n')}\nsettings: ${store.path}\n`);
	return 0;
}

/** `accounts remove <name>`: forgets the account and its cookie. */
export async function accountsRemove(name: string | undefined, io: AccountsIo): Promise<number> {
	if (!name) throw new UsageError('accounts remove needs a name: flowdeck accounts remove <name>');
	openSettings(io.env).update((settings) => {
		if (!settings.accounts.some((account) => account.name === name)) {
			const shown = namePattern.test(name) ? ` named "${name}"` : ' by that name';
			throw new UsageError(`no account${shown}; \`flowdeck accounts list\` shows them`);
		}
		return {...settings, accounts: settings.accounts.filter((account) => account.name !== name)};
	});
	io.stdout.write(`removed ${name}\n`);
	return 0;
}

/**
 * `accounts check [name]`: signs in with each cookie, reads credits and tier, creates the Flow project
 * when there is none (and saves its id), and records what it found. Exit 1 if any account failed.
 */
export async function accountsCheck(
	name: string | undefined,
	io: AccountsIo,
	{timeoutMs}: {timeoutMs?: number} = {},
): Promise<number> {
	const store = openSettings(io.env);
	const {accounts} = store.read();
	const chosen = name === undefined ? accounts : accounts.filter((account) => account.name === name);
	if (accounts.length === 0)
		throw new UsageError('no accounts yet: `flowdeck accounts add <name> --cookie -`');
	if (chosen.length === 0) {
		const shown = name !== undefined && namePattern.test(name) ? ` named "${name}"` : ' by that name';
		throw new UsageError(`no account${shown}; \`flowdeck accounts list\` shows them`);
	}
	const clients = buildClients(chosen.map(settingsAccountConfig), {
		origins: originsFromEnv(io.env),
		captchaOptional: true,
		timeoutMs,
	});
	let probed: Awaited<ReturnType<typeof probeAccounts>>;
	try {
		probed = await probeAccounts(clients, {createProject: true, maxInFlight: () => 1});
	} finally {
		await Promise.allSettled(clients.map((client) => client.close()));
	}
	const at = new Date().toISOString();
	const settingsOf = new Map(chosen.map((account) => [account.name, account]));
	/**
	 * The wire each account used. An `auto` account with both cookies that failed may have failed
	 * before choosing (it calls itself labs until it has): that is "auto", and not saved as either.
	 */
	const transportOf = (account: (typeof probed)[number]): TransportChoice => {
		const settings = settingsOf.get(account.name);
		const configured = settings ? configuredTransport(settings) : 'auto';
		if (account.failure && configured === 'auto') return 'auto';
		return account.transport ?? configured;
	};
	const failureText = (account: (typeof probed)[number]): string | undefined => {
		if (!account.failure) return undefined;
		// A labs-only account Google has moved: say how to give it what it now needs.
		if (account.failure.result === 'migrated' && !settingsOf.get(account.name)?.googleCookies) {
			return `moved to flow.google.com: export its Google cookies there, then \`flowdeck accounts remove ${account.name}\` and \`flowdeck accounts add ${account.name} --google-cookies <file>\``;
		}
		return account.failure.text;
	};
	const byName = new Map(probed.map((account) => [account.name, account]));
	store.update((settings) => ({
		...settings,
		accounts: settings.accounts.map((account) => {
			const found = byName.get(account.name);
			if (!found) return account;
			const transport = transportOf(found);
			const message = failureText(found);
			const next: SettingsAccount = {
				...account,
				lastCheck: {
					at,
					result: found.failure?.result ?? 'ok',
					...(transport === 'auto' ? {} : {transport}),
					...(found.tier === undefined ? {} : {tier: found.tier}),
					...(found.credits === undefined ? {} : {credits: found.credits}),
					...(message === undefined ? {} : {message}),
				},
			};
			if (found.createdProject && found.projectId && !account.projectId) next.projectId = found.projectId;
			return next;
		}),
	}));
	const rows = probed.map((account) =>
		account.failure
			? [account.name, transportOf(account), failureText(account) ?? account.failure.text]
			: [
					account.name,
					transportOf(account),
					'ok',
					tierLabel(account.tier),
					account.credits === undefined ? '? credits' : plural(account.credits, 'credit'),
					`project ${account.projectId ?? '-'}${account.createdProject ? ' (created)' : ''}`,
				],
	);
	io.stdout.write(`${formatTable(rows).join('\n')}\n`);
	return probed.some((account) => account.failure) ? 1 : 0;
}

import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import type {AccountConfig} from '../config/accounts-file.js';
import {ConfigError} from '../config/accounts-file.js';
import {
	type AccountClient,
	type CaptchaProvider,
	commandCaptchaProvider,
	createAccountClient,
	FlowError,
	isAccountConfigError,
	type Origins,
} from '../labs/index.js';
import {Agent} from '../labs/undici.js';
import {type CaptchaBrowser, UsageError} from './run-options.js';

export type ClientOptions = {
	origins: Origins;
	/** --captcha-command: used by accounts that name no captchaCommand of their own. */
	captchaCommand?: string;
	/** A provider for every account (the demo's simulator, tests). */
	captcha?: CaptchaProvider;
	/**
	 * --captcha browser|cdp=…: each account's own provider (its browser context). A flag of this run,
	 * so it wins over an account's saved captchaCommand.
	 */
	captchaFor?: (account: AccountConfig) => CaptchaProvider;
	timeoutMs?: number;
	/**
	 * For commands that never generate (`plan`, `accounts check`): an account without a captcha
	 * source is fine, and asking it for a token fails instead.
	 */
	captchaOptional?: boolean;
};

/**
 * --captcha browser|cdp=…: one Chromium for the run, one context per account (signed in with that
 * account's cookies). It closes with the last client that used it.
 */
export async function browserCaptchaFor(
	mode: CaptchaBrowser | undefined,
): Promise<((account: AccountConfig) => CaptchaProvider) | undefined> {
	if (!mode) return undefined;
	const {createBrowserCaptcha} = await import('../labs/browser-captcha/index.js');
	// A browser that cannot start would fail every submit: say so before anything is sent.
	const browser = createBrowserCaptcha({
		mode:
			mode.kind === 'launch'
				? {...mode, executablePath: await findBrowser(mode.executablePath)}
				: {kind: 'cdp', endpoint: await reachableCdp(mode.endpoint)},
	});
	return (account) =>
		browser.forAccount({name: account.name, cookie: account.cookie, googleCookies: account.googleCookies});
}

/** Where Chromium or Chrome usually lives, Debian's package first. */
const browserCandidates = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable',
	'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
	'/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const isExecutable = (path: string) =>
	access(path, constants.X_OK).then(
		() => true,
		() => false,
	);

async function findBrowser(given: string | undefined): Promise<string> {
	if (given !== undefined) {
		if (await isExecutable(given)) return given;
		throw new UsageError(`--browser-path ${given}: no such executable (give the path of Chromium or Chrome)`);
	}
	for (const path of browserCandidates) if (await isExecutable(path)) return path;
	throw new UsageError(
		'--captcha browser: no Chromium or Chrome found (on Debian or Ubuntu: apt-get install chromium), or give one with --browser-path <file>',
	);
}

/** The user's Chrome must answer on its DevTools port now, not at the first submit. */
async function reachableCdp(endpoint: string): Promise<string> {
	const {normaliseCdpEndpoint} = await import('../labs/browser-captcha/index.js');
	const url = new URL(normaliseCdpEndpoint(endpoint));
	const version = new URL('/json/version', `${url.protocol.replace(/^ws/, 'http')}//${url.host}`);
	try {
		const response = await fetch(version, {signal: AbortSignal.timeout(5000)});
		await response.body?.cancel();
		// Any HTTP answer will do here: only an address where nothing listens is refused.
		return endpoint;
	} catch {
		const port = url.port || (url.protocol.endsWith('s:') ? '443' : '80');
		throw new UsageError(
			`--captcha cdp=${endpoint}: no Chrome answers there (start it with --remote-debugging-port=${port}; from a remote box: ssh -N -L ${port}:127.0.0.1:${port} you@your-desktop)`,
		);
	}
}

const noCaptcha = (account: string): CaptchaProvider => ({
	label: 'none',
	mint: () =>
		Promise.reject(new FlowError('captcha', `${account}: no captcha source`, {code: 'NO_CAPTCHA_SOURCE'})),
});

/**
 * One AccountClient per configured account, each with its own credentials and keep-alive pool. The
 * configs (which hold the secrets) are not kept anywhere else.
 */
export function buildClients(accounts: AccountConfig[], options: ClientOptions): AccountClient[] {
	const downloadDispatcher = new Agent({keepAliveTimeout: 10_000, connections: 16});
	return accounts.map((account) => {
		const captcha = options.captchaFor
			? options.captchaFor(account)
			: account.captchaCommand
				? commandCaptchaProvider(account.captchaCommand)
				: (options.captcha ??
					(options.captchaCommand ? commandCaptchaProvider(options.captchaCommand) : undefined));
		if (!captcha && !options.captchaOptional) {
			throw new ConfigError(
				`${account.name}: no captcha source: pass --captcha-command or set "captchaCommand" for the account`,
			);
		}
		try {
			// labs, flow or auto per account; bad googleCookies or a transport its credentials cannot
			// serve are bad input, reported before anything is sent.
			return createAccountClient({
				name: account.name,
				cookie: account.cookie,
				googleCookies: account.googleCookies,
				transport: account.transport,
				projectId: account.projectId,
				captcha: captcha ?? noCaptcha(account.name),
				origins: options.origins,
				downloadDispatcher,
				timeoutMs: options.timeoutMs,
			});
		} catch (error) {
			if (isAccountConfigError(error)) throw new ConfigError(error.message);
			throw error;
		}
	});
}

import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import type {AccountConfig} from '../../config/accounts-file.js';
import type {CaptchaProvider} from '../../labs/index.js';
import type {CaptchaBrowser} from '../options.js';
import {UsageError} from '../usage-error.js';

/**
 * --captcha browser|cdp=…: one Chromium for the run, one context per account (signed in with that
 * account's cookies). It closes with the last client that used it.
 */
export async function browserCaptchaFor(
	mode: CaptchaBrowser | undefined,
): Promise<((account: AccountConfig) => CaptchaProvider) | undefined> {
	if (!mode) return undefined;
	const {loadBrowserCaptcha} = await import('../../labs/index.js');
	const {createBrowserCaptcha} = await loadBrowserCaptcha();
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
	const {normaliseCdpEndpoint} = await import('../../labs/index.js');
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

/**
 * reCAPTCHA tokens minted by a real Chromium (issue 9): one browser for the run, one isolated context
 * and page per account, a small pool of tokens per account minted ahead. See browser-session.ts (the
 * browser), account-captcha.ts (an account's provider), account-page.ts (an account's context and
 * page), token-pool.ts (the pool) and mint-stats.ts (what stats() counts).
 *
 *   const browser = createBrowserCaptcha({mode: {kind: 'launch'}});
 *   const client = createAccountClient({..., captcha: browser.forAccount({name, cookie, googleCookies})});
 *   ...
 *   await browser.close();
 */

import {FlowError} from '../../errors/index.js';
import {AccountCaptcha, type BrowserCaptchaProvider, type PoolSettings} from './account-captcha.js';
import type {AccountCookies} from './account-cookies.js';
import {captchaErrorCodes} from './account-errors.js';
import {AccountPage} from './account-page.js';
import type {BrowserMode} from './browser-mode.js';
import {BrowserSession} from './browser-session.js';
import {type BrowserCaptchaStats, type Counters, Samples} from './mint-stats.js';

export type {BrowserCaptchaProvider} from './account-captcha.js';
export type {AccountCookies} from './account-cookies.js';
export {type BrowserMode, normaliseCdpEndpoint} from './browser-mode.js';
export type {BrowserCaptchaStats, LatencySummary} from './mint-stats.js';
export type {PoolClock, TokenPoolOptions} from './token-pool.js';

export type BrowserCaptchaOptions = {
	mode: BrowserMode;
	/** Tokens kept ready per account once it has asked for one. Default 2; 0: mint on demand only. */
	poolSize?: number;
	/** Pooled tokens older than this are dropped. Default 90 s (tokens live about 120 s). */
	maxAgeMs?: number;
	/** No demand for this long: an account's pool stops refilling. Default 2 × maxAgeMs. */
	idleMs?: number;
	/** One execute() in the page. Default 30 s. */
	mintTimeoutMs?: number;
	/** Loading the project page. Default 30 s. */
	navigationTimeoutMs?: number;
	/** grecaptcha.enterprise appearing after the page has loaded. Default 10 s. */
	scriptTimeoutMs?: number;
	/** Browser restarts (relaunch or reconnect) allowed per minute. Default 3. */
	maxRestartsPerMinute?: number;
};

export type BrowserCaptcha = {
	/** The provider for one account; the same object for the same name. Give it to that account's client. */
	forAccount(account: AccountCookies): BrowserCaptchaProvider;
	/** Closes every account context; closes a launched browser, leaves a CDP one running. */
	close(): Promise<void>;
	stats(): BrowserCaptchaStats;
	/** The browser's process id while one runs (tests kill it to check the relaunch). */
	browserPid(): Promise<number | undefined>;
};

export function createBrowserCaptcha(options: BrowserCaptchaOptions): BrowserCaptcha {
	const session = new BrowserSession(options.mode, {maxRestarts: options.maxRestartsPerMinute});
	const pageOptions = {
		navigationTimeoutMs: options.navigationTimeoutMs ?? 30_000,
		scriptTimeoutMs: options.scriptTimeoutMs ?? 10_000,
		mintTimeoutMs: options.mintTimeoutMs ?? 30_000,
	};
	const poolOptions: PoolSettings = {
		poolSize: options.poolSize,
		maxAgeMs: options.maxAgeMs,
		idleMs: options.idleMs,
	};
	const counters: Counters = {
		mints: 0,
		mintFailures: 0,
		takes: 0,
		pooledTakes: 0,
		mintLatency: new Samples(),
		waitLatency: new Samples(),
	};
	const accounts = new Map<string, AccountCaptcha>();
	let closing: Promise<void> | undefined;
	// Each account's client closes its own provider; the browser goes with the last of them, so a
	// run's every way of ending (refused plan, declined plan, the end of the run) also ends Chromium.
	const closeBrowserWhenUnused = async () => {
		if ([...accounts.values()].every((provider) => provider.closed)) await session.release();
	};
	return {
		forAccount(account) {
			if (closing)
				throw new FlowError('captcha', 'the browser captcha is closed', {code: captchaErrorCodes.closed});
			let provider = accounts.get(account.name);
			// One whose client has closed is done with; a new client for that account gets a new one.
			if (!provider || provider.closed) {
				provider = new AccountCaptcha(
					new AccountPage(session, {...account}, pageOptions),
					counters,
					poolOptions,
					closeBrowserWhenUnused,
				);
				accounts.set(account.name, provider);
			}
			return provider;
		},
		close() {
			closing ??= (async () => {
				await Promise.allSettled([...accounts.values()].map((provider) => provider.close()));
				await session.close();
			})();
			return closing;
		},
		stats() {
			return {
				mints: counters.mints,
				mintFailures: counters.mintFailures,
				mintLatencyMs: counters.mintLatency.summary(),
				takes: counters.takes,
				pooledTakes: counters.pooledTakes,
				waitLatencyMs: counters.waitLatency.summary(),
				relaunches: session.relaunches,
				connected: session.connected,
			};
		},
		browserPid: () => session.pid(),
	};
}

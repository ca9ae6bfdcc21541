/**
 * reCAPTCHA tokens minted by a real Chromium (issue 9): one browser for the run, one isolated context
 * and page per account, a small pool of tokens per account minted ahead. See browser-session.ts (the
 * browser), account-page.ts (an account's context and page) and token-pool.ts (the pool).
 *
 *   const browser = createBrowserCaptcha({mode: {kind: 'launch'}});
 *   const client = createAccountClient({..., captcha: browser.forAccount({name, cookie, googleCookies})});
 *   ...
 *   await browser.close();
 */

import {FlowError} from '../../errors/index.js';
import type {TransportKind} from '../../types.js';
import type {CaptchaProvider, CaptchaRequest} from '../providers.js';
import type {AccountCookies} from './account-cookies.js';
import {captchaErrorCodes} from './account-errors.js';
import {AccountPage} from './account-page.js';
import type {MintTarget} from './account-tab.js';
import {type BrowserMode, BrowserSession} from './browser-session.js';
import {TokenPool} from './token-pool.js';

export type {AccountCookies} from './account-cookies.js';
export {captchaErrorCodes} from './account-errors.js';
export {type BrowserMode, defaultChromiumPath, normaliseCdpEndpoint} from './browser-session.js';
export {documentedSiteKey} from './page-scripts.js';
export {type PoolClock, TokenPool, type TokenPoolOptions} from './token-pool.js';

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

export type LatencySummary = {p50: number; p95: number; max: number};

export type BrowserCaptchaStats = {
	/** Tokens minted in a page (pooled or on demand). */
	mints: number;
	mintFailures: number;
	/** From asking the page to having the token; the first mint of a page includes loading it. */
	mintLatencyMs: LatencySummary;
	/** mint() calls answered, and how many of them from the pool without waiting. */
	takes: number;
	pooledTakes: number;
	/** How long mint() callers (generate calls) waited for their token. */
	waitLatencyMs: LatencySummary;
	relaunches: number;
	connected: boolean;
};

/** One account's provider: a CaptchaProvider (with warm) that also tells how many tokens it holds. */
export type BrowserCaptchaProvider = CaptchaProvider & {
	warm(request: CaptchaRequest): void;
	/** Tokens of this account ready to hand out now. */
	readonly ready: number;
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

const maxSamples = 2000;

class Samples {
	readonly #values: number[] = [];

	add(value: number): void {
		this.#values.push(value);
		if (this.#values.length > maxSamples) this.#values.shift();
	}

	summary(): LatencySummary {
		const sorted = [...this.#values].sort((a, b) => a - b);
		const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
		return {p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0};
	}
}

type PoolSettings = {poolSize?: number; maxAgeMs?: number; idleMs?: number};

type Counters = {
	mints: number;
	mintFailures: number;
	takes: number;
	pooledTakes: number;
	mintLatency: Samples;
	waitLatency: Samples;
};

/** The page a request is for, and which of the account's cookies it needs. */
function targetOf(account: string, request: CaptchaRequest): MintTarget {
	if (!request.pageUrl) {
		throw new FlowError('captcha', `${account}: no project page to mint the token on`, {
			code: captchaErrorCodes.noPage,
		});
	}
	const site: TransportKind =
		request.transport ?? (new URL(request.pageUrl).pathname.startsWith('/fx/') ? 'labs' : 'flow');
	return {pageUrl: request.pageUrl, site, action: request.action};
}

class AccountCaptcha implements BrowserCaptchaProvider {
	readonly label = 'browser';
	readonly #page: AccountPage;
	readonly #counters: Counters;
	readonly #poolOptions: PoolSettings;
	#pool: TokenPool | undefined;
	#poolKey: string | undefined;
	#closed = false;

	readonly #onClosed: () => Promise<void>;

	constructor(
		page: AccountPage,
		counters: Counters,
		poolOptions: PoolSettings,
		onClosed: () => Promise<void> = async () => {},
	) {
		this.#page = page;
		this.#counters = counters;
		this.#poolOptions = poolOptions;
		this.#onClosed = onClosed;
	}

	get closed(): boolean {
		return this.#closed;
	}

	get ready(): number {
		return this.#pool?.size ?? 0;
	}

	async mint(request: CaptchaRequest): Promise<string> {
		const started = performance.now();
		const pool = this.#poolFor(request);
		const pooled = pool.size > 0;
		let token: string;
		try {
			token = await pool.take();
		} catch (error) {
			if (error instanceof FlowError) throw error;
			throw new FlowError('captcha', `${this.#page.name}: ${(error as Error).message}`, {
				code: captchaErrorCodes.closed,
			});
		}
		this.#counters.takes++;
		if (pooled) this.#counters.pooledTakes++;
		this.#counters.waitLatency.add(performance.now() - started);
		return token;
	}

	warm(request: CaptchaRequest): void {
		if (this.#closed) return;
		try {
			void this.#page.open(targetOf(this.#page.name, request)).catch(() => undefined);
		} catch {}
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#pool?.close();
		await this.#page.close();
		await this.#onClosed();
	}

	#poolFor(request: CaptchaRequest): TokenPool {
		const name = this.#page.name;
		if (this.#closed) {
			throw new FlowError('captcha', `${name}: the browser captcha is closed`, {
				code: captchaErrorCodes.closed,
			});
		}
		if (request.account !== name) {
			// A token is bound to the account whose page minted it: never mint for another one here.
			throw new FlowError('captcha', `${name}: asked to mint a token for another account`, {
				code: 'CAPTCHA_WRONG_ACCOUNT',
			});
		}
		const target = targetOf(name, request);
		const key = `${target.site}\n${target.pageUrl}\n${target.action}`;
		if (this.#pool && this.#poolKey === key) return this.#pool;
		// Another page or action: tokens minted for the old one are of no use.
		this.#pool?.close();
		this.#poolKey = key;
		this.#pool = new TokenPool({...this.#poolOptions, mint: () => this.#mintOnce(target)});
		return this.#pool;
	}

	async #mintOnce(target: MintTarget): Promise<string> {
		const started = performance.now();
		try {
			const token = await this.#page.mint(target);
			this.#counters.mints++;
			this.#counters.mintLatency.add(performance.now() - started);
			return token;
		} catch (error) {
			this.#counters.mintFailures++;
			throw error;
		}
	}
}

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

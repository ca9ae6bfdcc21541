/**
 * One account's browser captcha: mints its tokens in the account's own page (account-page.ts), keeps a
 * pool of them ready (token-pool.ts), and counts what it does for BrowserCaptcha.stats().
 */
import {FlowError} from '../../errors/index.js';
import type {TransportKind} from '../../types.js';
import type {CaptchaProvider, CaptchaRequest} from '../providers.js';
import {captchaErrorCodes} from './account-errors.js';
import type {AccountPage} from './account-page.js';
import type {MintTarget} from './account-tab.js';
import type {Counters} from './mint-stats.js';
import {TokenPool} from './token-pool.js';

/** One account's provider: a CaptchaProvider (with warm) that also tells how many tokens it holds. */
export type BrowserCaptchaProvider = CaptchaProvider & {
	warm(request: CaptchaRequest): void;
	/** Tokens of this account ready to hand out now. */
	readonly ready: number;
};

export type PoolSettings = {poolSize?: number; maxAgeMs?: number; idleMs?: number};

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

export class AccountCaptcha implements BrowserCaptchaProvider {
	readonly label = 'browser';
	readonly #page: AccountPage;
	readonly #counters: Counters;
	readonly #poolOptions: PoolSettings;
	/** One pool per action on the current page (a generate's, an upload's). */
	readonly #pools = new Map<string, TokenPool>();
	/** The page (site and URL) the pools mint on. */
	#poolPage: string | undefined;
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
		let ready = 0;
		for (const pool of this.#pools.values()) ready += pool.size;
		return ready;
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
		for (const pool of this.#pools.values()) pool.close();
		this.#pools.clear();
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
		const page = `${target.site}\n${target.pageUrl}`;
		if (this.#poolPage !== page) {
			// Another page: tokens minted on the old one are of no use.
			for (const pool of this.#pools.values()) pool.close();
			this.#pools.clear();
			this.#poolPage = page;
		}
		// An action per pool: a flow account mints for its uploads (UPLOAD_IMAGE) between its generate
		// calls (VIDEO_GENERATION), and neither should throw away the tokens kept for the other.
		const known = this.#pools.get(target.action);
		if (known) return known;
		const pool = new TokenPool({...this.#poolOptions, mint: () => this.#mintOnce(target)});
		this.#pools.set(target.action, pool);
		return pool;
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

/**
 * A few reCAPTCHA tokens of ONE account minted ahead, so a generate call rarely waits for the browser.
 *
 * - Nothing is minted before the first take(): an account that never generates costs nothing.
 * - Once a mint has worked (the page is fine) and after every take from the pool, the pool tops
 *   itself up to `poolSize` tokens (counting mints under way).
 * - A token is handed out once and removed; one older than `maxAgeMs` is dropped, never handed out
 *   (reCAPTCHA tokens live about two minutes).
 * - Without a take for `idleMs` the pool stops refilling, so an idle run does not mint forever.
 * - A take that finds the pool empty mints on its own rather than waiting for a refill under way:
 *   mints run side by side in the page, so it waits no longer, and a refill started in a browser
 *   that has since died cannot hand its failure to a caller who came after the restart.
 * - A background mint that fails stops refilling until the next take, which mints (and fails, or
 *   relaunches the browser) on its own; the failure is never handed to anyone who did not ask.
 *
 * Plain class, clock and mint injected: unit-tested without a browser (test/labs/captcha/browser/token-pool.test.ts).
 */

export type PoolClock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

const systemClock: PoolClock = {
	now: () => Date.now(),
	setTimeout(callback, ms) {
		const handle = setTimeout(callback, ms);
		// The pool never keeps a process alive on its own.
		handle.unref?.();
		return handle;
	},
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type TokenPoolOptions = {
	mint: () => Promise<string>;
	/** Tokens kept ready once the account has asked for one. Default 2; 0 turns the pool off. */
	poolSize?: number;
	/** Older tokens are dropped. Default 90 s (tokens live about 120 s). */
	maxAgeMs?: number;
	/** No take for this long: stop refilling. Default 2 × maxAgeMs. */
	idleMs?: number;
	clock?: PoolClock;
};

type Ready = {token: string; mintedAt: number};

/** A mint under way; `claimed` when a take() waits for it (on demand), else its token goes to the pool. */
type Pending = {promise: Promise<Ready>; claimed: boolean};

export class TokenPool {
	readonly #mint: () => Promise<string>;
	readonly #poolSize: number;
	readonly #maxAgeMs: number;
	readonly #idleMs: number;
	readonly #clock: PoolClock;
	#ready: Ready[] = [];
	#pending: Pending[] = [];
	#lastDemand: number | undefined;
	#refillBlocked = false;
	#timer: unknown;
	#closed = false;
	/** Bumped by clear(): mints started before it do not fill the pool. */
	#epoch = 0;

	constructor(options: TokenPoolOptions) {
		this.#mint = options.mint;
		this.#poolSize = Math.max(0, Math.floor(options.poolSize ?? 2));
		this.#maxAgeMs = options.maxAgeMs ?? 90_000;
		this.#idleMs = options.idleMs ?? 2 * this.#maxAgeMs;
		this.#clock = options.clock ?? systemClock;
	}

	/** Tokens ready to hand out now (fresh ones only). */
	get size(): number {
		this.#dropExpired();
		return this.#ready.length;
	}

	/** Mints under way that no take() waits for. */
	get refilling(): number {
		return this.#pending.filter((pending) => !pending.claimed).length;
	}

	/** A fresh token for one generate call: from the pool, else from a mint under way, else a new mint. */
	async take(): Promise<string> {
		if (this.#closed) throw new Error('the token pool is closed');
		this.#lastDemand = this.#clock.now();
		this.#refillBlocked = false;
		this.#dropExpired();
		const ready = this.#ready.shift();
		if (ready) {
			this.#refill();
			this.#schedule();
			return ready.token;
		}
		// Refilling starts once this mint has worked: a page that fails is not asked three times at once.
		const pending = this.#start();
		pending.claimed = true;
		return (await pending.promise).token;
	}

	/** Drops every token and ignores the mints under way (the page or action changed). */
	clear(): void {
		this.#epoch++;
		this.#ready = [];
		// Mints someone waits for still go to them; the others' tokens are dropped when they arrive.
		this.#pending = this.#pending.filter((pending) => pending.claimed);
		this.#unschedule();
	}

	close(): void {
		this.#closed = true;
		this.clear();
	}

	#start(): Pending {
		const epoch = this.#epoch;
		const mintedAt = this.#clock.now();
		const pending: Pending = {
			claimed: false,
			promise: this.#mint().then((token) => ({token, mintedAt})),
		};
		this.#pending.push(pending);
		pending.promise.then(
			(ready) => {
				this.#forget(pending);
				if (this.#closed || epoch !== this.#epoch) return;
				// A mint that worked shows the page works again, whatever failed before it.
				this.#refillBlocked = false;
				if (!pending.claimed) {
					this.#ready.push(ready);
					this.#schedule();
				}
				this.#refill();
			},
			() => {
				this.#forget(pending);
				// Nobody asked for this one: stop until someone does (they will see the error themselves).
				if (!pending.claimed) this.#refillBlocked = true;
			},
		);
		return pending;
	}

	#forget(pending: Pending): void {
		this.#pending = this.#pending.filter((candidate) => candidate !== pending);
	}

	#idle(): boolean {
		return this.#lastDemand === undefined || this.#clock.now() - this.#lastDemand >= this.#idleMs;
	}

	#refill(): void {
		if (this.#closed || this.#refillBlocked || this.#idle()) return;
		while (this.#ready.length + this.refilling < this.#poolSize) this.#start();
	}

	#dropExpired(): void {
		const now = this.#clock.now();
		this.#ready = this.#ready.filter((ready) => now - ready.mintedAt < this.#maxAgeMs);
	}

	/** Wakes up when the oldest token expires: drop it, and mint its replacement unless idle. */
	#schedule(): void {
		this.#unschedule();
		if (this.#closed || this.#ready.length === 0) return;
		const oldest = Math.min(...this.#ready.map((ready) => ready.mintedAt));
		const wait = Math.max(0, oldest + this.#maxAgeMs - this.#clock.now());
		this.#timer = this.#clock.setTimeout(() => {
			this.#timer = undefined;
			this.#dropExpired();
			this.#refill();
			this.#schedule();
		}, wait);
	}

	#unschedule(): void {
		if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}

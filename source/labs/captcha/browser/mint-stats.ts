/** What the browser captcha counts about its mints and takes, for BrowserCaptcha.stats(). */

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

const maxSamples = 2000;

export class Samples {
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

export type Counters = {
	mints: number;
	mintFailures: number;
	takes: number;
	pooledTakes: number;
	mintLatency: Samples;
	waitLatency: Samples;
};

/**
 * The one Chromium behind every account's captcha page: launched by flowdeck, or the user's own
 * Chrome reached over CDP. playwright-core is imported on first use only, so a run that mints no
 * token never loads it. A browser that goes away (killed, crashed, closed by the user) is started or
 * reached again on the next acquire(), at most `maxRestarts` times per `restartWindowMs`.
 */
import type {Browser} from 'playwright-core';
import {FlowError} from '../../errors/index.js';
import {browserErrorCodes} from './browser-errors.js';
import {type BrowserMode, normaliseCdpEndpoint} from './browser-mode.js';
import {connectBrowser, launchBrowser} from './browser-start.js';

export type BrowserLease = {browser: Browser; generation: number};

export type BrowserSessionOptions = {
	/** Restarts (relaunch or reconnect) allowed within restartWindowMs. Default 3. */
	maxRestarts?: number;
	/** Default 60 s. */
	restartWindowMs?: number;
	/** Launch or connect gives up after this long. Default 30 s. */
	startTimeoutMs?: number;
	now?: () => number;
};

export class BrowserSession {
	readonly mode: BrowserMode;
	readonly #maxRestarts: number;
	readonly #restartWindowMs: number;
	readonly #startTimeoutMs: number;
	readonly #now: () => number;
	#current: BrowserLease | undefined;
	#starting: Promise<BrowserLease> | undefined;
	#generation = 0;
	#restartTimes: number[] = [];
	#relaunches = 0;
	#closed = false;
	#released = false;

	constructor(mode: BrowserMode, options: BrowserSessionOptions = {}) {
		this.mode = mode;
		this.#maxRestarts = options.maxRestarts ?? 3;
		this.#restartWindowMs = options.restartWindowMs ?? 60_000;
		this.#startTimeoutMs = options.startTimeoutMs ?? 30_000;
		this.#now = options.now ?? Date.now;
		// A bad endpoint is a setting mistake: say so before any account asks for a token.
		if (mode.kind === 'cdp') normaliseCdpEndpoint(mode.endpoint);
	}

	/** Times the browser was started or reached again after it went away. */
	get relaunches(): number {
		return this.#relaunches;
	}

	get connected(): boolean {
		return this.#current?.browser.isConnected() ?? false;
	}

	/** Bumped every time a new browser is started or reached: contexts of an older one are gone. */
	get generation(): number {
		return this.#current?.generation ?? -1;
	}

	/** The running browser, started (or reached) when there is none. */
	async acquire(): Promise<BrowserLease> {
		if (this.#closed) throw closedError();
		const current = this.#current;
		if (current?.browser.isConnected()) return current;
		this.#starting ??= this.#start().finally(() => {
			this.#starting = undefined;
		});
		return this.#starting;
	}

	/** The browser's process id (CDP SystemInfo), for tests that kill it; undefined when none runs. */
	async pid(): Promise<number | undefined> {
		const current = this.#current;
		if (!current?.browser.isConnected()) return undefined;
		const cdp = await current.browser.newBrowserCDPSession();
		try {
			const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
				processInfo: Array<{type: string; id: number}>;
			};
			return info.processInfo.find((process) => process.type === 'browser')?.id;
		} finally {
			await cdp.detach().catch(() => undefined);
		}
	}

	/**
	 * Lets the browser go while no account needs it (launch mode: it exits; CDP: we disconnect). The
	 * next acquire() starts or reaches one again, which is not counted as a restart.
	 */
	async release(): Promise<void> {
		const lease = this.#current ?? (await this.#starting?.catch(() => undefined));
		this.#current = undefined;
		this.#released = true;
		await lease?.browser.close().catch(() => undefined);
	}

	/** Launch mode: closes the browser. CDP mode: only disconnects; the user's Chrome keeps running. */
	async close(): Promise<void> {
		this.#closed = true;
		const lease = this.#current ?? (await this.#starting?.catch(() => undefined));
		this.#current = undefined;
		await lease?.browser.close().catch(() => undefined);
	}

	async #start(): Promise<BrowserLease> {
		if (this.#generation > 0 && !this.#released) this.#countRestart();
		this.#released = false;
		const browser =
			this.mode.kind === 'launch'
				? await launchBrowser(this.mode, this.#startTimeoutMs)
				: await connectBrowser(this.mode, this.#startTimeoutMs);
		if (this.#closed) {
			await browser.close().catch(() => undefined);
			throw closedError();
		}
		this.#generation++;
		const lease: BrowserLease = {browser, generation: this.#generation};
		browser.on('disconnected', () => {
			if (this.#current === lease) this.#current = undefined;
		});
		this.#current = lease;
		return lease;
	}

	#countRestart(): void {
		const now = this.#now();
		this.#restartTimes = this.#restartTimes.filter((at) => now - at < this.#restartWindowMs);
		if (this.#restartTimes.length >= this.#maxRestarts) {
			const waitS = Math.ceil(((this.#restartTimes[0] ?? now) + this.#restartWindowMs - now) / 1000);
			throw new FlowError(
				'captcha',
				`the browser went away ${this.#restartTimes.length} times within ${Math.round(this.#restartWindowMs / 1000)} s; not starting it again for ${waitS} s`,
				{code: browserErrorCodes.unstable},
			);
		}
		this.#restartTimes.push(now);
		this.#relaunches++;
	}
}

const closedError = (): FlowError =>
	new FlowError('captcha', 'the browser captcha is closed', {code: browserErrorCodes.closed});

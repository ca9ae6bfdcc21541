/**
 * FlowTransport's page session (`at`, `f.sid`, `bl`; docs/protocol-flow.md): read once, single-flight,
 * kept with the time its `at` was handed out, and dropped or replaced when the wire shows it stale.
 * Reading it again after the first time is a renewal.
 */
import type {RenewalSignal} from '../renewal.js';
import type {PageSession} from './batchexecute.js';
import {sessionTooOld} from './session.js';

export class PageSessionCache {
	readonly #read: () => Promise<PageSession>;
	readonly #renewal: RenewalSignal;
	readonly #now: () => number;
	#session: PageSession | undefined;
	/** When the `at` in #session was handed out (a page read, or an xsrf challenge's fresh token). */
	#sessionAt = 0;
	#hadSession = false;
	#sessionInFlight: Promise<PageSession> | undefined;

	constructor(read: () => Promise<PageSession>, renewal: RenewalSignal, now: () => number) {
		this.#read = read;
		this.#renewal = renewal;
		this.#now = now;
	}

	/** The page session, read from the page when there is none. */
	async get(): Promise<PageSession> {
		if (this.#session) return this.#session;
		this.#sessionInFlight ??= (
			this.#hadSession ? this.#renewal.around(() => this.#bootstrap()) : this.#bootstrap()
		).finally(() => {
			this.#sessionInFlight = undefined;
		});
		return this.#sessionInFlight;
	}

	/** The next call reads the page again. */
	forget(): void {
		this.#session = undefined;
	}

	/** Forgets `session` unless another one has taken its place meanwhile. */
	forgetIfCurrent(session: PageSession): void {
		if (this.#session === session) this.#session = undefined;
	}

	/**
	 * An xsrf challenge on `session`: keep it with the fresh `at` the server handed back, else forget
	 * it (unless another one has taken its place meanwhile).
	 */
	replaceToken(session: PageSession, token: string | undefined): void {
		if (this.#session === session) {
			this.#session = token === undefined ? undefined : {...session, at: token};
			this.#sessionAt = this.#now();
		}
	}

	/** Forgets a session whose `at` is too old to send a write with. */
	forgetIfOlderThan(maxAgeMs: number): void {
		if (this.#session && sessionTooOld(this.#sessionAt, this.#now(), maxAgeMs)) {
			this.#session = undefined;
		}
	}

	async #bootstrap(): Promise<PageSession> {
		const session = await this.#read();
		this.#session = session;
		this.#sessionAt = this.#now();
		this.#hadSession = true;
		return session;
	}
}

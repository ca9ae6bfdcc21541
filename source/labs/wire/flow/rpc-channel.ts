/**
 * FlowTransport's wire (docs/protocol-flow.md): one batchexecute RPC at a time, sent with the account's
 * Google cookies and the page session's `at`. Reads survive one xsrf or auth failure by reading the
 * page session again; a write never goes out twice.
 */
import {FlowError} from '../../errors/index.js';
import {sendWire, type WireRequest, type WireResponse} from '../http.js';
import type {RenewalSignal} from '../renewal.js';
import type {Dispatcher} from '../undici.js';
import {
	buildRpcBody,
	buildRpcUrl,
	formContentType,
	type PageSession,
	type RpcCall,
	readRpcOutcome,
} from './batchexecute.js';
import {xsrfChallengeCode} from './contents.js';
import type {CookieJar} from './cookie-jar.js';
import {PageSessionCache} from './page-session-cache.js';
import {readProjectPage, rpcHttpError} from './session.js';

export type RpcChannelOptions = {
	jar: CookieJar;
	/** Without a trailing slash. */
	flowUrl: string;
	dispatcher: Dispatcher;
	timeoutMs: number;
	renewal: RenewalSignal;
	now: () => number;
	/** The path the page session is read from (the page the calls come "from"). */
	pagePath: () => string;
};

export class RpcChannel {
	readonly sessions: PageSessionCache;
	readonly #jar: CookieJar;
	readonly #flowUrl: string;
	readonly #dispatcher: Dispatcher;
	readonly #timeoutMs: number;
	#reqid = 1000 + Math.floor(Math.random() * 9000);

	constructor(options: RpcChannelOptions) {
		this.#jar = options.jar;
		this.#flowUrl = options.flowUrl;
		this.#dispatcher = options.dispatcher;
		this.#timeoutMs = options.timeoutMs;
		this.sessions = new PageSessionCache(
			() => this.#readPage(options.pagePath()),
			options.renewal,
			options.now,
		);
	}

	async call(call: RpcCall, {write = false}: {write?: boolean} = {}): Promise<unknown> {
		for (let attempt = 0; ; attempt++) {
			const session = await this.sessions.get();
			const url = buildRpcUrl(this.#flowUrl, call, session, this.#nextReqid());
			let response: WireResponse;
			try {
				response = await this.#send(
					url,
					{
						method: 'POST',
						headers: {
							'content-type': formContentType,
							accept: '*/*',
							'x-same-domain': '1',
							origin: new URL(this.#flowUrl).origin,
							referer: `${this.#flowUrl}${call.sourcePath}`,
							...this.#cookieHeader(url),
						},
						body: buildRpcBody(call, session.at),
					},
					write,
				);
				if (response.status !== 200) throw rpcHttpError(response, write);
				const outcome = readRpcOutcome(response.text, call.rpcid);
				if (outcome.kind === 'payload') return outcome.payload;
				// xsrf: the token was stale. Take the fresh one the server handed back, else re-read the page.
				this.sessions.replaceToken(session, outcome.token);
				if (write) {
					throw new FlowError(
						'transient',
						'flow.google.com challenged the submit (xsrf); whether it was accepted is unknown',
						{code: xsrfChallengeCode, ambiguous: true},
					);
				}
				if (attempt === 0) continue;
				throw new FlowError('transient', 'flow.google.com kept rejecting the page token (xsrf)', {
					code: 'XSRF',
				});
			} catch (error) {
				if (!(error instanceof FlowError) || error.kind !== 'auth') throw error;
				// The cookies may have been refreshed under the page session: read it again, once, for reads.
				this.sessions.forgetIfCurrent(session);
				if (write || attempt > 0) throw error;
			}
		}
	}

	async #readPage(pagePath: string): Promise<PageSession> {
		const start = new URL(pagePath, `${this.#flowUrl}/`);
		return readProjectPage(start, (url) =>
			this.#send(url.toString(), {
				method: 'GET',
				headers: {accept: 'text/html,application/xhtml+xml', ...this.#cookieHeader(url)},
			}),
		);
	}

	#cookieHeader(url: string | URL): {cookie?: string} {
		const header = this.#jar.headerFor(url);
		return header === undefined ? {} : {cookie: header};
	}

	/** Google clients step `_reqid` by 100000 per call from a random start (§1.2; the server ignores it). */
	#nextReqid(): number {
		this.#reqid += 100_000;
		return this.#reqid;
	}

	#send(url: string, init: WireRequest, write = false): Promise<WireResponse> {
		return sendWire(url, init, {dispatcher: this.#dispatcher, timeoutMs: this.#timeoutMs, write});
	}
}

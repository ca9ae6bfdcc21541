import {classifyHttpError, FlowError} from '../errors.js';
import type {CreditsInfo, MediaRef, StatusResult, SubmitResult} from '../types.js';
import type {Dispatcher} from '../undici.js';
import {
	buildRpcBody,
	buildRpcUrl,
	formContentType,
	type PageSession,
	type RpcCall,
	readRpcOutcome,
} from './flow-batchexecute.js';
import type {CookieJar} from './flow-cookie-jar.js';
import {flowCaptchaActionVideo} from './flow-models.js';
import {
	buildCreateProjectPayload,
	buildCreditsPayload,
	buildGeneratePayload,
	buildMediaUrlPayload,
	buildStatusPayload,
	flowRpc,
	parseCreateProjectPayload,
	parseCreditsPayload,
	parseGeneratePayload,
	parseMediaUrlPayload,
	parseStatusPayload,
} from './flow-payloads.js';
import {judgeRedirect, readPageSession, signedOut} from './flow-wiz.js';
import {headerValue, sendWire, type WireRequest, type WireResponse} from './http.js';
import {RenewalSignal} from './renewal.js';
import type {GenerateCall, Transport} from './transport.js';

export type FlowTransportOptions = {
	/** The account's Google cookies; they go to the Flow origin and nowhere else. */
	jar: CookieJar;
	flowUrl: string;
	dispatcher: Dispatcher;
	/** Close the dispatcher with the transport (when it was made for this transport alone). */
	ownsDispatcher?: boolean;
	timeoutMs?: number;
};

/** Same-origin redirects followed on the project page before giving up (the page may bounce once). */
const maxPageRedirects = 3;

/**
 * flow.google.com batchexecute (FLOW_BATCHEXECUTE.md): Google cookies only, no bearer. The page
 * session (`at`, `f.sid`, `bl`) is read once, single-flight, and read again after an auth failure or an
 * xsrf challenge without a fresh token. Reads survive one xsrf or auth failure; a write never goes out
 * twice: when its fate is unknown it fails with `ambiguous` set.
 */
export class FlowTransport implements Transport {
	readonly kind = 'flow' as const;
	readonly captchaAction = flowCaptchaActionVideo;

	captchaPageUrl(projectId: string): string {
		return `${this.#flowUrl}/project/${encodeURIComponent(projectId)}`;
	}
	readonly #jar: CookieJar;
	readonly #flowUrl: string;
	readonly #dispatcher: Dispatcher;
	readonly #ownsDispatcher: boolean;
	readonly #timeoutMs: number;
	#session: PageSession | undefined;
	#hadSession = false;
	readonly renewal = new RenewalSignal();
	#sessionInFlight: Promise<PageSession> | undefined;
	/** The project the page session is read from once one is known (the page the calls come "from"). */
	#projectId: string | undefined;
	#reqid = 1000 + Math.floor(Math.random() * 9000);

	constructor(options: FlowTransportOptions) {
		this.#jar = options.jar;
		this.#flowUrl = options.flowUrl.replace(/\/+$/, '');
		this.#dispatcher = options.dispatcher;
		this.#ownsDispatcher = options.ownsDispatcher ?? false;
		this.#timeoutMs = options.timeoutMs ?? 30_000;
	}

	/** A page session alone proves nothing (signed-out pages carry WIZ too): a credits call must work. */
	async authenticate(): Promise<void> {
		this.#session = undefined;
		await this.credits();
	}

	async credits(): Promise<CreditsInfo> {
		const payload = await this.#rpc({
			rpcid: flowRpc.credits,
			payload: buildCreditsPayload(),
			sourcePath: this.#pagePath(),
		});
		return parseCreditsPayload(payload);
	}

	async createProject(title: string): Promise<string> {
		const payload = await this.#rpc({
			rpcid: flowRpc.createProject,
			payload: buildCreateProjectPayload(title),
			sourcePath: this.#pagePath(),
		});
		const projectId = parseCreateProjectPayload(payload);
		this.#projectId ??= projectId;
		return projectId;
	}

	async generate(call: GenerateCall): Promise<SubmitResult> {
		this.#projectId ??= call.projectId;
		const payload = buildGeneratePayload({
			request: call.request,
			projectId: call.projectId,
			captchaToken: call.captchaToken,
		});
		const answer = await this.#rpc(
			{rpcid: flowRpc.generate, payload, sourcePath: `/project/${call.projectId}`},
			{write: true},
		);
		return parseGeneratePayload(answer, call.projectId);
	}

	async status(media: MediaRef[]): Promise<StatusResult> {
		if (media.length === 0) return {media: []};
		const projectId = media[0]?.projectId ?? this.#projectId;
		const payload = await this.#rpc({
			rpcid: flowRpc.status,
			payload: buildStatusPayload(media.map((item) => item.name)),
			sourcePath: projectId ? `/project/${projectId}` : this.#pagePath(),
		});
		return parseStatusPayload(payload, media);
	}

	async resolveMediaUrl(media: MediaRef): Promise<string> {
		const payload = await this.#rpc({
			rpcid: flowRpc.mediaUrl,
			payload: buildMediaUrlPayload(media.name),
			// F2A-cur calls as29s "from" the media's edit page.
			sourcePath: `/project/${media.projectId}/edit/${media.name}`,
		});
		return parseMediaUrlPayload(payload, media.name);
	}

	async close(): Promise<void> {
		this.#session = undefined;
		if (this.#ownsDispatcher) await this.#dispatcher.close();
	}

	#pagePath(): string {
		return this.#projectId ? `/project/${this.#projectId}` : '/';
	}

	// ---- page session ----

	async #pageSession(): Promise<PageSession> {
		if (this.#session) return this.#session;
		this.#sessionInFlight ??= (
			this.#hadSession ? this.renewal.around(() => this.#bootstrap()) : this.#bootstrap()
		).finally(() => {
			this.#sessionInFlight = undefined;
		});
		return this.#sessionInFlight;
	}

	/** GET the project page (or `/`) without following redirects off the Flow origin. */
	async #bootstrap(): Promise<PageSession> {
		let url = new URL(this.#pagePath(), `${this.#flowUrl}/`);
		for (let hop = 0; ; hop++) {
			const response = await this.#send(url.toString(), {
				method: 'GET',
				headers: {accept: 'text/html,application/xhtml+xml', ...this.#cookieHeader(url)},
			});
			if (response.status >= 300 && response.status < 400) {
				const location = headerValue(response.headers.location);
				const judged = judgeRedirect(location ?? '/about', url.toString());
				if (judged.landing === 'signed-out') throw signedOut('sent this account to its sign-in page');
				if (hop >= maxPageRedirects) throw signedOut('kept redirecting the project page');
				url = judged.url;
				continue;
			}
			if (response.status === 401 || response.status === 403) {
				throw signedOut(`refused the project page (HTTP ${response.status})`);
			}
			if (response.status !== 200) throw this.#httpError(response);
			const session = readPageSession(response.text);
			this.#session = session;
			this.#hadSession = true;
			return session;
		}
	}

	// ---- one RPC ----

	async #rpc(call: RpcCall, {write = false}: {write?: boolean} = {}): Promise<unknown> {
		for (let attempt = 0; ; attempt++) {
			const session = await this.#pageSession();
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
				if (response.status !== 200) throw this.#rpcHttpError(response, write);
				const outcome = readRpcOutcome(response.text, call.rpcid);
				if (outcome.kind === 'payload') return outcome.payload;
				// xsrf: the token was stale. Take the fresh one the server handed back, else re-read the page.
				if (this.#session === session) {
					this.#session = outcome.token === undefined ? undefined : {...session, at: outcome.token};
				}
				if (write) {
					throw new FlowError(
						'transient',
						'flow.google.com challenged the submit (xsrf); whether it was accepted is unknown',
						{code: 'XSRF', ambiguous: true},
					);
				}
				if (attempt === 0) continue;
				throw new FlowError('transient', 'flow.google.com kept rejecting the page token (xsrf)', {
					code: 'XSRF',
				});
			} catch (error) {
				if (!(error instanceof FlowError) || error.kind !== 'auth') throw error;
				// The cookies may have been refreshed under the page session: read it again, once, for reads.
				if (this.#session === session) this.#session = undefined;
				if (write || attempt > 0) throw error;
			}
		}
	}

	#rpcHttpError(response: WireResponse, write: boolean): FlowError {
		// batchexecute answers in place; a redirect of the call itself is the sign-in bounce.
		if (response.status >= 300 && response.status < 400) return signedOut('redirected the call away');
		if (response.status === 401 || response.status === 403) {
			return signedOut(`refused the call (HTTP ${response.status})`);
		}
		const error = this.#httpError(response);
		// A gateway that gave up (502, 504) or a front end that broke (500) says nothing of whether the
		// backend started the generation; only a batchexecute answer (`er`, a code) is a clear refusal.
		if (write && (response.status === 500 || response.status === 502 || response.status === 504)) {
			return new FlowError(error.kind, `${error.message}; whether the submit was accepted is unknown`, {
				code: error.code,
				httpStatus: error.httpStatus,
				retryAfterMs: error.retryAfterMs,
				ambiguous: true,
			});
		}
		return error;
	}

	#httpError(response: WireResponse): FlowError {
		return classifyHttpError({
			status: response.status,
			bodyText: response.text,
			retryAfter: headerValue(response.headers['retry-after']),
			contentType: headerValue(response.headers['content-type']),
		});
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

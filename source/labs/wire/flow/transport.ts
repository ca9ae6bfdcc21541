import {randomUUID} from 'node:crypto';
import {FlowError} from '../../errors/index.js';
import type {CreditsInfo, MediaRef, ResolvedMedia, StatusResult, SubmitResult} from '../../types.js';
import {sendWire, type WireRequest, type WireResponse} from '../http.js';
import {RenewalSignal} from '../renewal.js';
import type {GenerateCall, Transport} from '../transport.js';
import type {Dispatcher} from '../undici.js';
import {
	buildRpcBody,
	buildRpcUrl,
	formContentType,
	type PageSession,
	type RpcCall,
	readRpcOutcome,
} from './batchexecute.js';
import {
	buildProjectContentsPayload,
	mediaOfBatch,
	parseProjectContents,
	projectContentsRpc,
	settleLostSubmit,
	xsrfChallengeCode,
} from './contents.js';
import type {CookieJar} from './cookie-jar.js';
import {flowCaptchaActionVideo} from './models.js';
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
} from './payloads.js';
import {defaultAtMaxAgeMs, readProjectPage, rpcHttpError, sessionTooOld} from './session.js';

export type FlowTransportOptions = {
	/** The account's Google cookies; they go to the Flow origin and nowhere else. */
	jar: CookieJar;
	flowUrl: string;
	dispatcher: Dispatcher;
	/** Close the dispatcher with the transport (when it was made for this transport alone). */
	ownsDispatcher?: boolean;
	timeoutMs?: number;
	/** How long a generate call whose answer was lost is looked for in the project. Default 15 s. */
	lookupGraceMs?: number;
	/** The page session is read again before a generate call once it is this old. Default 20 min. */
	atMaxAgeMs?: number;
	/** Clock for the page session's age (tests inject one). */
	now?: () => number;
};

/**
 * flow.google.com batchexecute (docs/protocol-flow.md): Google cookies only, no bearer. The page
 * session (`at`, `f.sid`, `bl`) is read once, single-flight, and read again after an auth failure or an
 * xsrf challenge without a fresh token, or before a write once it is old. Reads survive one xsrf or
 * auth failure; a write never goes out twice: when its fate is unknown it is looked up in the project,
 * and fails with `ambiguous` set when it is not found there.
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
	readonly #lookupGraceMs: number;
	readonly #atMaxAgeMs: number;
	readonly #now: () => number;
	#session: PageSession | undefined;
	/** When the `at` in #session was handed out (a page read, or an xsrf challenge's fresh token). */
	#sessionAt = 0;
	#hadSession = false;
	readonly #closing = new AbortController();
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
		this.#lookupGraceMs = options.lookupGraceMs ?? 15_000;
		this.#atMaxAgeMs = options.atMaxAgeMs ?? defaultAtMaxAgeMs;
		this.#now = options.now ?? Date.now;
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

	/**
	 * A lost answer (or an xsrf challenge) is looked up in the project by the batch id the call sent,
	 * never answered by sending the call again (wire/flow/contents.ts).
	 */
	async generate(call: GenerateCall): Promise<SubmitResult> {
		const {projectId} = call;
		this.#projectId ??= projectId;
		// Without a batch id a lost answer could not be found again.
		const batchId = call.request.batchId ?? randomUUID().toUpperCase();
		const request = {...call.request, batchId};
		const payload = buildGeneratePayload({request, projectId, captchaToken: call.captchaToken});
		if (this.#session && sessionTooOld(this.#sessionAt, this.#now(), this.#atMaxAgeMs)) {
			this.#session = undefined;
		}
		try {
			const answer = await this.#rpc(
				{rpcid: flowRpc.generate, payload, sourcePath: `/project/${projectId}`},
				{write: true},
			);
			return parseGeneratePayload(answer, projectId);
		} catch (error) {
			if (!(error instanceof FlowError) || !error.ambiguous) throw error;
			return settleLostSubmit(
				error,
				() => this.findSubmitted(projectId, batchId),
				this.#lookupGraceMs,
				this.#closing.signal,
			);
		}
	}

	/** One look at the project's contents (`Zzl0ze`) for the media a generate call sent `batchId` with. */
	async findSubmitted(projectId: string, batchId: string): Promise<MediaRef[] | undefined> {
		const payload = await this.#rpc({
			rpcid: projectContentsRpc,
			payload: buildProjectContentsPayload(projectId),
			sourcePath: `/project/${projectId}`,
		});
		return mediaOfBatch(parseProjectContents(payload), batchId, projectId);
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

	async resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		const payload = await this.#rpc({
			rpcid: flowRpc.mediaUrl,
			payload: buildMediaUrlPayload(media.name),
			// The page asks as29s from the project's path, like every other call (captured).
			sourcePath: `/project/${media.projectId}`,
		});
		return parseMediaUrlPayload(payload, media.name);
	}

	async close(): Promise<void> {
		if (this.#closing.signal.aborted) return;
		// A look-up still waiting for its grace period ends now: the lost submit stays in doubt.
		this.#closing.abort(new FlowError('transient', 'the account was closed during a look-up'));
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

	async #bootstrap(): Promise<PageSession> {
		const start = new URL(this.#pagePath(), `${this.#flowUrl}/`);
		const session = await readProjectPage(start, (url) =>
			this.#send(url.toString(), {
				method: 'GET',
				headers: {accept: 'text/html,application/xhtml+xml', ...this.#cookieHeader(url)},
			}),
		);
		this.#session = session;
		this.#sessionAt = this.#now();
		this.#hadSession = true;
		return session;
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
				if (response.status !== 200) throw rpcHttpError(response, write);
				const outcome = readRpcOutcome(response.text, call.rpcid);
				if (outcome.kind === 'payload') return outcome.payload;
				// xsrf: the token was stale. Take the fresh one the server handed back, else re-read the page.
				if (this.#session === session) {
					this.#session = outcome.token === undefined ? undefined : {...session, at: outcome.token};
					this.#sessionAt = this.#now();
				}
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
				if (this.#session === session) this.#session = undefined;
				if (write || attempt > 0) throw error;
			}
		}
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

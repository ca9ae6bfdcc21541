import {randomUUID} from 'node:crypto';
import {FlowError} from '../../errors/index.js';
import type {
	CreditsInfo,
	MediaRef,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
	UploadedImage,
	UploadImageCall,
} from '../../types.js';
import {RenewalSignal} from '../renewal.js';
import type {GenerateCall, Transport} from '../transport.js';
import type {Dispatcher} from '../undici.js';
import {
	buildProjectContentsPayload,
	mediaOfBatch,
	parseProjectContents,
	projectContentsRpc,
	settleLostSubmit,
} from './contents.js';
import type {CookieJar} from './cookie-jar.js';
import {flowCaptchaActionUpload, flowCaptchaActionVideo} from './models.js';
import {parseCreateProjectPayload, parseCreditsPayload, parseGeneratePayload} from './payload-answers.js';
import {
	buildCreateProjectPayload,
	buildCreditsPayload,
	buildGeneratePayload,
	buildMediaUrlPayload,
	buildStatusPayload,
	generateRpcOf,
} from './payload-builders.js';
import {parseMediaUrlPayload, parseStatusPayload} from './payload-status.js';
import {buildUploadPayload, parseUploadPayload} from './payload-upload.js';
import {RpcChannel} from './rpc-channel.js';
import {flowRpc} from './rpc-ids.js';
import {defaultAtMaxAgeMs} from './session.js';

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
	readonly uploadCaptchaAction = flowCaptchaActionUpload;

	captchaPageUrl(projectId: string): string {
		return `${this.#flowUrl}/project/${encodeURIComponent(projectId)}`;
	}
	readonly #flowUrl: string;
	readonly #dispatcher: Dispatcher;
	readonly #ownsDispatcher: boolean;
	readonly #lookupGraceMs: number;
	readonly #atMaxAgeMs: number;
	readonly #closing = new AbortController();
	readonly renewal = new RenewalSignal();
	readonly #channel: RpcChannel;
	/** The project the page session is read from once one is known (the page the calls come "from"). */
	#projectId: string | undefined;

	constructor(options: FlowTransportOptions) {
		this.#flowUrl = options.flowUrl.replace(/\/+$/, '');
		this.#dispatcher = options.dispatcher;
		this.#ownsDispatcher = options.ownsDispatcher ?? false;
		this.#lookupGraceMs = options.lookupGraceMs ?? 15_000;
		this.#atMaxAgeMs = options.atMaxAgeMs ?? defaultAtMaxAgeMs;
		this.#channel = new RpcChannel({
			jar: options.jar,
			flowUrl: this.#flowUrl,
			dispatcher: options.dispatcher,
			timeoutMs: options.timeoutMs ?? 30_000,
			renewal: this.renewal,
			now: options.now ?? Date.now,
			pagePath: () => this.#pagePath(),
		});
	}

	/** A page session alone proves nothing (signed-out pages carry WIZ too): a credits call must work. */
	async authenticate(): Promise<void> {
		this.#channel.sessions.forget();
		await this.credits();
	}

	async credits(): Promise<CreditsInfo> {
		const payload = await this.#channel.call({
			rpcid: flowRpc.credits,
			payload: buildCreditsPayload(),
			sourcePath: this.#pagePath(),
		});
		return parseCreditsPayload(payload);
	}

	async createProject(title: string): Promise<string> {
		const payload = await this.#channel.call({
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
		const rpcid = generateRpcOf(request);
		this.#channel.sessions.forgetIfOlderThan(this.#atMaxAgeMs);
		try {
			const answer = await this.#channel.call(
				{rpcid, payload, sourcePath: `/project/${projectId}`},
				{write: true},
			);
			return parseGeneratePayload(answer, projectId, rpcid);
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

	/**
	 * `maseQ` with a captcha token of its own (docs/protocol-flow.md §2, §4). Sent once, as a write:
	 * the token is single use, so sending it again would be refused. An upload is not charged, so
	 * an answer lost on the way is not in doubt: the next scene that needs the image uploads it again.
	 */
	async uploadImage(call: UploadImageCall): Promise<UploadedImage> {
		const {projectId, captchaToken} = call;
		if (captchaToken === undefined) {
			// The account client mints one per upload (uploadCaptchaAction); without it maseQ is refused.
			throw new FlowError('protocol', 'an upload on flow.google.com needs a captcha token (none was given)', {
				code: 'BAD_REQUEST',
			});
		}
		this.#projectId ??= projectId;
		const payload = buildUploadPayload({image: call.image, projectId, captchaToken});
		this.#channel.sessions.forgetIfOlderThan(this.#atMaxAgeMs);
		try {
			const answer = await this.#channel.call(
				{rpcid: flowRpc.uploadImage, payload, sourcePath: `/project/${projectId}`},
				{write: true},
			);
			return parseUploadPayload(answer, projectId);
		} catch (error) {
			if (!(error instanceof FlowError) || !error.ambiguous) throw error;
			const {kind, message, code, httpStatus, retryAfterMs, sample} = error;
			throw new FlowError(kind, message, {code, httpStatus, retryAfterMs, sample, cause: error});
		}
	}

	/** One look at the project's contents (`Zzl0ze`) for the media a generate call sent `batchId` with. */
	async findSubmitted(projectId: string, batchId: string): Promise<MediaRef[] | undefined> {
		const payload = await this.#channel.call({
			rpcid: projectContentsRpc,
			payload: buildProjectContentsPayload(projectId),
			sourcePath: `/project/${projectId}`,
		});
		return mediaOfBatch(parseProjectContents(payload), batchId, projectId);
	}

	async status(media: MediaRef[]): Promise<StatusResult> {
		if (media.length === 0) return {media: []};
		const projectId = media[0]?.projectId ?? this.#projectId;
		const payload = await this.#channel.call({
			rpcid: flowRpc.status,
			payload: buildStatusPayload(media.map((item) => item.name)),
			sourcePath: projectId ? `/project/${projectId}` : this.#pagePath(),
		});
		return parseStatusPayload(payload, media);
	}

	async resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		const payload = await this.#channel.call({
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
		this.#channel.sessions.forget();
		if (this.#ownsDispatcher) await this.#dispatcher.close();
	}

	#pagePath(): string {
		return this.#projectId ? `/project/${this.#projectId}` : '/';
	}
}

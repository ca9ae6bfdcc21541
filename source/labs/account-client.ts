import {captchaRequestFor} from './account/captcha-request.js';
import type {AccountClientOptions, AccountSnapshot} from './account/client-types.js';
import {type DownloadOptions, downloadMedia} from './account/download.js';
import {scopedError} from './account/error-scope.js';
import {fetchPoster, type PosterResult} from './account/poster.js';
import {AccountProjects} from './account/projects.js';
import {statusInBatches} from './account/status.js';
import {type GenerateDeps, generateOnce, generateWithRefusalRetry} from './account/submit.js';
import {uploadOnce} from './account/upload-image.js';
import {AccountUploads} from './account/uploads.js';
import {upscaleOnce} from './account/upscale.js';
import type {CaptchaProvider} from './captcha/providers.js';
import type {
	Aspect,
	CreditsInfo,
	DownloadResult,
	GenerateRequest,
	ImageUpload,
	KnownUpload,
	MediaRef,
	PaygateTier,
	StatusResult,
	SubmitResult,
	TransportKind,
	UploadedImage,
	UpscaleResolution,
} from './types.js';
import type {Transport} from './wire/transport.js';
import {Agent, type Dispatcher} from './wire/undici.js';

/**
 * ONE instance per account. It alone holds that account's credentials (inside its transport) and
 * project, so a request about an account's media can only ever go out with that account's
 * credentials: the pipeline keeps the account's name and asks this object.
 */
export class AccountClient {
	readonly name: string;
	readonly #transport: Transport;
	readonly #captcha: CaptchaProvider;
	readonly #downloadDispatcher: Dispatcher;
	readonly #ownsDownloadDispatcher: boolean;
	readonly #statusBatchSize: number;
	readonly #downloadTimeoutMs: number;
	readonly #projects: AccountProjects;
	readonly #uploads: AccountUploads;
	#tier: PaygateTier | undefined;
	#credits: number | undefined;
	#closed = false;

	constructor(options: AccountClientOptions) {
		this.name = options.name;
		this.#projects = new AccountProjects(options.name);
		this.#uploads = new AccountUploads(options.name);
		this.#transport = options.transport;
		this.#captcha = options.captcha;
		this.#ownsDownloadDispatcher = options.downloadDispatcher === undefined;
		this.#downloadDispatcher = options.downloadDispatcher ?? new Agent({keepAliveTimeout: 10_000});
		this.#statusBatchSize = options.statusBatchSize ?? 50;
		this.#downloadTimeoutMs = options.downloadTimeoutMs ?? 60_000;
		if (options.projectId) this.#projects.adopt(options.projectId);
	}

	get transportKind(): TransportKind {
		return this.#transport.kind;
	}

	get projectId(): string | undefined {
		return this.#projects.current;
	}

	snapshot(): AccountSnapshot {
		return {
			name: this.name,
			transport: this.#transport.kind,
			projectId: this.#projects.current,
			tier: this.#tier,
			credits: this.#credits,
		};
	}

	/** Media from an earlier run (resume) may live in a project this run did not configure. */
	rememberProject(projectId: string): void {
		this.#projects.remember(projectId);
	}

	/** Authenticates, reads credits and tier, and creates the project when the account has none. */
	async prepare(projectTitle = 'flowdeck'): Promise<AccountSnapshot> {
		await this.#call(() => this.#transport.authenticate());
		await this.refreshCredits();
		if (!this.#projects.current) {
			const id = await this.#call(() => this.#transport.createProject(projectTitle));
			this.#projects.adopt(id);
		}
		// Signed in and the project known: a browser captcha can open its page while the run starts.
		const projectId = this.#projects.current;
		if (projectId) this.#captcha.warm?.(captchaRequestFor(this.name, this.#transport, projectId));
		return this.snapshot();
	}

	async refreshCredits(): Promise<CreditsInfo> {
		const info = await this.#call(() => this.#transport.credits());
		this.#tier = info.tier;
		this.#credits = info.credits;
		return info;
	}

	/**
	 * One generate call for all copies, with a captcha token minted for this call alone. A lost answer
	 * the transport could not find again comes back as a FlowError with `ambiguous` set: the caller
	 * must not send it again by itself. Only a call the server refused before running it is sent once
	 * more here, under the same batch id.
	 */
	async submit(request: GenerateRequest): Promise<SubmitResult> {
		const current = this.#projects.require();
		// Every id the call names is this account's, or nothing is sent (docs/design.md §3).
		const {references = [], startImage, endImage, extend} = request;
		this.#uploads.assertOwned([...references, ...[startImage, endImage].filter((id) => id !== undefined)]);
		if (extend !== undefined) this.#projects.assertOwned(extend);
		// A clip is continued in its own project, as an upscale is: the server looks the clip up in the
		// call's project (docs/protocol-labs.md §3.5), and a resumed run's clip may be in an older one.
		const projectId = extend?.projectId ?? current;
		const deps = this.#deps();
		const result = await generateWithRefusalRetry(request, (sent) => generateOnce(deps, sent, projectId));
		for (const media of result.media) this.#projects.remember(media.projectId);
		if (result.remainingCredits !== undefined) this.#credits = result.remainingCredits;
		return result;
	}

	/**
	 * Asks for an upscaled copy of a finished clip of this account, with a captcha token minted for
	 * this call alone; answers the media to poll (docs/protocol-labs.md §3.5). The labs wire needs
	 * the clip's aspect and refuses the call without it.
	 */
	async upscale(media: MediaRef, resolution: UpscaleResolution, aspect?: Aspect): Promise<MediaRef> {
		this.#projects.assertOwned(media);
		const upscaled = await upscaleOnce(this.#deps(), media, resolution, aspect);
		this.#projects.remember(upscaled.projectId);
		return upscaled;
	}

	/**
	 * What this account's wire can do beyond a generate call: both wires upload; only labs REST extends
	 * and upscales so far (docs/protocol-flow.md §2.1). An `auto` account answers for the wire it
	 * chose when it was prepared.
	 */
	supports(ability: 'upload' | 'extend' | 'upscale'): boolean {
		return ability === 'upload' || this.#transport.kind === 'labs';
	}

	/**
	 * Uploads an image into this account's project, once per image; its id is usable here alone. A
	 * wire that wants a captcha with each upload (flow.google.com) gets one minted for that upload.
	 */
	upload(image: ImageUpload): Promise<UploadedImage> {
		const projectId = this.#projects.require();
		return this.#uploads.upload(image, projectId, (call) => uploadOnce(this.#deps(), call));
	}

	/**
	 * An image this account uploaded in an earlier session of the run (from the journal): its own, and
	 * an upload of the same bytes into that project answers it without sending anything.
	 */
	adoptUpload(known: KnownUpload): void {
		this.#uploads.adopt(known);
	}

	/**
	 * The media of an earlier submit, looked up by the batch id it carried (for a resumed run whose
	 * submit was in doubt). Undefined when nothing carries it, or when this account's wire cannot look.
	 */
	async findSubmitted(batchId: string, projectId?: string): Promise<MediaRef[] | undefined> {
		const inProject = projectId ?? this.#projects.current;
		const find = this.#transport.findSubmitted?.bind(this.#transport);
		if (inProject === undefined || find === undefined) return undefined;
		const media = await this.#call(() => find(inProject, batchId));
		if (!media || media.length === 0) return undefined;
		for (const item of media) this.#projects.remember(item.projectId);
		return media;
	}

	/** Status of this account's media, in as few calls as the batch size allows. */
	async status(media: MediaRef[]): Promise<StatusResult> {
		for (const item of media) this.#projects.assertOwned(item);
		const result = await statusInBatches(media, this.#statusBatchSize, (batch) =>
			this.#call(() => this.#transport.status(batch)),
		);
		if (result.remainingCredits !== undefined) this.#credits = result.remainingCredits;
		return result;
	}

	/**
	 * Resolves the media URL with this account's credentials, then fetches the signed URL with none,
	 * resolving again when the signed URL has expired.
	 */
	async download(media: MediaRef, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
		this.#projects.assertOwned(media);
		return downloadMedia(dest, options, {
			resolve: () => this.#call(() => this.#transport.resolveMediaUrl(media)),
			dispatcher: this.#downloadDispatcher,
			timeoutMs: this.#downloadTimeoutMs,
			scoped: (error) => scopedError(this.name, error),
		});
	}

	/**
	 * Fetches a media's poster JPEG from the signed URL its download answered (DownloadResult.posterUrl)
	 * with no credentials, like the clip, into `dest` (account/poster.ts). Only flow.google.com records
	 * carry one; labs REST answers none (docs/protocol-labs.md).
	 */
	downloadPoster(url: string, dest: string, options: {signal?: AbortSignal} = {}): Promise<PosterResult> {
		return this.#call(() =>
			fetchPoster(url, dest, {
				dispatcher: this.#downloadDispatcher,
				timeoutMs: this.#downloadTimeoutMs,
				signal: options.signal,
			}),
		);
	}

	/**
	 * `listener(true)` while this account's credentials are being renewed (a lapsed token, a page
	 * session read again), `listener(false)` when that is over; never for the first sign-in.
	 */
	onRenewal(listener: (renewing: boolean) => void): () => void {
		return this.#transport.renewal?.listen(listener) ?? (() => {});
	}

	/** Closing twice is harmless: a run's end and a test's clean-up may both close a client. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#captcha.close?.().catch(() => undefined);
		await this.#transport.close();
		if (this.#ownsDownloadDispatcher) await this.#downloadDispatcher.close();
	}

	/** What one captcha-carrying call (a generate, an upscale, a flow upload) needs of this account. */
	#deps(): GenerateDeps {
		return {
			name: this.name,
			transport: this.#transport,
			captcha: this.#captcha,
			tier: this.#tier,
			call: (operation) => this.#call(operation),
		};
	}

	async #call<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			throw scopedError(this.name, error);
		}
	}
}

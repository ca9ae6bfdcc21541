import {randomUUID} from 'node:crypto';
import type {CaptchaProvider, CaptchaRequest} from './captcha/providers.js';
import {downloadSignedUrl, signedUrlExpiredCode} from './download/download.js';
import {FlowError} from './errors/index.js';
import type {
	CreditsInfo,
	DownloadProgress,
	DownloadResult,
	GenerateRequest,
	MediaRef,
	MediaStatus,
	PaygateTier,
	StatusResult,
	SubmitResult,
	TransportKind,
} from './types.js';
import {type Transport, xsrfRefusedCode} from './wire/transport.js';
import {Agent, type Dispatcher} from './wire/undici.js';

export type AccountClientOptions = {
	name: string;
	transport: Transport;
	captcha: CaptchaProvider;
	/** The account's Flow project; created on prepare() when absent. */
	projectId?: string;
	/** For the signed CDN URLs; it carries no credentials of any account. */
	downloadDispatcher?: Dispatcher;
	/** How many media one status call covers at most. */
	statusBatchSize?: number;
	downloadTimeoutMs?: number;
};

export type AccountSnapshot = {
	name: string;
	transport: TransportKind;
	projectId: string | undefined;
	tier: PaygateTier | undefined;
	credits: number | undefined;
};

export type DownloadOptions = {
	onProgress?: (progress: DownloadProgress) => void;
	signal?: AbortSignal;
	/** The size a status answer gave the video; the media-URL answer's own figure wins. */
	expectedBytes?: number;
};

/** Re-resolving an expired signed URL is cheap; a URL that expires again at once is a server problem. */
const maxUrlResolutions = 3;

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
	readonly #projects = new Set<string>();
	#projectId: string | undefined;
	#tier: PaygateTier | undefined;
	#credits: number | undefined;
	#closed = false;

	constructor(options: AccountClientOptions) {
		this.name = options.name;
		this.#transport = options.transport;
		this.#captcha = options.captcha;
		this.#ownsDownloadDispatcher = options.downloadDispatcher === undefined;
		this.#downloadDispatcher = options.downloadDispatcher ?? new Agent({keepAliveTimeout: 10_000});
		this.#statusBatchSize = options.statusBatchSize ?? 50;
		this.#downloadTimeoutMs = options.downloadTimeoutMs ?? 60_000;
		if (options.projectId) this.#adoptProject(options.projectId);
	}

	get transportKind(): TransportKind {
		return this.#transport.kind;
	}

	get projectId(): string | undefined {
		return this.#projectId;
	}

	snapshot(): AccountSnapshot {
		return {
			name: this.name,
			transport: this.#transport.kind,
			projectId: this.#projectId,
			tier: this.#tier,
			credits: this.#credits,
		};
	}

	/** Media from an earlier run (resume) may live in a project this run did not configure. */
	rememberProject(projectId: string): void {
		this.#projects.add(projectId);
	}

	/** Authenticates, reads credits and tier, and creates the project when the account has none. */
	async prepare(projectTitle = 'flowdeck'): Promise<AccountSnapshot> {
		await this.#call(() => this.#transport.authenticate());
		await this.refreshCredits();
		if (!this.#projectId) {
			const id = await this.#call(() => this.#transport.createProject(projectTitle));
			this.#adoptProject(id);
		}
		// Signed in and the project known: a browser captcha can open its page while the run starts.
		if (this.#projectId) this.#captcha.warm?.(this.#captchaRequest(this.#projectId));
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
		const projectId = this.#requireProject();
		// Every attempt carries the same id, so whichever one ran is the one found in the project.
		const sent = request.batchId === undefined ? {...request, batchId: randomUUID().toUpperCase()} : request;
		let result: SubmitResult;
		try {
			result = await this.#generate(sent, projectId);
		} catch (error) {
			if (!(error instanceof FlowError) || error.code !== xsrfRefusedCode) throw error;
			// Nothing ran and the captcha token went with the refused call (tokens are single use).
			result = await this.#generate(sent, projectId);
		}
		for (const media of result.media) this.#projects.add(media.projectId);
		if (result.remainingCredits !== undefined) this.#credits = result.remainingCredits;
		return result;
	}

	/**
	 * The media of an earlier submit, looked up by the batch id it carried (for a resumed run whose
	 * submit was in doubt). Undefined when nothing carries it, or when this account's wire cannot look.
	 */
	async findSubmitted(batchId: string, projectId?: string): Promise<MediaRef[] | undefined> {
		const inProject = projectId ?? this.#projectId;
		const find = this.#transport.findSubmitted?.bind(this.#transport);
		if (inProject === undefined || find === undefined) return undefined;
		const media = await this.#call(() => find(inProject, batchId));
		if (!media || media.length === 0) return undefined;
		for (const item of media) this.#projects.add(item.projectId);
		return media;
	}

	/** Status of this account's media, in as few calls as the batch size allows. */
	async status(media: MediaRef[]): Promise<StatusResult> {
		for (const item of media) this.#assertOwned(item);
		const statuses: MediaStatus[] = [];
		let remainingCredits: number | undefined;
		for (let start = 0; start < media.length; start += this.#statusBatchSize) {
			const batch = media.slice(start, start + this.#statusBatchSize);
			const result = await this.#call(() => this.#transport.status(batch));
			statuses.push(...result.media);
			remainingCredits = result.remainingCredits ?? remainingCredits;
		}
		if (remainingCredits !== undefined) this.#credits = remainingCredits;
		return {media: statuses, remainingCredits};
	}

	/**
	 * Resolves the media URL with this account's credentials, then fetches the signed URL with none,
	 * resolving again when the signed URL has expired.
	 */
	async download(media: MediaRef, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
		this.#assertOwned(media);
		for (let resolution = 1; ; resolution++) {
			const resolved = await this.#call(() => this.#transport.resolveMediaUrl(media));
			try {
				const result = await downloadSignedUrl(resolved.url, dest, {
					dispatcher: this.#downloadDispatcher,
					onProgress: options.onProgress,
					signal: options.signal,
					timeoutMs: this.#downloadTimeoutMs,
					expectedBytes: resolved.byteSize ?? options.expectedBytes,
				});
				return resolved.posterUrl === undefined ? result : {...result, posterUrl: resolved.posterUrl};
			} catch (error) {
				const expired = error instanceof FlowError && error.code === signedUrlExpiredCode;
				if (!expired || resolution >= maxUrlResolutions) throw this.#scoped(error);
			}
		}
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

	async #generate(request: GenerateRequest, projectId: string): Promise<SubmitResult> {
		const captchaToken = await this.#call(() => this.#captcha.mint(this.#captchaRequest(projectId)));
		return this.#call(() =>
			this.#transport.generate({
				request,
				projectId,
				tier: this.#tier ?? 'PAYGATE_TIER_NOT_PAID',
				captchaToken,
			}),
		);
	}

	/** What the captcha provider is asked for: the transport knows the action and the page (it may have switched). */
	#captchaRequest(projectId: string): CaptchaRequest {
		return {
			account: this.name,
			projectId,
			action: this.#transport.captchaAction,
			pageUrl: this.#transport.captchaPageUrl(projectId),
			transport: this.#transport.kind,
		};
	}

	#adoptProject(projectId: string): void {
		this.#projectId = projectId;
		this.#projects.add(projectId);
	}

	#requireProject(): string {
		if (!this.#projectId) {
			throw new FlowError('protocol', `${this.name}: no Flow project yet (prepare() was not called)`);
		}
		return this.#projectId;
	}

	/** A guard against pipeline bugs: media of a project this account never used is not its own. */
	#assertOwned(media: MediaRef): void {
		if (!media.projectId || !this.#projects.has(media.projectId)) {
			throw new FlowError(
				'not-found',
				`${this.name}: media ${media.name} is not in a project of this account; refusing to send it`,
				{code: 'FOREIGN_MEDIA'},
			);
		}
	}

	async #call<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			throw this.#scoped(error);
		}
	}

	#scoped(error: unknown): FlowError {
		if (error instanceof FlowError) return error.forAccount(this.name);
		// Anything else is a bug in flowdeck or a library; keep it a one-line, classified error.
		return new FlowError('protocol', `${this.name}: ${(error as Error)?.message ?? String(error)}`, {
			cause: error,
		});
	}
}

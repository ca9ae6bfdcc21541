import PQueue from 'p-queue';
import type {MediaState} from '../events.js';
import type {AccountPool} from './account-pool.js';
import {asFlowError, type RunContext} from './context.js';
import type {FlowAccount} from './options.js';
import {decide} from './policy.js';

/**
 * File names need a transliterating slugifier, about half of what loading the pipeline costs: it is
 * loaded when the first download starts, not before a run's first frame or line.
 */
let filenames: Promise<typeof import('../filenames.js')> | undefined;
const loadFilenames = () => {
	filenames ??= import('../filenames.js');
	return filenames;
};

export type DownloadParts = {
	pool: AccountPool;
	settleScene: (sceneIndex: number) => void;
	/** A clip (not an upscaled copy) is saved: what it leads to next (its upscale). */
	afterDownload?: (sceneIndex: number) => void;
};

/**
 * Fetches every finished video through the client of the account that made it, a few at a time,
 * into the output folder; what a failed download leads to is the failure policy's (policy.ts).
 */
export class Downloader {
	readonly #ctx: RunContext;
	readonly #parts: DownloadParts;
	readonly #queue: PQueue;

	constructor(ctx: RunContext, parts: DownloadParts, concurrency = 4) {
		this.#ctx = ctx;
		this.#parts = parts;
		this.#queue = new PQueue({concurrency});
	}

	/** Downloads queued or under way. */
	get busy(): boolean {
		return this.#queue.size + this.#queue.pending > 0;
	}

	clear(): void {
		this.#queue.clear();
	}

	queue(sceneIndex: number, mediaName: string): void {
		this.#ctx.track(this.#queue.add(() => this.#download(sceneIndex, mediaName)));
	}

	async #download(sceneIndex: number, mediaName: string): Promise<void> {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		const {videoFileName} = await loadFilenames();
		const scene = ctx.scene(sceneIndex);
		const media = scene?.media.find((item) => item.name === mediaName);
		if (!scene || !media || ctx.stopNow || scene.state === 'skipped') return;
		if (media.state !== 'ready' && media.state !== 'downloading') return;
		const account = pool.byName(scene.account);
		if (!account || !scene.projectId || pool.health(account) === 'auth-failed') return;
		const runtime = ctx.runtime(sceneIndex);
		const clipFile = videoFileName(scene.index, scene.prompt, media.copy);
		// An upscaled copy lands beside its clip: NNN-slug-1-1080p.mp4 (docs/design.md §4).
		const file = media.upscale === undefined ? clipFile : clipFile.replace(/\.mp4$/, `-${media.upscale}.mp4`);
		const controller = new AbortController();
		runtime.downloads.set(mediaName, controller);
		const attempt = scene.attempt;
		const mediaState = (
			state: MediaState,
			extra: {error?: string; file?: string; bytes?: number; poster?: string} = {},
		) =>
			ctx.emit({
				type: 'media.state',
				ts: ctx.now(),
				scene: sceneIndex,
				attempt,
				name: mediaName,
				state,
				...extra,
			});
		mediaState('downloading');
		let lastTick = 0;
		try {
			const result = await account.client.download(
				{name: mediaName, projectId: scene.projectId},
				`${ctx.outDir}/${file}`,
				{
					signal: controller.signal,
					expectedBytes: ctx.expectedBytes.get(mediaName),
					onProgress: ({receivedBytes, totalBytes}) => {
						const now = ctx.now();
						if (now - lastTick < 200) return;
						lastTick = now;
						ctx.emit({
							type: 'download.progress',
							ts: now,
							scene: sceneIndex,
							name: mediaName,
							receivedBytes,
							totalBytes,
						});
					},
				},
			);
			// An upscaled copy shares its clip's poster: only the clip's is saved.
			const posterUrl = media.upscale === undefined ? result.posterUrl : undefined;
			const poster = await this.#poster(account.client, posterUrl, file, controller.signal);
			mediaState('downloaded', {file, bytes: result.bytes, ...(poster && {poster})});
			if (media.upscale === undefined) this.#parts.afterDownload?.(sceneIndex);
		} catch (error) {
			if (ctx.stopNow || controller.signal.aborted) return;
			const flow = asFlowError(error, account.client.name);
			ctx.keepSample(flow.sample);
			const tries = (runtime.downloadTries.get(mediaName) ?? 0) + 1;
			runtime.downloadTries.set(mediaName, tries);
			// Read afresh: the account may have failed while this download was under way.
			const decision = decide({
				stage: 'download',
				kind: flow.kind,
				tries,
				maxTries: ctx.tunables.maxDownloadTries,
				accountFailed: pool.health(account) === 'auth-failed',
			});
			if (decision.action === 'fail-media') {
				mediaState('failed', {error: `download failed: ${flow.message}`});
				return;
			}
			// Finished and paid for: the video stays ready, for another try now or for `resume`.
			mediaState('ready', {error: flow.message});
			if (decision.account === 'fail') pool.fail(account, flow);
			if (decision.action !== 'retry') return;
			ctx.pendingWork++;
			setTimeout(
				() => {
					ctx.pendingWork--;
					this.queue(sceneIndex, mediaName);
				},
				ctx.backoff(tries, flow.retryAfterMs),
			);
		} finally {
			runtime.downloads.delete(mediaName);
			this.#parts.settleScene(sceneIndex);
			ctx.forgetIfFinished(sceneIndex);
		}
	}

	/**
	 * The clip's poster JPEG beside it (`NNN-slug-<copy>.jpg`, docs/design.md §4), when its account's
	 * wire gave a poster URL (flow.google.com; labs REST gives none). Fetched once, after the clip is
	 * saved: a poster that fails costs one warning and never the clip. Answers the file, or undefined.
	 */
	async #poster(
		client: FlowAccount,
		url: string | undefined,
		clipFile: string,
		signal: AbortSignal,
	): Promise<string | undefined> {
		if (url === undefined || !client.downloadPoster) return undefined;
		const file = clipFile.replace(/\.mp4$/, '.jpg');
		try {
			await client.downloadPoster(url, `${this.#ctx.outDir}/${file}`, {signal});
			return file;
		} catch (error) {
			if (!signal.aborted) {
				const flow = asFlowError(error, client.name);
				this.#ctx.warn(`the poster ${file} was not saved (the clip was): ${flow.message}`);
			}
			return undefined;
		}
	}
}

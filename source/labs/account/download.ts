import {downloadSignedUrl, signedUrlExpiredCode} from '../download/download.js';
import {FlowError} from '../errors/index.js';
import type {DownloadProgress, DownloadResult, ResolvedMedia} from '../types.js';
import type {Dispatcher} from '../wire/undici.js';

export type DownloadOptions = {
	onProgress?: (progress: DownloadProgress) => void;
	signal?: AbortSignal;
	/** The size a status answer gave the video; the media-URL answer's own figure wins. */
	expectedBytes?: number;
};

/** Re-resolving an expired signed URL is cheap; a URL that expires again at once is a server problem. */
const maxUrlResolutions = 3;

export type MediaDownload = {
	/** Resolves the media URL with the account's credentials. */
	resolve: () => Promise<ResolvedMedia>;
	/** For the signed CDN URLs; it carries no credentials of any account. */
	dispatcher: Dispatcher;
	timeoutMs: number;
	/** How a failed download is told (scoped to the account). */
	scoped: (error: unknown) => FlowError;
};

/**
 * Resolves the media URL, then fetches the signed URL with no credentials, resolving again when the
 * signed URL has expired.
 */
export async function downloadMedia(
	dest: string,
	options: DownloadOptions,
	how: MediaDownload,
): Promise<DownloadResult> {
	for (let resolution = 1; ; resolution++) {
		const resolved = await how.resolve();
		try {
			const result = await downloadSignedUrl(resolved.url, dest, {
				dispatcher: how.dispatcher,
				onProgress: options.onProgress,
				signal: options.signal,
				timeoutMs: how.timeoutMs,
				expectedBytes: resolved.byteSize ?? options.expectedBytes,
			});
			return resolved.posterUrl === undefined ? result : {...result, posterUrl: resolved.posterUrl};
		} catch (error) {
			const expired = error instanceof FlowError && error.code === signedUrlExpiredCode;
			if (!expired || resolution >= maxUrlResolutions) throw how.scoped(error);
		}
	}
}

/**
 * The vocabulary shared by everything in source/labs. Wire shapes never leave source/labs:
 * callers see only these types.
 */

import type {Aspect} from './aspect.js';

export type {Aspect};

/** A paygate tier as Flow names it (PAYGATE_TIER_NOT_PAID, PAYGATE_TIER_ONE, PAYGATE_TIER_TWO, ...). */
export type PaygateTier = string;

export type TransportKind = 'labs' | 'flow';

/** Identifies one generated media item. Only meaningful together with the account that owns it. */
export type MediaRef = {
	/** The media name (a UUID in 2026 traffic); the poll handle. */
	name: string;
	/** The project the media lives in; sent beside the name in every status call. */
	projectId: string;
};

export type GenerateRequest = {
	prompt: string;
	model: string;
	aspect: Aspect;
	/** 1-4 videos: one request item each, all in one generate call. */
	copies: number;
	seed?: number;
	/**
	 * An id this submit carries so it can be found in the project if its answer is lost (flow.google.com
	 * sends it in the trace slot and lists it beside the media; docs/protocol-flow.md). Upper-case UUID.
	 */
	batchId?: string;
	/**
	 * Reference images (1-3), as media ids of images uploaded to THIS account: the video is made from
	 * them (docs/protocol-flow.md, MZZa6b). Never an id of another account.
	 */
	references?: string[];
	/** The start frame: the media id of an image uploaded to THIS account (eb1hJf / StartImage). */
	startImage?: string;
	/** The end frame, only with a start frame (nprQif / StartAndEndImage). */
	endImage?: string;
	/** A finished clip of THIS account that the new video continues (fZytfe / ExtendVideo). */
	extend?: MediaRef;
};

export type UpscaleResolution = '1080p' | '4k';

/** An upscale of a finished clip of THIS account; the result is polled like a generation. */
export type UpscaleRequest = {
	media: MediaRef;
	resolution: UpscaleResolution;
	/** The upsampler key (veo_3_1_upsampler_1080p / _4k). */
	model: string;
	/** The clip's aspect: the labs REST body names it (docs/protocol-labs.md §3.5), and cannot guess it. */
	aspect?: Aspect;
};

/** An image to upload into the account's project: a start or end frame, or a reference. */
export type ImageUpload = {
	bytes: Uint8Array;
	mimeType: 'image/jpeg' | 'image/png' | 'image/webp';
	fileName: string;
};

export type UploadImageCall = {
	image: ImageUpload;
	projectId: string;
	/**
	 * A single-use captcha token minted for this upload alone, when the wire asks for one
	 * (`Transport.uploadCaptchaAction`: flow.google.com's `maseQ`; labs REST takes none).
	 */
	captchaToken?: string;
};

/** An uploaded image: a media of the account that uploaded it, usable through that account alone. */
export type UploadedImage = {name: string; projectId: string};

/** An upload an earlier session of the run made (from its journal): reused, never sent again. */
export type KnownUpload = UploadedImage & {sha256: string};

export type SubmitResult = {
	/** One per copy, in request order. */
	media: MediaRef[];
	remainingCredits?: number;
};

/**
 * `not-found`: the server does not know this media for this account (gone, or never its own): not a
 * render failure. `unreadable`: a record came back for it, but in a shape flowdeck cannot read.
 */
export type MediaGenerationState = 'pending' | 'active' | 'succeeded' | 'failed' | 'not-found' | 'unreadable';

/** A redacted excerpt of an answer flowdeck could not read, for a bug report (never a credential). */
export type WireSample = {rpc: string; text: string};

export type MediaStatus = MediaRef & {
	state: MediaGenerationState;
	/** For failed media: the PUBLIC_ERROR_* code or message the server gave. */
	failureCode?: string;
	/** A signed URL the server happened to include (legacy fifeUrl). Optional: resolve when absent. */
	url?: string;
	/** The finished video's size in bytes, when the record says it (a download is checked against it). */
	byteSize?: number;
	/** The signed poster JPEG URL, when the record carries one. */
	posterUrl?: string;
	/** For `unreadable`: what came back, redacted. */
	sample?: WireSample;
};

export type StatusResult = {
	media: MediaStatus[];
	remainingCredits?: number;
};

export type CreditsInfo = {
	credits: number;
	tier: PaygateTier;
	serviceTier?: string;
};

export type DownloadProgress = {receivedBytes: number; totalBytes?: number};

/** Where a finished video can be fetched without credentials, and what the record says about it. */
export type ResolvedMedia = {url: string; byteSize?: number; posterUrl?: string};

export type DownloadResult = {bytes: number; contentType: string; posterUrl?: string};

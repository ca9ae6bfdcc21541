/**
 * The vocabulary shared by everything in source/labs. Wire shapes never leave source/labs:
 * callers see only these types.
 */

export type Aspect = '16:9' | '9:16';

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
};

export type SubmitResult = {
	/** One per copy, in request order. */
	media: MediaRef[];
	remainingCredits?: number;
};

export type MediaGenerationState = 'pending' | 'active' | 'succeeded' | 'failed';

export type MediaStatus = MediaRef & {
	state: MediaGenerationState;
	/** For failed media: the PUBLIC_ERROR_* code or message the server gave. */
	failureCode?: string;
	/** A signed URL the server happened to include (legacy fifeUrl). Optional: resolve when absent. */
	url?: string;
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

export type DownloadResult = {bytes: number; contentType: string};

import type {SimGenerateMode} from '../types.js';

export type GenerationStatus = 'PENDING' | 'ACTIVE' | 'SUCCESSFUL' | 'FAILED';

export type ProjectState = {id: string; account: string; title: string; createdAt: number};

export type MediaState = {
	name: string;
	account: string;
	projectId: string;
	workflowId: string;
	batchId: string;
	prompt: string;
	model: string;
	aspectRatio: string;
	seed: number;
	cost: number;
	createdAt: number;
	durationMs: number;
	/** The PUBLIC_ERROR code this media fails with once its generation time is up. */
	failureCode: string | undefined;
	refunded: boolean;
	/** Which generate call made it: its answers differ (SCHEDULED, the generation mode). */
	mode: SimGenerateMode;
	/** The uploaded images it was made from, in the order the call named them. */
	imageIds: string[];
	/** The clip an extend continues or an upscale enlarges (`videoInput.mediaId`); absent otherwise. */
	sourceId?: string;
};

/**
 * What a call asks for. A name or workflow is drawn unless given: an upscale is named after its clip
 * and shares its workflow (docs/protocol-labs.md §3.5).
 */
export type NewMedia = Pick<
	MediaState,
	'prompt' | 'model' | 'aspectRatio' | 'seed' | 'cost' | 'failureCode' | 'mode' | 'imageIds'
> &
	Partial<Pick<MediaState, 'name' | 'workflowId' | 'sourceId'>>;

/**
 * An image uploaded into a project (docs/protocol-labs.md §3.5): a media of that account and project
 * alone, which generate calls may name as a frame or a reference.
 */
export type ImageState = {
	name: string;
	account: string;
	projectId: string;
	mimeType: string;
	bytes: number;
	createdAt: number;
};

/** Where a generation stands at `now`: derived from the clock, so an injected clock moves it. */
export function generationStatus(media: MediaState, now: number): GenerationStatus {
	const elapsed = now - media.createdAt;
	if (elapsed >= media.durationMs) return media.failureCode ? 'FAILED' : 'SUCCESSFUL';
	return elapsed < media.durationMs * 0.1 ? 'PENDING' : 'ACTIVE';
}

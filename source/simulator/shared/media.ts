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
};

export type NewMedia = Pick<MediaState, 'prompt' | 'model' | 'aspectRatio' | 'seed' | 'cost' | 'failureCode'>;

/** Where a generation stands at `now`: derived from the clock, so an injected clock moves it. */
export function generationStatus(media: MediaState, now: number): GenerationStatus {
	const elapsed = now - media.createdAt;
	if (elapsed >= media.durationMs) return media.failureCode ? 'FAILED' : 'SUCCESSFUL';
	return elapsed < media.durationMs * 0.1 ? 'PENDING' : 'ACTIVE';
}

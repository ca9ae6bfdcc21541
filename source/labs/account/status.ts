import type {MediaRef, MediaStatus, StatusResult} from '../types.js';

/** Status of many media, in as few calls of at most `batchSize` media as that allows. */
export async function statusInBatches(
	media: MediaRef[],
	batchSize: number,
	ask: (batch: MediaRef[]) => Promise<StatusResult>,
): Promise<StatusResult> {
	const statuses: MediaStatus[] = [];
	let remainingCredits: number | undefined;
	for (let start = 0; start < media.length; start += batchSize) {
		const batch = media.slice(start, start + batchSize);
		const result = await ask(batch);
		statuses.push(...result.media);
		remainingCredits = result.remainingCredits ?? remainingCredits;
	}
	return {media: statuses, remainingCredits};
}

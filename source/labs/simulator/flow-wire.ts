/**
 * What the flow.google.com stand-in answers with (FLOW_BATCHEXECUTE.md §3): the `)]}'` guard, chunks
 * whose length prefixes are off by one on purpose (peers saw them off by a byte or two), `wrb.fr`
 * entries with the payload as a JSON string, and the trailing bookkeeping Google appends. Records
 * follow GF-wire's capture of 2026-09-05.
 */
import {randomInt} from 'node:crypto';
import type {GenerationStatus, MediaState} from './state.js';

export type Entry = unknown[];

const guard = ")]}'\n\n";

/**
 * Chunks as `<length>\n<json>\n`, every length one off the truth, alternately over and under: a
 * client that trusts the prefixes cuts a chunk short or runs into the next one.
 */
export function frame(chunks: Entry[][]): string {
	return (
		guard +
		chunks
			.map((chunk, i) => {
				const json = JSON.stringify(chunk);
				return `${json.length + (i % 2 === 0 ? 1 : -1)}\n${json}\n`;
			})
			.join('')
	);
}

/** One answer: the entries, then `di` and `af.httprm` beside them and a final `e` chunk (GUESS, §3). */
export function reply(entries: Entry[]): string {
	const ms = randomInt(20, 400);
	const first: Entry[] = [...entries, ['di', ms], ['af.httprm', ms - 1, String(-randomInt(1e9, 9e9)), 7]];
	const size = JSON.stringify(first).length;
	return frame([first, [['e', 4, null, null, size + 40]]]);
}

export const dataEntry = (rpcid: string, payload: unknown): Entry => [
	'wrb.fr',
	rpcid,
	JSON.stringify(payload),
	null,
	null,
	null,
	'generic',
];

/**
 * A null payload with a google.rpc.Code at index 5 (EL, FB/FK). With a detail, the code is followed by a
 * message and a reason list (GUESS: where PUBLIC_ERROR_* sits in a refusal is not captured).
 */
export function codeEntry(rpcid: string, code: number, detail?: {message: string; reason: string}): Entry {
	const slot = detail === undefined ? [code] : [code, detail.message, [[detail.reason]]];
	return ['wrb.fr', rpcid, null, null, null, slot, 'generic'];
}

/** The whole batch refused: an HTTP-style status at index 5 (F2A-cur reads 5 or 6), the rpc code at 9. */
export function erEntry(status: number): Entry {
	const rpcCode = status === 401 ? 16 : status === 404 ? 5 : status >= 500 ? 14 : 3;
	return ['er', null, null, null, null, status, null, null, null, rpcCode];
}

export const xsrfEntry = (token: string): Entry => ['xsrf', token];

/** GF-wire's status block values; failure was never observed, so 4 is a GUESS (FAILED after SUCCESSFUL). */
export function statusCode(status: GenerationStatus): number {
	if (status === 'PENDING') return 6;
	if (status === 'ACTIVE') return 2;
	if (status === 'SUCCESSFUL') return 3;
	return 4;
}

export type RecordOptions = {
	status: GenerationStatus;
	/** Signed URLs, once the video is done and as29s publishes them. */
	urls?: {video: string; poster: string};
	/** FB/FK's harmless "Media not found." complaint in the details while the job still runs. */
	complaint?: boolean;
	videoBytes: number;
};

/**
 * The record shared by YhhmEf, jwpduf and as29s:
 * [workflow, project, media, "CAE", null, details, null, media-info] with details[8] the status
 * block, details[10] the poster JPEG URL, details[13] the mp4 size and media-info[0][8] the mp4 URL.
 */
export function record(media: MediaState, options: RecordOptions): unknown[] {
	const aspect = media.aspectRatio === 'VIDEO_ASPECT_RATIO_PORTRAIT' ? 1 : 2;
	const done = options.status === 'SUCCESSFUL';
	const code = statusCode(options.status);
	const statusBlock =
		options.status === 'FAILED'
			? [code, [3, media.failureCode ?? 'PUBLIC_ERROR_SOMETHING_WENT_WRONG']]
			: [code];
	const seconds = Math.floor(media.createdAt / 1000);
	const details = [
		[seconds, (media.createdAt % 1000) * 1_000_000],
		media.prompt,
		null,
		null,
		null,
		null,
		[null, [[media.model, 1, null, null, aspect, 1]], [[null, null, [[[media.prompt]]]]], null, 1],
		null,
		statusBlock,
		1,
		options.urls?.poster ?? null,
		options.complaint ? [4, [null, 'Media not found.'], ['Media not found.']] : [],
		null,
		done ? options.videoBytes : null,
	];
	const mediaInfo = [
		[
			null,
			926545,
			null,
			null,
			null,
			null,
			null,
			media.prompt,
			options.urls?.video ?? null,
			null,
			null,
			null,
			media.model,
			'',
			null,
			false,
			aspect,
		],
		[null, null, [8]],
		[media.workflowId],
	];
	return [media.workflowId, media.projectId, media.name, 'CAE', null, details, null, mediaInfo];
}

/** The YhhmEf reply: `[null, <n>, [[media, null, null, [title, [ts], …, workflow], project]], [[record]]]`. */
export function submitPayload(
	created: MediaState[],
	remainingCredits: number,
	videoBytes: number,
): unknown[] {
	const heads = created.map((media) => [
		media.name,
		null,
		null,
		[media.prompt.slice(0, 40), [Math.floor(media.createdAt / 1000)], null, null, media.workflowId],
		media.projectId,
	]);
	// GUESS: GF-wire's `<n>` (881 after a 12-credit clip) reads like the balance.
	return [
		null,
		remainingCredits,
		heads,
		created.map((media) => [record(media, {status: 'PENDING', videoBytes})]),
	];
}

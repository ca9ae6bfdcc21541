/**
 * The payloads the flow.google.com stand-in answers with, each shaped after a real capture in
 * test/fixtures/wire/flow (named beside each builder). A shape enters here only with a capture or a
 * cited source behind it (docs/wire-captures.md); test/labs/wire/shapes/answers.test.ts holds
 * every answer next to its capture.
 */
import {randomUUID} from 'node:crypto';
import type {GenerationStatus, MediaState} from '../shared/media.js';

/** Status block values as captured: 6 submitted, 2 running, 3 done. */
function statusCode(status: GenerationStatus): number {
	if (status === 'PENDING') return 6;
	if (status === 'ACTIVE') return 2;
	if (status === 'SUCCESSFUL') return 3;
	// No failure was captured; one client reads 4, 5 and 7 as failed (docs/wire-captures.md).
	return 4;
}

export type RecordOptions = {
	status: GenerationStatus;
	/** Signed URLs, once the video is done and as29s publishes them. */
	urls?: {video: string; poster: string};
	/** FB/FK's harmless "Media not found." complaint in the details while the job still runs. */
	complaint?: boolean;
	/** A fault: a status value no capture shows, once the video is done (oddStatusMarker). */
	oddStatus?: boolean;
	videoBytes: number;
};

const timestamp = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

const isPortrait = (media: MediaState): boolean => media.aspectRatio === 'VIDEO_ASPECT_RATIO_PORTRAIT';

/**
 * The record YhhmEf, jwpduf and as29s share (2026-09-24_as29s_done_with-urls, jwpduf_done,
 * jwpduf_running, YhhmEf_*): `[mediaId, projectId, workflowId, null, null, DETAILS, null, MEDIA_INFO]`.
 * Slot 3 is null, as it has been since early October 2026 ("CAE" before). DETAILS ends at the status
 * while a job runs; a done record adds the byte size at 13, and as29s the poster at 10 and `[]` at 11.
 */
export function record(media: MediaState, options: RecordOptions): unknown[] {
	const aspect = isPortrait(media) ? 1 : 2;
	const code = options.oddStatus && options.status === 'SUCCESSFUL' ? 99 : statusCode(options.status);
	// Where a failed record carries its PUBLIC_ERROR_* is not captured: beside the code here.
	const statusBlock =
		options.status === 'FAILED' ? [code, media.failureCode ?? 'PUBLIC_ERROR_SOMETHING_WENT_WRONG'] : [code];
	const details: unknown[] = [
		timestamp(media.createdAt),
		media.prompt,
		null,
		null,
		null,
		null,
		[
			null,
			[[media.model, 1, null, null, aspect, 1], ...inputsOf(media)],
			[[null, null, [[[media.prompt]]]]],
			null,
			1,
		],
		null,
		statusBlock,
		1,
	];
	if (options.status === 'SUCCESSFUL') {
		details.push(options.urls?.poster ?? null, options.urls ? [] : null, null, options.videoBytes);
	} else if (options.complaint) {
		// FB/FK measured that jobs carrying this complaint still finish: it is diagnostic only.
		details.push(null, [4, [null, 'Media not found.'], ['Media not found.']]);
	}
	const mediaInfo = [
		[
			null,
			281181,
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
		// 8 beside Veo keys, 6 beside Omni (abra) ones in the captures; what it means is not known.
		[null, null, [media.model.startsWith('abra_') ? 6 : 8]],
		[media.name],
	];
	return [media.name, media.projectId, media.workflowId, null, null, details, null, mediaInfo];
}

/**
 * The images a media was made from, after its key: `[[null, <role>, <image id>], …]` as the MZZa6b
 * capture shows them (2026-09-25_MZZa6b_veo_3_1_r2v_fast_portrait, role 4 for a reference), roles 1
 * (start frame) and 2 (end frame) as a Playwright tool's `recipes()` reads them (public file
 * 70918745464; no frames capture, so a GUESS for eb1hJf and nprQif). Nothing for a video from text.
 */
function inputsOf(media: MediaState): unknown[][] {
	if (media.imageIds.length === 0) return [];
	const roleOf = (index: number) => (media.mode === 'references' ? 4 : index + 1);
	return [media.imageIds.map((id, index) => [null, roleOf(index), id])];
}

/**
 * A heading entry (YhhmEf [2], Zzl0ze [1]): `[workflowId, null, null, [title, ts, null, null,
 * mediaId, batchId, ts], projectId]`. Its first id is the WORKFLOW id.
 */
export function heading(media: MediaState): unknown[] {
	const title = media.prompt.slice(0, 40);
	const at = timestamp(media.createdAt);
	return [
		media.workflowId,
		null,
		null,
		[title, at, null, null, media.name, media.batchId || null, timestamp(media.createdAt + 3000)],
		media.projectId,
	];
}

/**
 * The YhhmEf answer (2026-09-25_YhhmEf_veo_3_1_t2v_fast_portrait): `[null, <balance after the
 * charge>, [heading, …], [record, …]]`. One heading and one record per copy (a GUESS for more than
 * one copy: every capture made one).
 */
export function submitPayload(
	created: MediaState[],
	balance: number,
	videoBytes: (media: MediaState) => number,
): unknown[] {
	return [
		null,
		balance,
		created.map(heading),
		created.map((media) => record(media, {status: 'PENDING', videoBytes: videoBytes(media)})),
	];
}

/**
 * The jwpduf answer (2026-09-24_jwpduf_done, 2026-09-25_jwpduf_running): `[null, <balance once
 * done, else null>, [record, …]]`.
 */
export function statusPayload(records: unknown[][], balance: number | undefined): unknown[] {
	return [null, balance ?? null, records];
}

/**
 * The measured reply (PW-tool fixture, public files 71117012202 / 70867696308):
 * `[[A, projectId, B, status, null, DETAILS, [null, [null,null,null,null,0], [13]]]]`, the byte size at
 * DETAILS[13]. A (payload[0][0]) is the id the generate calls name (FK-ext `read_uploaded_media_id`);
 * B is a second id no call here takes. The status slot is null, as it is sometimes since 2026-10-07
 * and as record() answers it.
 */
export function uploadPayload(name: string, projectId: string, createdAt: number, bytes: number): unknown[] {
	const details = [
		timestamp(createdAt),
		null,
		null,
		null,
		null,
		null,
		[null, null, null, null, 1],
		null,
		null,
		1,
		null,
		null,
		null,
		bytes,
	];
	return [[name, projectId, randomUUID(), null, null, details, [null, [null, null, null, null, 0], [13]]]];
}

/**
 * Captured tier values of the nzlxg answer. GUESS: only 2 was captured (an account with 1,050
 * credits, a Pro-sized balance); 1 and 3 follow by order.
 */
const tierCodes: Record<string, number> = {
	PAYGATE_TIER_NOT_PAID: 1,
	PAYGATE_TIER_ONE: 2,
	PAYGATE_TIER_TWO: 3,
};

/** The nzlxg answer (2026-09-24_nzlxg_credits): `[1050,1,2,2,null,1050]`, the balance at 0 and 5. */
export function creditsPayload(credits: number, tier: string): unknown[] {
	return [credits, 1, 2, tierCodes[tier] ?? 2, null, credits];
}

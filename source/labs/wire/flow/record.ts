/**
 * The media record flow.google.com shares between its generate, status, media-URL and project
 * contents answers, read as the real captures show it (docs/wire-captures.md, test/fixtures/wire/flow):
 *
 *   [mediaId, projectId, workflowId, <slot 3>, null, DETAILS, null, MEDIA_INFO]
 *   DETAILS[8]  = [status]   6 submitted, 2 running, 3 done
 *   DETAILS[10] = the signed poster JPEG URL (as29s only)
 *   DETAILS[13] = the finished video's size in bytes
 *   MEDIA_INFO[0][8] = the signed mp4 URL (as29s only), MEDIA_INFO[0][12] = the model key
 *
 * The media id is slot 0: the page polls and fetches with it, and the CDN serves `/video/<mediaId>`.
 * Slot 3 was "CAE" until early October 2026 and is null since: nothing here reads it. Pure: no I/O.
 */

import type {MediaGenerationState} from '../../types.js';
import {publicErrorIn} from './batchexecute.js';

export type FlowRecord = {
	mediaId: string;
	projectId?: string;
	workflowId?: string;
	/** DETAILS[8][0] as sent; undefined when the slot is missing. */
	statusCode?: number;
	state: MediaGenerationState;
	/** For failed media: the PUBLIC_ERROR_* the record carries, else UNKNOWN. */
	failureCode?: string;
	byteSize?: number;
	posterUrl?: string;
	videoUrl?: string;
	modelKey?: string;
};

/** One entry of the heading list of a generate or project-contents answer. */
export type FlowHeading = {
	workflowId: string;
	mediaId?: string;
	/** The upper-case UUID the generate call sent in its trace slot. */
	batchId?: string;
	projectId?: string;
	title?: string;
};

export const list = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

export const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const count = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

const isHttpUrl = (value: unknown): value is string =>
	typeof value === 'string' && /^https?:\/\//i.test(value);

/** An array shaped like the shared record: an id at 0 and a DETAILS list at 5. */
export const isRecordShape = (value: unknown): value is unknown[] =>
	Array.isArray(value) && text(value[0]) !== undefined && Array.isArray(value[5]);

/** Every record inside an answer, however deep the wrapping (a list of them in generate and status). */
export function findRecords(value: unknown, found: unknown[][] = [], depth = 0): unknown[][] {
	if (!Array.isArray(value) || depth > 6) return found;
	if (isRecordShape(value)) {
		found.push(value);
		return found;
	}
	for (const item of value) findRecords(item, found, depth + 1);
	return found;
}

/** The record of one media, by its id at slot 0 and nowhere else. */
export const recordOf = (records: unknown[][], mediaId: string): unknown[] | undefined =>
	records.find((record) => record[0] === mediaId);

/** Values no client has captured for a failure; one client treats 4, 5 and 7 as failed (docs/wire-captures.md). */
const failedCodes = new Set([4, 5, 7]);

/**
 * 6/2/3 as captured. A failure value was never captured: 4, 5 and 7, or any other number that comes
 * with a PUBLIC_ERROR_* in the status block or the record, read as failed. A "Media not found."
 * complaint elsewhere in the record is diagnostic only (jobs that carry it still finish).
 */
function stateOf(
	statusCode: number | undefined,
	record: unknown[],
): Pick<FlowRecord, 'state' | 'failureCode'> {
	if (statusCode === 6 || statusCode === 1) return {state: 'pending'};
	if (statusCode === 2) return {state: 'active'};
	if (statusCode === 3) return {state: 'succeeded'};
	const block = list(record[5])?.[8];
	const failure = publicErrorIn(block) ?? publicErrorIn(record);
	if (statusCode !== undefined && (failedCodes.has(statusCode) || failure)) {
		return {state: 'failed', failureCode: failure?.code ?? 'UNKNOWN'};
	}
	return {state: 'unreadable'};
}

/** The mp4 URL: MEDIA_INFO[0][8]; failing that only a URL under `/video/` (never the poster). */
function videoUrlOf(record: unknown[]): string | undefined {
	const direct = list(list(record[7])?.[0])?.[8];
	if (isHttpUrl(direct)) return direct;
	const urls: string[] = [];
	const collect = (value: unknown, depth: number) => {
		if (isHttpUrl(value)) urls.push(value);
		else if (Array.isArray(value) && depth < 6) for (const item of value) collect(item, depth + 1);
	};
	collect(record[7], 0);
	return urls.find((url) => {
		try {
			return new URL(url).pathname.startsWith('/video/');
		} catch {
			return false;
		}
	});
}

export function readRecord(record: unknown[]): FlowRecord {
	const details = list(record[5]) ?? [];
	const statusCode = count(list(details[8])?.[0]);
	const read: FlowRecord = {mediaId: String(record[0]), ...stateOf(statusCode, record)};
	const projectId = text(record[1]);
	const workflowId = text(record[2]);
	const byteSize = count(details[13]);
	const posterUrl = details[10];
	const videoUrl = videoUrlOf(record);
	const modelKey = text(list(list(record[7])?.[0])?.[12]);
	if (projectId !== undefined) read.projectId = projectId;
	if (workflowId !== undefined) read.workflowId = workflowId;
	if (statusCode !== undefined) read.statusCode = statusCode;
	if (byteSize !== undefined && byteSize > 0) read.byteSize = byteSize;
	if (isHttpUrl(posterUrl)) read.posterUrl = posterUrl;
	if (videoUrl !== undefined) read.videoUrl = videoUrl;
	if (modelKey !== undefined) read.modelKey = modelKey;
	return read;
}

/**
 * A heading list (generate answer [2], project contents [1]):
 * `[[workflowId, null, null, [title, ts, null, null, mediaId, batchId, ts], projectId], …]`.
 * Its first id is the WORKFLOW id; the media id is inside, at [3][4].
 */
export function readHeadings(value: unknown): FlowHeading[] {
	const headings: FlowHeading[] = [];
	for (const entry of list(value) ?? []) {
		const workflowId = text(list(entry)?.[0]);
		if (workflowId === undefined) continue;
		const inner = list(list(entry)?.[3]);
		const heading: FlowHeading = {workflowId};
		const mediaId = text(inner?.[4]);
		const batchId = text(inner?.[5]);
		const projectId = text(list(entry)?.[4]);
		const title = text(inner?.[0]);
		if (mediaId !== undefined) heading.mediaId = mediaId;
		if (batchId !== undefined) heading.batchId = batchId;
		if (projectId !== undefined) heading.projectId = projectId;
		if (title !== undefined) heading.title = title;
		headings.push(heading);
	}
	return headings;
}

/** A credits balance at [1] of a generate or status answer (null while a job still runs). */
export const balanceOf = (payload: unknown): number | undefined => count(list(payload)?.[1]);

/**
 * Tolerant readers of the `jwpduf` poll and the `as29s` media-URL answers: the state of each media,
 * and the signed URL of a finished one. Positional JSPB arrays, as every capture shows them
 * (docs/wire-captures.md; the captured bytes are in test/fixtures/wire/flow). The record the answers
 * share is read in wire/flow/record.ts. Pure: no I/O.
 */
import {FlowError} from '../../errors/index.js';
import {wireSampleOf} from '../../errors/redact.js';
import type {MediaStatus, ResolvedMedia, StatusResult} from '../../types.js';
import {wireChanged} from './batchexecute.js';
import {show, unreadable} from './payload-unreadable.js';
import {balanceOf, findRecords, readRecord, recordOf} from './record.js';
import {flowRpc} from './rpc-ids.js';

export type StatusRef = {name: string; projectId: string};

/**
 * `jwpduf`, captured as `[null, <balance once done, else null>, [record, …]]`: one status per
 * requested media found in the answer (the rest are left out and asked again). A record whose status
 * flowdeck cannot read comes back `unreadable` with a redacted sample, so the caller can stop asking.
 */
export function parseStatusPayload(payload: unknown, refs: StatusRef[]): StatusResult {
	const records = findRecords(payload);
	if (records.length === 0 && refs.length > 0) throw unreadable(payload, flowRpc.status);
	const media: MediaStatus[] = [];
	for (const ref of refs) {
		const record = recordOf(records, ref.name);
		if (!record) continue;
		const read = readRecord(record);
		const item: MediaStatus = {name: ref.name, projectId: ref.projectId, state: read.state};
		if (read.failureCode !== undefined) item.failureCode = read.failureCode;
		if (read.byteSize !== undefined) item.byteSize = read.byteSize;
		if (read.state === 'succeeded' && read.videoUrl !== undefined) item.url = read.videoUrl;
		if (read.posterUrl !== undefined) item.posterUrl = read.posterUrl;
		if (read.state === 'unreadable') item.sample = wireSampleOf(flowRpc.status, show(record));
		media.push(item);
	}
	const result: StatusResult = {media};
	const balance = balanceOf(payload);
	if (balance !== undefined) result.remainingCredits = balance;
	return result;
}

/** `as29s`, captured as the record itself: the signed mp4 URL, the poster and the byte size. */
export function parseMediaUrlPayload(payload: unknown, name: string): ResolvedMedia {
	const records = findRecords(payload);
	const record = recordOf(records, name);
	if (!record) throw unreadable(payload, flowRpc.mediaUrl);
	const read = readRecord(record);
	if (read.videoUrl !== undefined) {
		const resolved: ResolvedMedia = {url: read.videoUrl};
		if (read.byteSize !== undefined) resolved.byteSize = read.byteSize;
		if (read.posterUrl !== undefined) resolved.posterUrl = read.posterUrl;
		return resolved;
	}
	if (read.state === 'failed') {
		throw new FlowError('not-found', 'the video failed on flow.google.com; there is nothing to download', {
			code: 'MEDIA_FAILED',
		});
	}
	if (read.state === 'unreadable') throw wireChanged(show(record), flowRpc.mediaUrl);
	// The URL-carrying record arrives seconds after the first "done".
	throw new FlowError('transient', 'flow.google.com has not published the video URL yet', {
		code: 'URL_NOT_READY',
	});
}

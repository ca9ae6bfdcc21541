/**
 * The inner payloads of the flow.google.com RPCs flowdeck uses, and tolerant readers of their answers.
 * Positional JSPB arrays, as every capture shows them (docs/wire-captures.md; the captured bytes are in
 * test/fixtures/wire/flow). The record the answers share is read in wire/flow/record.ts. Pure: no I/O.
 */
import {randomUUID} from 'node:crypto';
import {FlowError} from '../../errors/index.js';
import {wireSampleOf} from '../../errors/redact.js';
import type {
	CreditsInfo,
	GenerateRequest,
	MediaRef,
	MediaStatus,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
} from '../../types.js';
import {publicErrorIn, wireChanged} from './batchexecute.js';
import {flowAspect, flowModelKey, flowSurfaceId} from './models.js';
import {balanceOf, findRecords, list, readHeadings, readRecord, recordOf} from './record.js';

export const flowRpc = {
	credits: 'nzlxg',
	createProject: 'jHPbke',
	generate: 'YhhmEf',
	status: 'jwpduf',
	mediaUrl: 'as29s',
} as const;

const maxCopies = 4;

/** The trace slot's second value in every capture since 2026-09-24. */
export const traceMark = 2;

/** Client UUIDs are upper case, as the page sends them (FB). */
const clientUuid = (): string => randomUUID().toUpperCase();

/** `ctx` of a generate call: project at 5, the reCAPTCHA pair at 10 (GF#642 found it at $[1][10][0]). */
export function generateContext(projectId: string, captchaToken: string): unknown[] {
	return [null, flowSurfaceId, null, null, null, projectId, null, null, null, null, [captchaToken, 1]];
}

/** `nzlxg`: no arguments (EL, F2A-cur). */
export const buildCreditsPayload = (): unknown[] => [];

/** `jHPbke` (FK-ext, F2A-cur). */
export function buildCreateProjectPayload(title: string): unknown[] {
	return ['projects/*', [null, [title]], [null, flowSurfaceId]];
}

export type GeneratePayloadInput = {
	request: GenerateRequest;
	projectId: string;
	captchaToken: string;
	/** Test hook: fixed UUIDs instead of random ones. */
	uuid?: () => string;
};

/**
 * `YhhmEf` text-to-video, as captured on 2026-09-24/25:
 * `[[item, …], ctx, ["<batch UUID>", 2]]`, item = `[[null,null,[[["<prompt>"]]]], key, aspect, null,
 * [null,null,null,null,UUID,UUID]]`. The trace slot's second value is 2 in every capture since
 * 2026-09-24 (1 in an older one). Its UUID is the batch id the project contents list beside the media,
 * so a submit whose answer was lost can be found (the request's `batchId`). There is no count field:
 * copies repeat the item (a GUESS for video, FB does it for images), and no seed slot.
 */
export function buildGeneratePayload(input: GeneratePayloadInput): unknown[] {
	const {request} = input;
	const copies = request.copies;
	if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies) {
		throw new FlowError('protocol', `copies must be a whole number from 1 to ${maxCopies} (got ${copies})`, {
			code: 'BAD_REQUEST',
		});
	}
	const uuid = input.uuid ?? clientUuid;
	const key = flowModelKey(request.model);
	const aspect = flowAspect(request.aspect);
	const items = Array.from({length: copies}, () => [
		[null, null, [[[request.prompt]]]],
		key,
		aspect,
		null,
		[null, null, null, null, uuid(), uuid()],
	]);
	const batchId = request.batchId ?? uuid();
	return [items, generateContext(input.projectId, input.captchaToken), [batchId, traceMark]];
}

/** `jwpduf`: `[null, null, [["<mediaId>"], …]]` as captured; one inner list per media (a GUESS for more than one). */
export function buildStatusPayload(names: string[]): unknown[] {
	return [null, null, names.map((name) => [name])];
}

/** `as29s`: `["<mediaId>"]` as captured. */
export const buildMediaUrlPayload = (name: string): unknown[] => [name];

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

function show(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		// Only depth makes a parsed answer unprintable, and String() would recurse as deep (RangeError).
		return '(an answer nested too deep to show)';
	}
}

/** A changed answer, or a refusal the payload itself carries (PUBLIC_ERROR_* inside it). */
const unreadable = (payload: unknown, rpc: string): FlowError =>
	publicErrorIn(payload) ?? wireChanged(show(payload), rpc);

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first UUID in any string of a value, depth first (`"projects/<uuid>"` included). */
function firstUuid(value: unknown, depth = 0): string | undefined {
	if (typeof value === 'string') return uuidPattern.exec(value)?.[0];
	if (!Array.isArray(value) || depth > 8) return undefined;
	for (const item of value) {
		const found = firstUuid(item, depth + 1);
		if (found) return found;
	}
	return undefined;
}

/**
 * Captured `nzlxg` tier values by paygate tier. GUESS: only 2 was captured, on an account with 1,050
 * credits (a Pro-sized balance); 1 and 3 are read by their order.
 */
const tierOfCode: Record<number, string> = {
	1: 'PAYGATE_TIER_NOT_PAID',
	2: 'PAYGATE_TIER_ONE',
	3: 'PAYGATE_TIER_TWO',
};

/**
 * `nzlxg`, captured as `[1050,1,2,2,null,1050]`: the balance at 0 (and again at 5), the tier at 3.
 * JSPB leaves a zero out, so a missing balance is 0; anything but a list, or a balance that is not a
 * count, is a changed wire.
 */
export function parseCreditsPayload(payload: unknown): CreditsInfo {
	const values = list(payload);
	if (!values) throw wireChanged(show(payload), flowRpc.credits);
	const balance = values[0] ?? values[5] ?? 0;
	// A count, as every balance the client reads (balanceOf): 0.5 or 1e400 is not a balance.
	if (typeof balance !== 'number' || !Number.isInteger(balance) || balance < 0) {
		throw wireChanged(show(payload), flowRpc.credits);
	}
	const named = values.find((value) => typeof value === 'string' && value.startsWith('PAYGATE_TIER_'));
	const coded = typeof values[3] === 'number' ? tierOfCode[values[3]] : undefined;
	// Without a tier, F2A-cur's rule: an account with credits is a paying one.
	const tier =
		(named as string | undefined) ?? coded ?? (balance > 0 ? 'PAYGATE_TIER_ONE' : 'PAYGATE_TIER_NOT_PAID');
	return {credits: balance, tier};
}

/** `jHPbke`: the new project's id, wherever the answer puts it (F2A-cur looks for the UUID too). */
export function parseCreateProjectPayload(payload: unknown): string {
	const id = firstUuid(payload);
	if (id === undefined) throw unreadable(payload, flowRpc.createProject);
	return id.toLowerCase();
}

/**
 * `YhhmEf`, captured as `[null, <balance after the charge>, [heading, …], [record, …]]`. The media
 * ids are the records' slot 0, in request order; the headings (whose FIRST id is the workflow, the
 * media id being inside at [3][4]) are the fallback when no record came.
 */
export function parseGeneratePayload(payload: unknown, projectId: string): SubmitResult {
	const media: MediaRef[] = findRecords(list(payload)?.[3]).map((record) => {
		const read = readRecord(record);
		return {name: read.mediaId, projectId: read.projectId ?? projectId};
	});
	if (media.length === 0) {
		for (const heading of readHeadings(list(payload)?.[2])) {
			if (heading.mediaId !== undefined) {
				media.push({name: heading.mediaId, projectId: heading.projectId ?? projectId});
			}
		}
	}
	if (media.length === 0) throw unreadable(payload, flowRpc.generate);
	const result: SubmitResult = {media};
	const balance = balanceOf(payload);
	if (balance !== undefined) result.remainingCredits = balance;
	return result;
}

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

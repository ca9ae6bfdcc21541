/**
 * The inner payloads of the flow.google.com RPCs flowdeck uses, and tolerant readers of their answers
 * (FLOW_BATCHEXECUTE.md §2, §3). Positional JSPB arrays, as every capture shows them. Pure: no I/O.
 *
 * The one record shape the answers share was captured by GF-wire (2026-09-05):
 *   ["<workflow id>", "<project id>", "<media id>", "CAE", null, details, null, media-info]
 *   details[8] = [status]  6 at submit, 2 running, 3 done; details[10] = poster JPEG URL
 *   media-info[0][8] = the mp4 URL
 * FB/FK read the ids in another order (DISAGREE), so records are found by media id in either slot.
 */
import {randomUUID} from 'node:crypto';
import {FlowError} from '../errors.js';
import type {
	CreditsInfo,
	GenerateRequest,
	MediaGenerationState,
	MediaStatus,
	StatusResult,
	SubmitResult,
} from '../types.js';
import {publicErrorIn, wireChanged} from './flow-batchexecute.js';
import {flowAspect, flowModelKey, flowSurfaceId} from './flow-models.js';

export const flowRpc = {
	credits: 'nzlxg',
	createProject: 'jHPbke',
	generate: 'YhhmEf',
	status: 'jwpduf',
	mediaUrl: 'as29s',
} as const;

const maxCopies = 4;

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
 * `YhhmEf` text-to-video, as GF-wire captured it:
 * `[[item, …], ctx, ["<UUID>", 1]]`, item = `[[null,null,[[["<prompt>"]]]], key, aspect, null,
 * [null,null,null,null,UUID,UUID]]`. There is no count field: copies repeat the item (a GUESS for
 * video, FB does it for images). There is no seed slot either, so a scene's seed is not sent.
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
	return [items, generateContext(input.projectId, input.captchaToken), [uuid(), 1]];
}

/** `jwpduf`: `[null, null, [["<id>"], …]]`; one inner list per media (a GUESS for more than one). */
export function buildStatusPayload(names: string[]): unknown[] {
	return [null, null, names.map((name) => [name])];
}

/** `as29s`: `["<mediaId>"]`. */
export const buildMediaUrlPayload = (name: string): unknown[] => [name];

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const list = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

function show(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** A changed answer, or a refusal the payload itself carries (PUBLIC_ERROR_* inside it). */
const unreadable = (payload: unknown): FlowError => publicErrorIn(payload) ?? wireChanged(show(payload));

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
 * `nzlxg`. The shape is not documented: F2A-cur takes the first number of the list as the balance and
 * VN says the tier is in there too (GUESS). JSPB leaves a zero out, so a list without a leading number
 * is a balance of 0; anything but a list is a changed wire.
 */
export function parseCreditsPayload(payload: unknown): CreditsInfo {
	const values = list(payload);
	if (!values) throw wireChanged(show(payload));
	const first = values.find((value) => typeof value === 'number');
	if (first !== undefined && (!Number.isFinite(first as number) || (first as number) < 0)) {
		throw wireChanged(show(payload));
	}
	const credits = (first as number | undefined) ?? 0;
	const named = values.find((value) => typeof value === 'string' && value.startsWith('PAYGATE_TIER_'));
	// Without a tier name, F2A-cur's rule: an account with credits is a paying one.
	const tier = (named as string | undefined) ?? (credits > 0 ? 'PAYGATE_TIER_ONE' : 'PAYGATE_TIER_NOT_PAID');
	return {credits, tier};
}

/** `jHPbke`: the new project's id, wherever the answer puts it (F2A-cur looks for the UUID too). */
export function parseCreateProjectPayload(payload: unknown): string {
	const id = firstUuid(payload);
	if (id === undefined) throw unreadable(payload);
	return id.toLowerCase();
}

/** An array shaped like the shared record: three leading strings and a details list at 5. */
const isRecordShape = (value: unknown): value is unknown[] =>
	Array.isArray(value) &&
	typeof value[0] === 'string' &&
	typeof value[2] === 'string' &&
	Array.isArray(value[5]);

/** Every record inside an answer, however deep the wrapping (the wrappers differ per RPC and source). */
function findRecords(value: unknown, found: unknown[][] = [], depth = 0): unknown[][] {
	if (!Array.isArray(value) || depth > 6) return found;
	if (isRecordShape(value)) {
		found.push(value);
		return found;
	}
	for (const item of value) findRecords(item, found, depth + 1);
	return found;
}

/** The record of one media: GF-wire puts the media id at 2, FB/FK at 0. */
const recordOf = (records: unknown[][], name: string): unknown[] | undefined =>
	records.find((record) => record[2] === name) ?? records.find((record) => record[0] === name);

/**
 * `YhhmEf`: `[null, <n>, [[mediaId, null, null, [title, …], projectId], …], [[record]]]` (GF-wire).
 * The media ids come from the list at 2, else from the records. `<n>` is not read: nobody says what
 * it is (it may be the balance).
 */
export function parseGeneratePayload(payload: unknown, projectId: string): SubmitResult {
	const heads = list(list(payload)?.[2]) ?? [];
	const media = heads.flatMap((head) => {
		const name = text(list(head)?.[0]);
		return name === undefined ? [] : [{name, projectId: text(list(head)?.[4]) ?? projectId}];
	});
	if (media.length === 0) {
		for (const record of findRecords(list(payload)?.[3])) {
			const name = text(record[2]);
			if (name !== undefined) media.push({name, projectId: text(record[1]) ?? projectId});
		}
	}
	if (media.length === 0) throw unreadable(payload);
	return {media};
}

type RecordState = {state: MediaGenerationState; failureCode?: string};

/**
 * details[8][0]: 6 at submit, 2 running, 3 done (GF-wire). Failure was never observed: 4 is a GUESS
 * (FAILED after SUCCESSFUL, as in the labs enum), and any other value that comes with a PUBLIC_ERROR_*
 * is a failure too. A "Media not found." complaint elsewhere in the details is diagnostic only (FB/FK).
 */
function stateOf(record: unknown[]): RecordState {
	const block = list(list(record[5])?.[8]);
	const status = block?.[0];
	if (status === 6 || status === 1) return {state: 'pending'};
	if (status === 2) return {state: 'active'};
	if (status === 3) return {state: 'succeeded'};
	const failure = publicErrorIn(block) ?? publicErrorIn(record);
	if (status === 4 || (typeof status === 'number' && failure)) {
		return {state: 'failed', failureCode: failure?.code ?? 'UNKNOWN'};
	}
	throw wireChanged(show(block ?? record));
}

const isHttpUrl = (value: unknown): value is string =>
	typeof value === 'string' && /^https?:\/\//i.test(value);

/**
 * The mp4 URL of a record: media-info[0][8]. Never details[10], the poster JPEG a first gflow build
 * downloaded by mistake; failing that, only a URL under `/video/` counts.
 */
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

export type StatusRef = {name: string; projectId: string};

/** `jwpduf`: one status per requested media found in the answer; the rest are left out (asked again). */
export function parseStatusPayload(payload: unknown, refs: StatusRef[]): StatusResult {
	const records = findRecords(payload);
	if (records.length === 0 && refs.length > 0) throw unreadable(payload);
	const media: MediaStatus[] = [];
	for (const ref of refs) {
		const record = recordOf(records, ref.name);
		if (!record) continue;
		const {state, failureCode} = stateOf(record);
		const item: MediaStatus = {name: ref.name, projectId: ref.projectId, state};
		if (failureCode !== undefined) item.failureCode = failureCode;
		if (state === 'succeeded') {
			const url = videoUrlOf(record);
			if (url !== undefined) item.url = url;
		}
		media.push(item);
	}
	return {media};
}

/** `as29s`: the signed mp4 URL of a finished video (the record itself, or wrapped). */
export function parseMediaUrlPayload(payload: unknown, name: string): string {
	const records = findRecords(payload);
	const record = recordOf(records, name) ?? (records.length === 1 ? records[0] : undefined);
	if (!record) throw unreadable(payload);
	const url = videoUrlOf(record);
	if (url !== undefined) return url;
	const {state} = stateOf(record);
	if (state === 'failed') {
		throw new FlowError('not-found', 'the video failed on flow.google.com; there is nothing to download', {
			code: 'MEDIA_FAILED',
		});
	}
	// GF-wire: the URL-carrying record arrives 2-8 s after the first "done".
	throw new FlowError('transient', 'flow.google.com has not published the video URL yet', {
		code: 'URL_NOT_READY',
	});
}

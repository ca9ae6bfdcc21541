// Readers of the labs generate and status answers (batchAsyncGenerateVideoText, batchCheckAsync…Status).

import {excerpt, findPublicErrorCode} from '../../errors/index.js';
import type {MediaGenerationState, MediaRef, MediaStatus, StatusResult, SubmitResult} from '../../types.js';
import {at, isRecord, numeric, optionalArray, text, unexpected} from './protocol-read.js';

// ---------------------------------------------------------------------------------------------------
// Generate
// ---------------------------------------------------------------------------------------------------

/**
 * `video:batchAsyncGenerateVideoText`. Any subset of operations[] / workflows[] / media[] may come
 * back (§3.4). The poll handle is media[i].name; a 2025 answer has only operations[].operation.name.
 */
export function parseGenerateResponse(body: unknown, projectId: string): SubmitResult {
	const what = 'generate';
	if (!isRecord(body)) throw unexpected(what, body);
	const mediaItems = optionalArray(what, body, 'media') ?? [];
	const operations = optionalArray(what, body, 'operations') ?? [];

	const fromMedia = mediaItems.map((item): MediaRef => {
		const name = text(at(item, 'name'));
		if (name === undefined) throw unexpected(what, item, 'a media item has no name');
		return {name, projectId: text(at(item, 'projectId')) ?? projectId};
	});
	const operationNames = operations.map((entry) => {
		const name = text(at(entry, 'operation', 'name'));
		if (name === undefined) throw unexpected(what, entry, 'an operation has no name');
		return name;
	});

	// Media names win. An operation is the same item as the media of the same name or, when names
	// differ, as the media at its position (one entry per requested copy in both lists); only
	// operations beyond the media list are items of their own.
	const mediaNames = new Set(fromMedia.map((ref) => ref.name));
	const extra = operationNames
		.filter((name, index) => !mediaNames.has(name) && index >= fromMedia.length)
		.map((name): MediaRef => ({name, projectId}));
	const media = [...fromMedia, ...extra];
	if (media.length === 0) throw unexpected(what, body, 'no media and no operations');

	const result: SubmitResult = {media};
	const remainingCredits = numeric(body.remainingCredits);
	if (remainingCredits !== undefined) result.remainingCredits = remainingCredits;
	return result;
}

// ---------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------

const pendingStatuses = new Set(['PENDING', 'SCHEDULED', 'UNSPECIFIED', 'QUEUED']);
const activeStatuses = new Set(['ACTIVE', 'IN_PROGRESS', 'RUNNING', 'PROCESSING']);
const succeededStatuses = new Set(['SUCCESSFUL', 'SUCCEEDED', 'SUCCESS', 'COMPLETE', 'COMPLETED']);
const failedStatuses = new Set(['FAILED', 'CANCELED', 'CANCELLED', 'ERROR']);

function generationState(status: string): MediaGenerationState | undefined {
	const bare = status
		.trim()
		.toUpperCase()
		.replace(/^MEDIA_GENERATION_STATUS_/, '');
	if (pendingStatuses.has(bare)) return 'pending';
	if (activeStatuses.has(bare)) return 'active';
	if (succeededStatuses.has(bare)) return 'succeeded';
	// F2A treats every MEDIA_GENERATION_STATUS_ERROR* as a failure.
	if (failedStatuses.has(bare) || bare.startsWith('ERROR')) return 'failed';
	return undefined;
}

/**
 * MEDIA_GENERATION_STATUS_* to flowdeck's four states. The bundle enum and older clients name more
 * values than the wire shows (§4.3); all of them are accepted, anything else is a protocol error.
 */
export function mapGenerationStatus(status: string): MediaGenerationState {
	const state = typeof status === 'string' ? generationState(status) : undefined;
	if (state === undefined) throw unexpected('status', status, 'unknown media generation status');
	return state;
}

/** What a failure says in words: the error's message, then each failure reason, trimmed. */
function failureWords(error: unknown, failureReasons: unknown): string[] {
	const reasons = Array.isArray(failureReasons) ? failureReasons : [];
	return [at(error, 'message'), ...reasons].map(text).filter((said): said is string => said !== undefined);
}

/** PUBLIC_ERROR_* from the message or the failure reasons, else the raw message, else UNKNOWN. */
function failureCodeOf(error: unknown, failureReasons: unknown): string {
	const said = failureWords(error, failureReasons);
	for (const candidate of said) {
		const code = findPublicErrorCode(candidate);
		if (code !== undefined) return code;
	}
	return said[0] ?? 'UNKNOWN';
}

const httpUrl = (value: unknown): string | undefined => {
	// Stryker disable next-line StringLiteral: '' stands for no URL; any other text without http(s):// is refused alike
	const url = text(value) ?? '';
	return /^https?:\/\//i.test(url) ? url : undefined;
};

/**
 * A poll naming a media the account does not hold (another account's, or gone) gets HTTP 200 and that
 * item FAILED with "Media not found." (test/fixtures/wire/labs/
 * batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json).
 * Nothing was rendered, so it must not count as a render failure of the prompt.
 */
const mediaNotFound = /^media not found\.?$/i;

function saysMediaNotFound(error: unknown, failureReasons: unknown): boolean {
	return failureWords(error, failureReasons).some((said) => mediaNotFound.test(said));
}

function statusItem(
	ref: MediaRef,
	generation: MediaGenerationState,
	failure: {error: unknown; reasons: unknown},
	url: string | undefined,
): MediaStatus {
	const gone = generation === 'failed' && saysMediaNotFound(failure.error, failure.reasons);
	const state = gone ? 'not-found' : generation;
	const item: MediaStatus = {...ref, state};
	if (state === 'failed') item.failureCode = failureCodeOf(failure.error, failure.reasons);
	if (url !== undefined) item.url = url;
	return item;
}

/** A 2026 `media[]` item. */
function readMediaItem(item: unknown, fallbackProjectId: string): MediaStatus {
	const what = 'status';
	const name = text(at(item, 'name'));
	if (name === undefined) throw unexpected(what, item, 'a media item has no name');
	const mediaStatus = at(item, 'mediaMetadata', 'mediaStatus') ?? at(item, 'mediaStatus');
	const raw = at(mediaStatus, 'mediaGenerationStatus');
	if (typeof raw !== 'string') throw unexpected(what, item, 'no media generation status');
	const state = generationState(raw);
	if (state === undefined)
		throw unexpected(what, item, `unknown media generation status ${excerpt(raw, 60)}`);
	const url =
		httpUrl(at(item, 'video', 'fifeUrl')) ?? httpUrl(at(item, 'video', 'generatedVideo', 'fifeUrl'));
	return statusItem(
		{name, projectId: text(at(item, 'projectId')) ?? fallbackProjectId},
		state,
		{error: at(mediaStatus, 'error'), reasons: at(mediaStatus, 'failureReasons')},
		url,
	);
}

/** A 2025 `operations[]` entry: status on the entry, error and fifeUrl on the operation. */
function readOperation(entry: unknown, fallbackProjectId: string): MediaStatus {
	const what = 'status';
	const name = text(at(entry, 'operation', 'name'));
	if (name === undefined) throw unexpected(what, entry, 'an operation has no name');
	const error = at(entry, 'operation', 'error');
	const raw = at(entry, 'status');
	let state: MediaGenerationState | undefined;
	if (typeof raw === 'string') state = generationState(raw);
	else if (raw === undefined && isRecord(error)) state = 'failed';
	if (state === undefined) throw unexpected(what, entry, 'unknown or missing operation status');
	return statusItem(
		{name, projectId: text(at(entry, 'projectId')) ?? fallbackProjectId},
		state,
		{error, reasons: at(entry, 'failureReasons')},
		httpUrl(at(entry, 'operation', 'metadata', 'video', 'fifeUrl')),
	);
}

/**
 * `video:batchCheckAsyncVideoGenerationStatus`: the 2026 `media[]` answer or the 2025 `operations[]`
 * one. A 2025 entry carries no project id; it gets `fallbackProjectId` (or '' when none is given:
 * callers match results by name).
 */
export function parseStatusResponse(body: unknown, fallbackProjectId?: string): StatusResult {
	const what = 'status';
	if (!isRecord(body)) throw unexpected(what, body);
	const mediaItems = optionalArray(what, body, 'media');
	const operations = optionalArray(what, body, 'operations');
	if (mediaItems === undefined && operations === undefined) throw unexpected(what, body, 'no media list');
	const fallback = fallbackProjectId ?? '';

	const media = (mediaItems ?? []).map((item) => readMediaItem(item, fallback));
	const seen = new Set(media.map((item) => item.name));
	for (const entry of operations ?? []) {
		const item = readOperation(entry, fallback);
		if (!seen.has(item.name)) {
			seen.add(item.name);
			media.push(item);
		}
	}

	const result: StatusResult = {media};
	const remainingCredits = numeric(body.remainingCredits);
	if (remainingCredits !== undefined) result.remainingCredits = remainingCredits;
	return result;
}

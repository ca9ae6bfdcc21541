/**
 * The labs REST contract (LABS_PROTOCOL.md): request builders for the 2026 shapes flowdeck sends, and
 * tolerant parsers for every answer shape seen in public captures (2025 and 2026). Pure: no I/O.
 * Anything a parser cannot read becomes a FlowError, never a TypeError and never a half-filled value.
 */

import {
	classifyHttpError,
	excerpt,
	FlowError,
	findPublicErrorCode,
	redactSecrets,
} from '../../errors/index.js';
import type {
	Aspect,
	CreditsInfo,
	GenerateRequest,
	MediaGenerationState,
	MediaRef,
	MediaStatus,
	PaygateTier,
	StatusResult,
	SubmitResult,
} from '../../types.js';

// ---------------------------------------------------------------------------------------------------
// Paths and constants
// ---------------------------------------------------------------------------------------------------

/** Routes on the labs.google origin (session cookie auth). */
export const labsPaths = {
	session: '/fx/api/auth/session',
	createProject: '/fx/api/trpc/project.createProject',
	mediaRedirect: (name: string): string =>
		'/fx/api/trpc/media.getMediaUrlRedirect?name=' + encodeURIComponent(name),
	flowTool: '/fx/tools/flow',
	/** The page solvers mint the reCAPTCHA token on (LABS_PROTOCOL.md §1.3). */
	projectPage: (projectId: string): string => `/fx/tools/flow/project/${encodeURIComponent(projectId)}`,
} as const;

/** Routes on the aisandbox API origin (bearer auth). */
export const apiPaths = {
	credits: '/v1/credits',
	generate: '/v1/video:batchAsyncGenerateVideoText',
	status: '/v1/video:batchCheckAsyncVideoGenerationStatus',
} as const;

export const sessionCookieName = '__Secure-next-auth.session-token';

/** The reCAPTCHA action a video generate call is minted for (F2A, FK-fork; sources disagree). */
export const captchaActionVideo = 'VIDEO_GENERATION';

const tool = 'PINHOLE';
const defaultTier: PaygateTier = 'PAYGATE_TIER_NOT_PAID';
const maxCopies = 4;

// ---------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------

export type WireAspect = 'VIDEO_ASPECT_RATIO_LANDSCAPE' | 'VIDEO_ASPECT_RATIO_PORTRAIT';

export function aspectToWire(aspect: Aspect): WireAspect {
	return aspect === '9:16' ? 'VIDEO_ASPECT_RATIO_PORTRAIT' : 'VIDEO_ASPECT_RATIO_LANDSCAPE';
}

export type GenerateRequestItem = {
	aspectRatio: WireAspect;
	seed: number;
	textInput: {structuredPrompt: {parts: Array<{text: string}>}};
	videoModelKey: string;
	metadata: Record<string, never>;
};

export type GenerateBody = {
	mediaGenerationContext: {batchId: string; audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'};
	clientContext: {
		projectId: string;
		tool: 'PINHOLE';
		userPaygateTier: PaygateTier;
		sessionId: string;
		recaptchaContext: {token: string; applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'};
	};
	requests: GenerateRequestItem[];
	useV2ModelConfig: true;
};

export type GenerateBodyInput = {
	request: GenerateRequest;
	projectId: string;
	tier: PaygateTier;
	captchaToken: string;
	sessionId: string;
	batchId: string;
	/** Seeds to use when the request has none (tests); random ones otherwise. */
	seeds?: number[];
};

/** 1..99999, as F2A draws them. */
const randomSeed = (): number => 1 + Math.floor(Math.random() * 99_999);

/** One seed per copy, all different, so the copies are different videos. */
function seedsFor(request: GenerateRequest, copies: number, given: number[] | undefined): number[] {
	const {seed} = request;
	if (seed !== undefined) return Array.from({length: copies}, (_, i) => seed + i);
	const seeds: number[] = [];
	for (let i = 0; i < copies; i++) {
		let next = given?.[i] ?? randomSeed();
		while (given?.[i] === undefined && seeds.includes(next)) next = randomSeed();
		seeds.push(next);
	}
	return seeds;
}

/**
 * The 2026 text-to-video body (LABS_PROTOCOL.md §3.2). No `textInput.prompt` (replaced by
 * structuredPrompt) and no duration field (the server answers 400 to `videoLengthSeconds`).
 */
export function buildGenerateBody(input: GenerateBodyInput): GenerateBody {
	const {request} = input;
	const copies = request.copies;
	if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies) {
		throw new FlowError('protocol', `copies must be a whole number from 1 to ${maxCopies} (got ${copies})`, {
			code: 'BAD_REQUEST',
		});
	}
	const aspectRatio = aspectToWire(request.aspect);
	const requests = seedsFor(request, copies, input.seeds).map(
		(seed): GenerateRequestItem => ({
			aspectRatio,
			seed,
			textInput: {structuredPrompt: {parts: [{text: request.prompt}]}},
			videoModelKey: request.model,
			metadata: {},
		}),
	);
	return {
		mediaGenerationContext: {batchId: input.batchId, audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
		clientContext: {
			projectId: input.projectId,
			tool,
			userPaygateTier: input.tier,
			sessionId: input.sessionId,
			recaptchaContext: {token: input.captchaToken, applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'},
		},
		requests,
		useV2ModelConfig: true,
	};
}

export type StatusBody = {media: MediaRef[]};

/** The 2026 status body: each name beside its own project id (the 2025 `operations` body gets a 400). */
export function buildStatusBody(media: MediaRef[]): StatusBody {
	return {media: media.map(({name, projectId}) => ({name, projectId}))};
}

export type CreateProjectBody = {json: {projectTitle: string; toolName: 'PINHOLE'}};

export function buildCreateProjectBody(title: string): CreateProjectBody {
	return {json: {projectTitle: title, toolName: tool}};
}

/** The page-session id the Flow page sends: ";" + epoch ms. */
export function newSessionId(now = Date.now()): string {
	return `;${now}`;
}

// ---------------------------------------------------------------------------------------------------
// Tolerant reading helpers
// ---------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows keys through records; undefined as soon as a step is not a record. */
function at(value: unknown, ...keys: string[]): unknown {
	let current = value;
	for (const key of keys) {
		if (!isRecord(current)) return undefined;
		current = current[key];
	}
	return current;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A finite number, also from a numeric string (some proto3 JSON encoders quote int64). */
function numeric(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

/** JSON text of `value`; `undefined`, a function or a value JSON cannot write as String() gives it. */
function stringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** `<what>: unexpected answer: <excerpt>`, the excerpt cleared of tokens. */
function unexpectedText(what: string, shownText: string, detail?: string): FlowError {
	const shown = excerpt(redactSecrets(shownText)) || '(empty)';
	// Details quote the answer too (an unknown status value): they get the same redaction.
	const said = detail ? ` (${excerpt(redactSecrets(detail))})` : '';
	return new FlowError('protocol', `${what}: unexpected answer: ${shown}${said}`);
}

const unexpected = (what: string, value: unknown, detail?: string): FlowError =>
	unexpectedText(what, stringify(value), detail);

/** An optional array field: absent is fine, present-but-not-an-array is not. */
function optionalArray(what: string, body: Json, key: string): unknown[] | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw unexpected(what, body, `"${key}" is not a list`);
	return value;
}

// ---------------------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------------------

export type SessionInfo = {
	accessToken: string;
	/** ms epoch from `expires`; probably the next-auth session expiry, not the token's (LABS_PROTOCOL §1.1). */
	expiresAt?: number;
	user?: {email?: string; name?: string};
};

/** `GET /fx/api/auth/session`: plain next-auth JSON, or the tRPC-wrapped `auth.session` form. */
export function parseSession(body: unknown): SessionInfo {
	if (!isRecord(body)) throw unexpected('session', body);
	const wrapped = at(body, 'result', 'data');
	const isTrpc = isRecord(wrapped) && 'json' in wrapped;
	const inner = isTrpc ? wrapped.json : body;
	const token = isRecord(inner) ? (inner.access_token ?? inner.accessToken) : undefined;
	if (token !== undefined && token !== null && typeof token !== 'string') {
		throw unexpected('session', body, 'the access token is not a string');
	}
	const accessToken = text(token);
	if (accessToken === undefined || !isRecord(inner)) {
		// next-auth answers `{}` when it knows no session for the cookie; that is what an account moved
		// to flow.google.com gets (the transport probes the Flow page to tell it from a dead cookie).
		if (!isTrpc && Object.keys(body).length === 0) {
			throw new FlowError(
				'auth',
				'Flow moved this account to flow.google.com (not supported by this transport)',
				{
					code: 'ACCOUNT_MIGRATED',
				},
			);
		}
		const looksLikeSession = isTrpc
			? inner === null || isRecord(inner)
			: 'user' in body || 'expires' in body || token !== undefined;
		if (looksLikeSession) {
			throw new FlowError('auth', 'session cookie expired or invalid (no access token)', {
				code: 'NO_ACCESS_TOKEN',
			});
		}
		throw unexpected('session', body, 'no access token');
	}
	const session: SessionInfo = {accessToken};
	// Stryker disable next-line StringLiteral: any text that is no date parses to NaN, as '' does
	const expiresAt = Date.parse(text(inner.expires) ?? '');
	if (Number.isFinite(expiresAt)) session.expiresAt = expiresAt;
	if (isRecord(inner.user)) {
		const user: {email?: string; name?: string} = {};
		const email = text(inner.user.email);
		const name = text(inner.user.name);
		if (email !== undefined) user.email = email;
		if (name !== undefined) user.name = name;
		session.user = user;
	}
	return session;
}

// ---------------------------------------------------------------------------------------------------
// Credits
// ---------------------------------------------------------------------------------------------------

/** `GET /v1/credits`: `{credits, userPaygateTier, serviceTier?, sku?}`. */
export function parseCredits(body: unknown): CreditsInfo {
	if (!isRecord(body)) throw unexpected('credits', body);
	let credits = numeric(body.credits);
	if (body.credits === undefined && (text(body.userPaygateTier) ?? text(body.serviceTier)) !== undefined) {
		// proto3 JSON leaves out zero-valued fields: an account at 0 credits gets no `credits` at all.
		credits = 0;
	}
	if (credits === undefined) throw unexpected('credits', body, 'no credit balance');
	const info: CreditsInfo = {credits, tier: text(body.userPaygateTier) ?? defaultTier};
	const serviceTier = text(body.serviceTier);
	if (serviceTier !== undefined) info.serviceTier = serviceTier;
	return info;
}

// ---------------------------------------------------------------------------------------------------
// Create project
// ---------------------------------------------------------------------------------------------------

/**
 * A tRPC call can be HTTP 200 and still carry the backend's failure inside (`json.status` >= 400 or
 * `json.error`); classify it like the HTTP error it stands for.
 */
function embeddedError(inner: Json): FlowError | undefined {
	const status = numeric(inner.status) ?? 0;
	const error = inner.error;
	if (status < 400 && (error === undefined || error === null)) return undefined;
	const errorCode = numeric(at(error, 'code')) ?? 0;
	const httpStatus = status >= 400 ? status : errorCode >= 400 && errorCode <= 599 ? errorCode : 500;
	const googleError = isRecord(error)
		? error
		: {code: httpStatus, message: text(error) ?? text(inner.statusText) ?? ''};
	return classifyHttpError({status: httpStatus, bodyText: stringify({error: googleError})});
}

/** `trpc/project.createProject`: the new project's id. */
export function parseCreateProject(body: unknown): string {
	if (!isRecord(body)) throw unexpected('create project', body);
	const trpcError = at(body, 'error', 'json');
	if (isRecord(trpcError)) {
		const status = numeric(at(trpcError, 'data', 'httpStatus')) ?? 500;
		throw classifyHttpError({status, bodyText: stringify({error: {message: text(trpcError.message) ?? ''}})});
	}
	const inners = [at(body, 'result', 'data', 'json'), body.json].filter(isRecord);
	for (const inner of inners) {
		const failure = embeddedError(inner);
		if (failure) throw failure;
		const projectId = text(at(inner, 'result', 'projectId')) ?? text(inner.projectId);
		if (projectId !== undefined) return projectId;
	}
	throw unexpected('create project', body, 'no projectId');
}

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

// ---------------------------------------------------------------------------------------------------
// Media URL redirect
// ---------------------------------------------------------------------------------------------------

/**
 * `trpc/media.getMediaUrlRedirect` answers with a redirect to a signed URL (302 or 307 seen). A 200
 * instead means the cookie was not accepted: the "No session found" body, or a login page.
 */
export function parseRedirectLocation(
	status: number,
	location: string | null | undefined,
	contentType?: string,
	bodyText?: string,
): string {
	const what = 'media URL';
	const body = typeof bodyText === 'string' ? bodyText : '';
	if (statusClass(status) === 3) {
		const target = text(location);
		if (target === undefined) throw unexpectedText(what, body, `HTTP ${status} without a Location`);
		if (!isFetchableLocation(target))
			throw unexpectedText(what, target, `HTTP ${status} to an unusable Location`);
		return target;
	}
	if (statusClass(status) === 2) {
		// Stryker disable next-line StringLiteral: the stand-in for a missing content type; any text without "html" reads alike
		if (/no session found/i.test(body) || /html/i.test(contentType ?? '') || /^\s*</.test(body)) {
			throw new FlowError('auth', 'session cookie rejected when resolving the media URL', {
				code: 'SESSION_REJECTED',
				httpStatus: status,
			});
		}
		throw unexpectedText(what, body, `HTTP ${status} instead of a redirect`);
	}
	if (status === 404) {
		throw new FlowError('not-found', 'media not found when resolving its URL', {
			code: 'NOT_FOUND',
			httpStatus: 404,
		});
	}
	throw classifyHttpError({status, bodyText: body, contentType});
}

/** 2 for 2xx, 3 for 3xx… */
const statusClass = (status: number): number => Math.floor(status / 100);

/** An absolute http(s) URL, or a path the caller resolves against the labs origin. */
function isFetchableLocation(location: string): boolean {
	const base = 'http://relative.invalid';
	if (!URL.canParse(location, base)) return false;
	const {protocol} = new URL(location, base);
	return protocol === 'http:' || protocol === 'https:';
}

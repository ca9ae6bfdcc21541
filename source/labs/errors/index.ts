/**
 * Every failure that leaves source/labs is a FlowError of one closed kind, so the pipeline can decide
 * what to do (retry, reroute, fail the scene) without knowing anything about the wire.
 */

import {redactSecrets} from './redact.js';
import type {WireSample} from './types.js';

// Callers across labs import the redactor from here; it lives in redact.ts to keep this file short.
export {redactSecrets};

export const errorKinds = [
	'auth',
	'captcha',
	'throttle',
	'quota',
	'model-access',
	'policy',
	'transient',
	'not-found',
	'protocol',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export type FlowErrorOptions = {
	/** PUBLIC_ERROR_* reason, Google canonical status, or a flowdeck code such as ACCOUNT_MIGRATED. */
	code?: string;
	httpStatus?: number;
	/** From Retry-After, when the server sent one. */
	retryAfterMs?: number;
	/**
	 * True when a write (a generate call) may have reached the server although no answer was read:
	 * the caller must not re-send it on its own.
	 */
	ambiguous?: boolean;
	/** For a `protocol` error about an answer flowdeck cannot read: that answer, redacted (docs/errors.md). */
	sample?: WireSample;
	cause?: unknown;
};

export class FlowError extends Error {
	override readonly name = 'FlowError';
	readonly kind: ErrorKind;
	readonly code: string | undefined;
	readonly httpStatus: number | undefined;
	readonly retryAfterMs: number | undefined;
	readonly ambiguous: boolean;
	readonly sample: WireSample | undefined;

	constructor(kind: ErrorKind, message: string, options: FlowErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.kind = kind;
		this.code = options.code;
		this.httpStatus = options.httpStatus;
		this.retryAfterMs = options.retryAfterMs;
		this.ambiguous = options.ambiguous ?? false;
		this.sample = options.sample;
	}

	/** The same error, prefixed with the account it happened on (the only identity shown to users). */
	forAccount(account: string): FlowError {
		if (this.message.startsWith(`${account}: `)) return this;
		const copy = new FlowError(this.kind, `${account}: ${this.message}`, {
			code: this.code,
			httpStatus: this.httpStatus,
			retryAfterMs: this.retryAfterMs,
			ambiguous: this.ambiguous,
			sample: this.sample,
			cause: this.cause,
		});
		return copy;
	}
}

export const isFlowError = (error: unknown): error is FlowError => error instanceof FlowError;

/** Kinds worth trying again after a pause, as opposed to kinds that end a scene or an account. */
export const isRetryableKind = (kind: ErrorKind): boolean => kind === 'transient' || kind === 'throttle';

/**
 * The lookup tables below are indexed by strings servers choose (a reason, a failure message, an
 * error code): without a prototype, "constructor" or "__proto__" find nothing instead of Object's.
 */
const table = <T>(entries: Record<string, T>): Record<string, T> =>
	Object.assign(Object.create(null) as Record<string, T>, entries);

/** A short, single-line excerpt of a body for protocol errors: enough to recognise, never a dump. */
export function excerpt(text: string, max = 120): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

// ---------------------------------------------------------------------------------------------------
// Classification: HTTP status + Google error JSON + PUBLIC_ERROR_* reasons -> one FlowError kind.
// ---------------------------------------------------------------------------------------------------

/**
 * Every PUBLIC_ERROR_* code docs/protocol-labs.md names (§3.5, §4.4, §6.1): the kind it means for the
 * pipeline and its plain words, so a failed scene says why without the user looking the code up. One
 * table for both wires (flow.google.com quotes the same codes, docs/protocol-flow.md §3).
 */
export const publicErrors: Record<string, {kind: ErrorKind; words: string}> = table({
	// Content filters: terminal, the same prompt fails the same way.
	PUBLIC_ERROR_UNSAFE_GENERATION: {
		kind: 'policy',
		words: 'blocked by policy: the safety filter refused the prompt',
	},
	PUBLIC_ERROR_MINOR: {kind: 'policy', words: 'blocked by policy: a minor was detected'},
	PUBLIC_ERROR_SEXUAL: {kind: 'policy', words: 'blocked by policy: sexual content was detected'},
	PUBLIC_ERROR_VIOLENCE_FILTER: {kind: 'policy', words: 'blocked by policy: violent content was detected'},
	PUBLIC_ERROR_DANGER_FILTER: {kind: 'policy', words: 'blocked by policy: dangerous content was detected'},
	PUBLIC_ERROR_REPUTATIONAL: {
		kind: 'policy',
		words: 'blocked by policy: the prompt was judged reputationally risky',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected',
	},
	PUBLIC_ERROR_IMAGE_OUTPUT_IP_FILTER: {
		kind: 'policy',
		words: 'blocked by policy: the output looked like protected intellectual property',
	},
	PUBLIC_ERROR_AUDIO_FILTERED: {kind: 'policy', words: 'blocked by policy: the generated audio was refused'},
	PUBLIC_ERROR_UNDERSPECIFIED_ANIMAL: {
		kind: 'policy',
		words: 'blocked by policy: the animal in the prompt is underspecified',
	},
	PUBLIC_ERROR_NON_ENGLISH_PROMPT: {kind: 'policy', words: 'blocked by policy: the prompt is not in English'},
	PUBLIC_ERROR_RESPONSE_TOO_LONG: {
		kind: 'policy',
		words: 'blocked by policy: the response would be too long',
	},
	// Input images.
	PUBLIC_ERROR_MINOR_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: a minor was detected in the input image',
	},
	PUBLIC_ERROR_MINOR_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: a minor was detected in the uploaded image',
	},
	PUBLIC_ERROR_IP_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: the input image looked like protected intellectual property',
	},
	PUBLIC_ERROR_PHOTOREAL_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: the input image is too photorealistic',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected in the input image',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected in the uploaded image',
	},
	PUBLIC_ERROR_SEXUAL_UPLOAD: {kind: 'policy', words: 'blocked by policy: the uploaded image is sexual'},
	PUBLIC_ERROR_UNSAFE_IMAGE_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: the uploaded image is unsafe',
	},
	PUBLIC_ERROR_IMAGE_TOO_LARGE: {kind: 'policy', words: 'the input image is too large'},
	PUBLIC_ERROR_IMAGE_TOO_SMALL: {kind: 'policy', words: 'the input image is too small'},
	PUBLIC_ERROR_UNKNOWN_IMAGE_FILE_FORMAT: {kind: 'policy', words: 'the input image format is not supported'},
	// Quota.
	PUBLIC_ERROR_USER_QUOTA_REACHED: {kind: 'quota', words: 'daily credit quota reached'},
	// A per-model quota leaves the account's credits and its other models usable: like a tier
	// denial, only this model moves to another account ('quota' would retire the whole account).
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED: {
		kind: 'model-access',
		words: 'daily quota for this model reached',
	},
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED_UPGRADEABLE: {
		kind: 'model-access',
		words: 'daily quota for this model reached (a higher tier allows more)',
	},
	// Account / tier.
	PUBLIC_ERROR_MODEL_ACCESS_DENIED: {
		kind: 'model-access',
		words: "this account's tier may not use the model",
	},
	PUBLIC_ERROR_UNUSUAL_ACTIVITY: {
		kind: 'captcha',
		words: 'Google flagged unusual activity (reCAPTCHA evaluation failed)',
	},
	// Region, minor and app denials are about the account, not the prompt: like a tier denial they
	// leave the scene runnable on another account, which is what 'model-access' makes the pipeline do.
	PUBLIC_ERROR_USER_REGION_DISALLOWED: {
		kind: 'model-access',
		words: "Flow is not available in this account's region",
	},
	PUBLIC_ERROR_USER_MINOR: {
		kind: 'model-access',
		words: 'this account belongs to a minor and may not use Flow',
	},
	PUBLIC_ERROR_APP_UNAVAILABLE: {kind: 'model-access', words: 'Flow is not available to this account'},
	// Retryable.
	PUBLIC_ERROR_HIGH_TRAFFIC: {kind: 'throttle', words: 'Flow is under high demand, try again later'},
	PUBLIC_ERROR_MODEL_OVERLOADED: {kind: 'transient', words: 'the model is overloaded, try again later'},
	PUBLIC_ERROR_MODEL_DISABLED_DUE_TO_TRAFFIC: {
		kind: 'transient',
		words: 'the model is paused because of traffic, try again later',
	},
	PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC: {
		kind: 'throttle',
		words: 'too many requests from this account, slow down',
	},
	PUBLIC_ERROR_USER_REQUESTS_THROTTLED: {
		kind: 'throttle',
		words: 'requests from this account are being throttled',
	},
	PUBLIC_ERROR_VIDEO_GENERATION_TIMED_OUT: {
		kind: 'transient',
		words: 'the video generation timed out on the server',
	},
	PUBLIC_ERROR_SOMETHING_WENT_WRONG: {kind: 'transient', words: 'something went wrong on the server'},
	PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED: {
		kind: 'throttle',
		words: 'too many generations running on this account at once',
	},
	PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS: {
		kind: 'throttle',
		words: 'the same generation is already in progress',
	},
});

/** The words alone, as messages quote them. */
export const publicErrorSentences: Record<string, string> = table(
	Object.fromEntries(Object.entries(publicErrors).map(([code, {words}]) => [code, words])),
);

const publicErrorPattern = /PUBLIC_ERROR_[A-Z0-9_]*[A-Z0-9]/;

/** The first PUBLIC_ERROR_* token inside a text, as servers put it in messages and status items. */
export function findPublicErrorCode(text: string): string | undefined {
	return publicErrorPattern.exec(text)?.[0];
}

/** A scene's failure in words: the known sentence, or the code itself made readable. */
export function describePublicError(code: string): string {
	const text = typeof code === 'string' ? code.trim() : '';
	const token = findPublicErrorCode(text) ?? text;
	const sentence = publicErrorSentences[token];
	if (sentence !== undefined) return sentence;
	if (token === '') return 'failed: unknown';
	if (/^[A-Z0-9_]+$/.test(token)) return `failed: ${token.toLowerCase().replace(/_+/g, ' ').trim()}`;
	return `failed: ${excerpt(text, 100)}`;
}

export type PublicErrorContext = {httpStatus?: number; message?: string};

// Stryker disable next-line StringLiteral: any fallback without "recaptcha" in it reads the same
const mentionsRecaptcha = (message: string | undefined): boolean => /recaptcha/i.test(message ?? '');

/**
 * The kind a PUBLIC_ERROR_* code implies, or undefined for a code flowdeck does not know.
 * SOMETHING_WENT_WRONG is also what a low reCAPTCHA score gives (403 "reCAPTCHA evaluation failed"),
 * hence the optional context.
 */
export function kindOfPublicError(
	code: string | undefined,
	context: PublicErrorContext = {},
): ErrorKind | undefined {
	if (typeof code !== 'string') return undefined;
	const token = code.trim().toUpperCase();
	if (
		token === 'PUBLIC_ERROR_SOMETHING_WENT_WRONG' &&
		context.httpStatus === 403 &&
		mentionsRecaptcha(context.message)
	) {
		return 'captcha';
	}
	return publicErrors[token]?.kind;
}

/** Retry-After as delta seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
	if (typeof header !== 'string') return undefined;
	const value = header.trim();
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	if (!/[a-z]/i.test(value)) return undefined; // "-5", "1e3": not a date either
	const at = Date.parse(value);
	if (!Number.isFinite(at)) return undefined;
	return Math.max(0, at - now);
}

const canonicalStatuses: Record<number, string> = {
	400: 'INVALID_ARGUMENT',
	401: 'UNAUTHENTICATED',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	408: 'REQUEST_TIMEOUT',
	409: 'ALREADY_EXISTS',
	412: 'FAILED_PRECONDITION',
	429: 'RESOURCE_EXHAUSTED',
	499: 'CANCELLED',
	500: 'INTERNAL',
	501: 'UNIMPLEMENTED',
	502: 'BAD_GATEWAY',
	503: 'UNAVAILABLE',
	504: 'DEADLINE_EXCEEDED',
};

type GoogleError = {message?: string; status?: string; reason?: string};

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Reads `{error:{code,message,status,details:[{reason}]}}` (also the `[{error}]` batch form); never throws. */
function parseGoogleError(bodyText: unknown): GoogleError {
	if (typeof bodyText !== 'string') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(bodyText);
	} catch {
		// Not JSON: `parsed` stays undefined, which reads as no Google error.
	}
	const root = Array.isArray(parsed) ? parsed[0] : parsed;
	const error = isObject(root) ? root.error : undefined;
	if (typeof error === 'string') return {message: nonEmptyString(error)};
	if (!isObject(error)) return {};
	// tRPC wraps its error as {error:{json:{message, data}}}.
	const inner = isObject(error.json) ? error.json : error;
	// Stryker disable next-line ArrayDeclaration: a fallback of non-objects yields no reason either
	const details = Array.isArray(inner.details) ? inner.details : [];
	const reasons = details
		.map((detail) => (isObject(detail) ? nonEmptyString(detail.reason) : undefined))
		.filter((reason): reason is string => reason !== undefined);
	return {
		message: nonEmptyString(inner.message),
		status: nonEmptyString(inner.status),
		reason: reasons.find((reason) => reason.startsWith('PUBLIC_ERROR_')) ?? reasons[0],
	};
}

function describeBody(bodyText: string, contentType: string | undefined): string {
	const text = typeof bodyText === 'string' ? bodyText : '';
	if (text.trim() === '') return '(empty body)';
	// Stryker disable next-line StringLiteral: a fallback without "html" in it reads the same
	if (/html/i.test(contentType ?? '') || /^\s*</.test(text)) {
		// Bounded, and on the page's head only: `[^>]*` backtracks quadratically on unclosed `<title` tags.
		const match = /<title[^>]{0,200}>([^<]*)<\/title>/i.exec(text.slice(0, 65_536));
		// Stryker disable next-line OptionalChaining: when the pattern matches, its group [1] is always a string
		const title = match === null ? undefined : match[1]?.trim();
		return title ? `HTML page "${excerpt(title, 80)}"` : 'an HTML page';
	}
	return excerpt(redactSecrets(text));
}

const notFoundPattern = /requested entity was not found/i;

function kindByStatus(status: number, message: string, reason: string | undefined): ErrorKind {
	if (status === 401) return 'auth';
	if (status === 403) return mentionsRecaptcha(message) ? 'captcha' : 'auth';
	if (status === 404) return 'not-found';
	if (status === 400) return notFoundPattern.test(message) ? 'not-found' : 'protocol';
	if (status === 408 || (status >= 500 && status <= 599)) return 'transient';
	if (status === 409) return 'throttle';
	if (status === 429) {
		// Stryker disable next-line StringLiteral: a fallback without "quota" in it reads the same
		const words = reason ?? '';
		return /quota/i.test(words) ? 'quota' : 'throttle';
	}
	// A 2xx/3xx reaching here, or an unusual 4xx: the server is answering something flowdeck does not speak.
	return 'protocol';
}

export type HttpErrorInput = {
	status: number;
	bodyText: string;
	retryAfter?: string | null;
	contentType?: string;
};

/** One failed HTTP answer (Google error JSON, HTML, empty or garbage) as a FlowError. */
export function classifyHttpError({status, bodyText, retryAfter, contentType}: HttpErrorInput): FlowError {
	const google = parseGoogleError(bodyText);
	// Stryker disable next-line StringLiteral: a fallback with no PUBLIC_ERROR, reCAPTCHA or "not found" reads the same
	const message = google.message ?? '';
	const reason = google.reason ?? (message ? findPublicErrorCode(message) : undefined);
	const canonical = google.status ?? canonicalStatuses[status] ?? 'UNKNOWN';
	const kind =
		kindOfPublicError(reason, {httpStatus: status, message}) ?? kindByStatus(status, message, reason);
	// String(): the table has no "undefined" entry, so no reason finds no sentence.
	const sentence = publicErrorSentences[String(reason)];
	let text = sentence;
	if (text === undefined) {
		const detail = google.message
			? excerpt(redactSecrets(google.message))
			: describeBody(bodyText, contentType);
		const withReason = reason !== undefined && !detail.includes(reason) ? `${detail} (${reason})` : detail;
		// The status and reason are the server's words too: one line, no token, whatever they hold.
		text = excerpt(redactSecrets(`HTTP ${status} ${canonical}: ${withReason}`), 240);
	}
	return new FlowError(kind, text, {
		code: reason ?? canonical,
		httpStatus: status,
		retryAfterMs: parseRetryAfter(retryAfter),
	});
}

type NetworkFailure = {text: string; reachedServer: boolean};

// reachedServer=false: the failure happened before any byte of the request could have been sent, so
// even a generate call is safe to send again.
const networkFailures: Record<string, NetworkFailure> = table({
	ECONNREFUSED: {text: 'connection refused', reachedServer: false},
	UND_ERR_CONNECT_TIMEOUT: {text: 'connect timed out', reachedServer: false},
	ENOTFOUND: {text: 'host not found', reachedServer: false},
	EAI_AGAIN: {text: 'host name lookup failed', reachedServer: false},
	EHOSTUNREACH: {text: 'host unreachable', reachedServer: false},
	ENETUNREACH: {text: 'network unreachable', reachedServer: false},
	ECONNRESET: {text: 'connection reset', reachedServer: true},
	EPIPE: {text: 'connection closed while sending', reachedServer: true},
	ETIMEDOUT: {text: 'connection timed out', reachedServer: true},
	UND_ERR_SOCKET: {text: 'connection closed by the other side', reachedServer: true},
	UND_ERR_CLOSED: {text: 'connection closed', reachedServer: true},
	UND_ERR_HEADERS_TIMEOUT: {text: 'request timed out waiting for the answer', reachedServer: true},
	UND_ERR_BODY_TIMEOUT: {text: 'request timed out while reading the answer', reachedServer: true},
	UND_ERR_ABORTED: {text: 'request aborted', reachedServer: true},
	AbortError: {text: 'request timed out', reachedServer: true},
	TimeoutError: {text: 'request timed out', reachedServer: true},
});

/** The error's own code/name, or those of its cause chain (fetch wraps the real one in `cause`). */
function networkCodeOf(error: unknown, depth = 0): string | undefined {
	if (!isObject(error)) return undefined;
	// String(): the table has no "undefined" entry, so an absent code or name finds nothing.
	const code = nonEmptyString(error.code);
	if (networkFailures[String(code)] !== undefined) return code;
	const name = nonEmptyString(error.name);
	if (networkFailures[String(name)] !== undefined) return name;
	if (depth < 4) {
		const inner = networkCodeOf(error.cause, depth + 1);
		if (inner !== undefined) return inner;
	}
	return depth === 0 ? code : undefined;
}

/**
 * A request that got no HTTP answer. For a write (a generate call) the result is `ambiguous` unless
 * the failure was in the connect phase: the server may have started the generation already.
 */
export function classifyNetworkError(error: unknown, {write}: {write: boolean}): FlowError {
	if (error instanceof FlowError) return error;
	const code = networkCodeOf(error);
	const known = networkFailures[String(code)];
	let text: string;
	if (known !== undefined) {
		text = `${known.text} (${code})`;
	} else {
		const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
		const detail = message.trim() === '' ? 'no answer' : excerpt(redactSecrets(message), 100);
		text = code === undefined ? `network error: ${detail}` : `network error: ${detail} (${code})`;
	}
	// Unknown failures count as having reached the server: re-sending a generate costs credits twice.
	const reachedServer = known?.reachedServer ?? true;
	return new FlowError('transient', text, {
		code: code ?? 'NETWORK_ERROR',
		ambiguous: write && reachedServer,
		cause: error,
	});
}

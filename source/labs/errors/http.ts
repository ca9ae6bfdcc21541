/** One failed HTTP answer (Google error JSON, HTML, empty or garbage) as a FlowError of one kind. */
import {type ErrorKind, FlowError} from './flow-error.js';
import {
	findPublicErrorCode,
	kindOfPublicError,
	mentionsRecaptcha,
	publicErrorSentences,
} from './public-errors.js';
import {redactSecrets} from './redact.js';
import {excerpt, isObject, nonEmptyString} from './text.js';

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

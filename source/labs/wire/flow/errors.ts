/**
 * How flow.google.com says no (FLOW_BATCHEXECUTE.md §0, §3): the index-5 error slot, `er` entries
 * and PUBLIC_ERROR_* reasons, mapped onto the closed error kinds. Apart from the framing reader so
 * each stays short; no real refusal frame has been captured yet, hence the tolerance. Pure: no I/O.
 */
import {
	describePublicError,
	type ErrorKind,
	excerpt,
	FlowError,
	findPublicErrorCode,
	kindOfPublicError,
	publicErrorSentences,
	redactSecrets,
} from '../../errors/index.js';
import {wireSampleOf} from '../../errors/redact.js';

/** The answer an error was read from, kept as a sample when flowdeck cannot use it. */
export type Answer = {text: string; rpcid?: string};

/**
 * The one error for "this is not what flowdeck knows": a short line for the user, and the answer
 * itself (redacted, cut) as a sample for a bug report.
 */
export function wireChanged(text: string, rpcid?: string): FlowError {
	const raw = String(text);
	const shown = excerpt(redactSecrets(raw)) || '(empty)';
	return new FlowError(
		'protocol',
		`flow.google.com answered in a shape flowdeck does not know (the wire may have changed): ${shown}`,
		{code: 'WIRE_CHANGED', sample: wireSampleOf(rpcid, raw)},
	);
}

/** google.rpc.Code numbers (the index-5 slot is read as these: a GUESS in §3 that EL's `[3]` supports). */
const rpcCodes: Record<number, {name: string; kind: ErrorKind; text: string}> = {
	1: {name: 'CANCELLED', kind: 'transient', text: 'the call was cancelled'},
	2: {name: 'UNKNOWN', kind: 'transient', text: 'an unknown error happened on the server'},
	3: {name: 'INVALID_ARGUMENT', kind: 'protocol', text: 'the request was refused as invalid'},
	4: {name: 'DEADLINE_EXCEEDED', kind: 'transient', text: 'the server timed out'},
	5: {name: 'NOT_FOUND', kind: 'not-found', text: 'not found for this account'},
	6: {name: 'ALREADY_EXISTS', kind: 'throttle', text: 'the same request is already under way'},
	7: {name: 'PERMISSION_DENIED', kind: 'auth', text: 'this account may not make the call'},
	8: {name: 'RESOURCE_EXHAUSTED', kind: 'throttle', text: 'too many requests'},
	9: {name: 'FAILED_PRECONDITION', kind: 'protocol', text: 'the request does not fit the current state'},
	10: {name: 'ABORTED', kind: 'transient', text: 'the call was aborted'},
	11: {name: 'OUT_OF_RANGE', kind: 'protocol', text: 'a value is out of range'},
	12: {name: 'UNIMPLEMENTED', kind: 'protocol', text: 'the call is not implemented (an unknown RPC id?)'},
	13: {name: 'INTERNAL', kind: 'transient', text: 'an internal error happened on the server'},
	14: {name: 'UNAVAILABLE', kind: 'transient', text: 'the service is unavailable'},
	15: {name: 'DATA_LOSS', kind: 'transient', text: 'data was lost on the server'},
	16: {
		name: 'UNAUTHENTICATED',
		kind: 'auth',
		text: 'the Google cookies were not accepted (signed out or expired)',
	},
};

/** The HTTP status a google.rpc.Code stands for, so PUBLIC_ERROR context reads as it does on labs. */
const httpOfRpcCode: Record<number, number> = {3: 400, 5: 404, 7: 403, 8: 429, 13: 500, 14: 503, 16: 401};

/** The kind an `er` HTTP-style status implies (F2A-cur reads it at index 5 or 6; `401` = bad cookies). */
function kindOfHttpStatus(status: number): ErrorKind {
	if (status === 401 || status === 403) return 'auth';
	if (status === 404) return 'not-found';
	if (status === 408 || status >= 500) return 'transient';
	if (status === 409 || status === 429) return 'throttle';
	return 'protocol';
}

const asNumber = (value: unknown): number | undefined =>
	Number.isInteger(value) ? (value as number) : undefined;

/** The index-5 code: `[code, …]` or bare; no refusal frame has been captured, so a digit string too. */
export function rpcCodeOf(slot: unknown): number | undefined {
	const head = Array.isArray(slot) ? slot[0] : slot;
	return typeof head === 'string' && /^\d{1,3}$/.test(head) ? Number(head) : asNumber(head);
}

function jsonOf(value: unknown): string {
	// A string reads the same quoted: only PUBLIC_ERROR tokens and "reCAPTCHA" are looked for in it.
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		// A BigInt or a cycle (never in parsed JSON): no text.
	}
	// Stryker disable next-line StringLiteral: a fallback with no PUBLIC_ERROR or reCAPTCHA in it reads the same
	return text ?? '';
}

/** Only reason-shaped strings are matched or shown: the server's free text never reaches a message raw. */
const reasonShape = /^[A-Z][A-Z0-9_]{2,99}$/;
const errorInfoType = /google\.rpc\.ErrorInfo$/;

/** `["type.googleapis.com/google.rpc.ErrorInfo", ["<reason>", …]]` anywhere in the slot: its reason. */
function errorInfoReason(value: unknown, depth = 0): string | undefined {
	if (!Array.isArray(value) || depth > 6) return undefined;
	if (typeof value[0] === 'string' && errorInfoType.test(value[0])) {
		const reason = Array.isArray(value[1]) ? value[1][0] : value[1];
		if (typeof reason === 'string' && reasonShape.test(reason)) return reason;
	}
	for (const item of value) {
		const found = errorInfoReason(item, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

/** A PUBLIC_ERROR_* anywhere in a value (error details or payload), as a FlowError; else undefined. */
export function publicErrorIn(value: unknown, httpStatus?: number): FlowError | undefined {
	const text = jsonOf(value);
	const code = findPublicErrorCode(text);
	if (code === undefined) return undefined;
	const kind =
		kindOfPublicError(code, {httpStatus, message: text}) ??
		(httpStatus === undefined ? 'policy' : kindOfHttpStatus(httpStatus));
	return new FlowError(kind, publicErrorSentences[code] ?? describePublicError(code), {code, httpStatus});
}

/**
 * A known reason decides, through the table labs uses too, so both transports agree. A new reason
 * under 7 or 8 is read by its words: a spent credit quota retires the account, while a model denial
 * or a model's own quota only moves that model's scenes to another account.
 */
function kindOfRefusal(code: number, reason: string | undefined, detail: string): ErrorKind {
	const known = reason && kindOfPublicError(reason, {httpStatus: httpOfRpcCode[code], message: detail});
	if (known) return known;
	// Stryker disable next-line StringLiteral: a fallback without CAPTCHA, MODEL, QUOTA… words reads the same
	const words = reason ?? '';
	if (code === 7) {
		if (/CAPTCHA|UNUSUAL_ACTIVITY/.test(words) || /recaptcha/i.test(detail)) return 'captcha';
		if (/MODEL|TIER/.test(words)) return 'model-access';
	}
	if (code === 8) {
		if (/MODEL/.test(words) && /QUOTA|LIMIT/.test(words)) return 'model-access';
		if (/QUOTA|CREDIT/.test(words)) return 'quota';
	}
	return rpcCodes[code]?.kind ?? 'protocol';
}

/** A coded refusal as a FlowError; a protocol one keeps the whole answer as a sample. */
export function rpcCodeError(code: number, slot: unknown, answer: Answer): FlowError {
	const detail = jsonOf(slot);
	const reason = errorInfoReason(slot) ?? findPublicErrorCode(detail);
	const kind = kindOfRefusal(code, reason, detail);
	const known = rpcCodes[code];
	const httpStatus = httpOfRpcCode[code];
	const sample = kind === 'protocol' ? wireSampleOf(answer.rpcid, answer.text) : undefined;
	// String(): the table has no "undefined" entry, so no reason finds no sentence.
	const sentence = publicErrorSentences[String(reason)];
	if (sentence !== undefined) return new FlowError(kind, sentence, {code: reason, httpStatus, sample});
	const name = known?.name ?? 'UNKNOWN';
	if (reason !== undefined) {
		return new FlowError(kind, `flow.google.com refused the call: ${reason} (code ${code} ${name})`, {
			code: reason,
			httpStatus,
			sample,
		});
	}
	if (known === undefined) {
		const text = `flow.google.com answered with an error code flowdeck does not know (code ${code})`;
		return new FlowError(kind, text, {code: 'WIRE_CHANGED', sample});
	}
	return new FlowError(kind, `flow.google.com: ${known.text} (code ${code} ${name})`, {
		code: name,
		httpStatus,
		sample,
	});
}

/** `["er", null, null, null, null, <status>, …]`: the whole batch was refused. */
export function erError(entry: unknown[], answer: Answer): FlowError {
	const status = asNumber(entry[5]) ?? asNumber(entry[6]);
	if (status === undefined) return publicErrorIn(entry) ?? wireChanged(answer.text, answer.rpcid);
	if (status < 100) return rpcCodeError(status, entry, answer);
	const fromPublic = publicErrorIn(entry, status);
	if (fromPublic) return fromPublic;
	const kind = kindOfHttpStatus(status);
	const why =
		status === 401
			? "the Google cookies were not accepted (signed out, expired, or another account's)"
			: `the call was refused (status ${status})`;
	return new FlowError(kind, `flow.google.com: ${why}`, {
		code: `ER_${status}`,
		httpStatus: status,
		sample: kind === 'protocol' ? wireSampleOf(answer.rpcid, answer.text) : undefined,
	});
}

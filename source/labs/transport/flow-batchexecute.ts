/**
 * Google's batchexecute framing as flow.google.com speaks it (FLOW_BATCHEXECUTE.md §1.2-§1.3, §3):
 * the request URL and form body of one RPC, and a reader for the chunked `rt=c` answer that turns
 * every error shape into a FlowError of the shared closed set. Pure: no I/O.
 *
 * The reader never trusts the length prefixes (peers saw them off by a byte or two, and sources
 * disagree on their unit): it finds each JSON array by bracket scanning that knows about strings.
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
} from '../errors.js';

export const batchexecutePath = '/_/AiSandboxAngularFrontend/data/batchexecute';

export const formContentType = 'application/x-www-form-urlencoded;charset=UTF-8';

/** What the project page's WIZ_global_data gives every call (§1.2, §1.4). */
export type PageSession = {
	/** SNlM0e: the XSRF token sent as `at`. */
	at: string;
	/** FdrFJe: sent as `f.sid`. */
	fsid: string;
	/** cfb2h: the build label, sent as `bl`. */
	bl: string;
	hl: string;
};

export type RpcCall = {rpcid: string; payload: unknown; sourcePath: string};

/** `?rpcids=…&source-path=…&bl=…&f.sid=…&hl=…&_reqid=…&rt=c`, in the order the page sends them. */
export function buildRpcUrl(flowUrl: string, call: RpcCall, session: PageSession, reqid: number): string {
	const query = new URLSearchParams({
		rpcids: call.rpcid,
		'source-path': call.sourcePath,
		bl: session.bl,
		'f.sid': session.fsid,
		hl: session.hl,
		_reqid: String(reqid),
		rt: 'c',
	});
	return `${flowUrl.replace(/\/+$/, '')}${batchexecutePath}?${query.toString()}`;
}

/** `[[[rpcid, "<payload as JSON>", null, "generic"]]]`: JSON inside JSON, compact, non-ASCII kept. */
export function encodeFreq(rpcid: string, payload: unknown): string {
	return JSON.stringify([[[rpcid, JSON.stringify(payload), null, 'generic']]]);
}

/** `f.req=…&at=…&` (RJ's trailing `&` included; form decoders ignore it). */
export function buildRpcBody(call: RpcCall, at: string): string {
	const form = new URLSearchParams({'f.req': encodeFreq(call.rpcid, call.payload), at});
	return `${form.toString()}&`;
}

// ---------------------------------------------------------------------------------------------------
// Reading the answer
// ---------------------------------------------------------------------------------------------------

const xssiGuard = ")]}'";

/** `at` tokens look like `<letters>:<epoch ms>`; a changed wire might echo one back into an excerpt. */
const redactWire = (text: string): string => redactSecrets(text).replace(/[\w-]{16,}:\d{10,}/g, '…');

/** The one error for "this is not what flowdeck knows": it says so, with a short, token-free excerpt. */
export function wireChanged(text: string): FlowError {
	const shown = excerpt(redactWire(typeof text === 'string' ? text : String(text))) || '(empty)';
	return new FlowError(
		'protocol',
		`flow.google.com answered in a shape flowdeck does not know (the wire may have changed): ${shown}`,
		{code: 'WIRE_CHANGED'},
	);
}

/** Index of the bracket closing the one at `start`, skipping brackets inside strings; -1 if none. */
function closingBracket(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '[' || c === '{') depth++;
		else if (c === ']' || c === '}') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/**
 * Every entry (`["wrb.fr", …]`, `["di", …]`, `["e", …]`, …) of every chunk, in order. Between chunks
 * only whitespace and length digits may appear; anything else means this is not a batchexecute answer.
 */
export function parseEnvelope(text: string): unknown[][] {
	if (typeof text !== 'string') throw wireChanged(String(text));
	let body = text.replace(/^\uFEFF/, '').trimStart();
	if (body.startsWith(xssiGuard)) body = body.slice(xssiGuard.length);
	const entries: unknown[][] = [];
	let i = 0;
	while (i < body.length) {
		const c = body[i] as string;
		if (c === '[') {
			const end = closingBracket(body, i);
			if (end < 0) throw wireChanged(text);
			let chunk: unknown;
			try {
				chunk = JSON.parse(body.slice(i, end + 1));
			} catch {
				throw wireChanged(text);
			}
			if (!Array.isArray(chunk)) throw wireChanged(text);
			if (typeof chunk[0] === 'string') entries.push(chunk);
			else if (chunk.every(Array.isArray)) entries.push(...(chunk as unknown[][]));
			else throw wireChanged(text);
			i = end + 1;
			continue;
		}
		if (/[\s\d]/.test(c)) {
			i++;
			continue;
		}
		throw wireChanged(text);
	}
	if (entries.length === 0) throw wireChanged(text);
	return entries;
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
	typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** A PUBLIC_ERROR_* anywhere in a value (error details or payload), as a FlowError; else undefined. */
export function publicErrorIn(value: unknown, httpStatus?: number): FlowError | undefined {
	let text: string;
	try {
		text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
	} catch {
		return undefined;
	}
	const code = findPublicErrorCode(text);
	if (code === undefined) return undefined;
	const kind =
		kindOfPublicError(code, {httpStatus, message: text}) ??
		(httpStatus === undefined ? 'policy' : kindOfHttpStatus(httpStatus));
	return new FlowError(kind, publicErrorSentences[code] ?? describePublicError(code), {code, httpStatus});
}

function rpcCodeError(code: number, detail: unknown): FlowError {
	const known = rpcCodes[code];
	const fromPublic = publicErrorIn(detail, httpOfRpcCode[code]);
	if (fromPublic) return fromPublic;
	const name = known?.name ?? 'UNKNOWN';
	let kind = known?.kind ?? 'protocol';
	// A reCAPTCHA refusal without a PUBLIC_ERROR reason still says so in its message.
	if (code === 7 && /recaptcha/i.test(JSON.stringify(detail) ?? '')) kind = 'captcha';
	const text = known?.text ?? 'the call failed';
	return new FlowError(kind, `flow.google.com: ${text} (code ${code} ${name})`, {
		code: name,
		httpStatus: httpOfRpcCode[code],
	});
}

/** `["er", null, null, null, null, <status>, …]`: the whole batch was refused. */
function erError(entry: unknown[], text: string): FlowError {
	const status = asNumber(entry[5]) ?? asNumber(entry[6]);
	if (status === undefined) return publicErrorIn(entry) ?? wireChanged(text);
	if (status < 100) return rpcCodeError(status, entry);
	const fromPublic = publicErrorIn(entry, status);
	if (fromPublic) return fromPublic;
	const kind = kindOfHttpStatus(status);
	const why =
		status === 401
			? "the Google cookies were not accepted (signed out, expired, or another account's)"
			: `the call was refused (status ${status})`;
	return new FlowError(kind, `flow.google.com: ${why}`, {code: `ER_${status}`, httpStatus: status});
}

export type RpcOutcome =
	| {kind: 'payload'; payload: unknown}
	/** The `at` token was stale or missing; the server may hand a fresh one back. */
	| {kind: 'xsrf'; token?: string};

/**
 * The outcome of one RPC from its answer: the decoded inner payload, an xsrf challenge, or a thrown
 * FlowError (null payload with an index-5 code, `er`, PUBLIC_ERROR_* in the error slot, or a shape
 * flowdeck does not know).
 */
export function readRpcOutcome(text: string, rpcid: string): RpcOutcome {
	const entries = parseEnvelope(text);
	const xsrf = entries.find((entry) => entry[0] === 'xsrf');
	if (xsrf) {
		const token = typeof xsrf[1] === 'string' && xsrf[1].trim() !== '' ? xsrf[1] : undefined;
		return token === undefined ? {kind: 'xsrf'} : {kind: 'xsrf', token};
	}
	const data = entries.find((entry) => entry[0] === 'wrb.fr' && entry[1] === rpcid);
	if (!data) {
		const er = entries.find((entry) => entry[0] === 'er');
		throw er ? erError(er, text) : wireChanged(text);
	}
	if (typeof data[2] === 'string') {
		let payload: unknown;
		try {
			payload = JSON.parse(data[2]);
		} catch {
			throw wireChanged(text);
		}
		if (payload !== null) return {kind: 'payload', payload};
	} else if (data[2] !== null && data[2] !== undefined) {
		throw wireChanged(text);
	}
	const slot = data[5];
	const code = Array.isArray(slot) ? asNumber(slot[0]) : asNumber(slot);
	if (code !== undefined) throw rpcCodeError(code, slot);
	throw publicErrorIn(data) ?? wireChanged(text);
}

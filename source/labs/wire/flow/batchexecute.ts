/**
 * Google's batchexecute framing as flow.google.com speaks it (FLOW_BATCHEXECUTE.md §1.2-§1.3, §3):
 * the request URL and form body of one RPC, and a reader for the chunked `rt=c` answer that turns
 * every error shape into a FlowError of the shared closed set. Pure: no I/O.
 *
 * The reader never trusts the length prefixes (peers saw them off by a byte or two, and sources
 * disagree on their unit): it finds each JSON array by bracket scanning that knows about strings.
 */
import type {FlowError} from '../../errors/index.js';
import {erError, publicErrorIn, rpcCodeError, rpcCodeOf, wireChanged} from './errors.js';

// Readers of payloads import these from here, beside the framing they belong to.
export {publicErrorIn, wireChanged};

export const batchexecutePath = '/_/AiSandboxAngularFrontend/data/batchexecute';

/** As the page sends it (test/fixtures/wire/flow/*.jsonl, reqHeaders). */
export const formContentType = 'application/x-www-form-urlencoded;charset=utf-8';

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
export function parseEnvelope(text: string, rpcid?: string): unknown[][] {
	const changed = (): FlowError => wireChanged(text, rpcid);
	if (typeof text !== 'string') throw changed();
	// trimStart() drops a leading byte-order mark too (U+FEFF is white space to it).
	let body = text.trimStart();
	if (body.startsWith(xssiGuard)) body = body.slice(xssiGuard.length);
	const entries: unknown[][] = [];
	let i = 0;
	while (i < body.length) {
		const c = body[i] as string;
		if (c === '[') {
			const end = closingBracket(body, i);
			if (end < 0) throw changed();
			let chunk: unknown;
			try {
				chunk = JSON.parse(body.slice(i, end + 1));
			} catch {
				throw changed();
			}
			if (!Array.isArray(chunk)) throw changed();
			if (typeof chunk[0] === 'string') entries.push(chunk);
			else if (chunk.every(Array.isArray)) entries.push(...(chunk as unknown[][]));
			else throw changed();
			i = end + 1;
			continue;
		}
		if (/[\s\d]/.test(c)) {
			i++;
			continue;
		}
		throw changed();
	}
	if (entries.length === 0) throw changed();
	return entries;
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
	const entries = parseEnvelope(text, rpcid);
	const xsrf = entries.find((entry) => entry[0] === 'xsrf');
	if (xsrf) {
		const token = typeof xsrf[1] === 'string' && xsrf[1].trim() !== '' ? xsrf[1] : undefined;
		return token === undefined ? {kind: 'xsrf'} : {kind: 'xsrf', token};
	}
	const answer = {text, rpcid};
	const data = entries.find((entry) => entry[0] === 'wrb.fr' && entry[1] === rpcid);
	if (!data) {
		const er = entries.find((entry) => entry[0] === 'er');
		throw er ? erError(er, answer) : wireChanged(text, rpcid);
	}
	if (typeof data[2] === 'string') {
		let payload: unknown;
		try {
			payload = JSON.parse(data[2]);
		} catch {
			throw wireChanged(text, rpcid);
		}
		if (payload !== null) return {kind: 'payload', payload};
	} else if (data[2] !== null && data[2] !== undefined) {
		throw wireChanged(text, rpcid);
	}
	const code = rpcCodeOf(data[5]);
	if (code !== undefined) throw rpcCodeError(code, data[5], answer);
	throw publicErrorIn(data) ?? wireChanged(text, rpcid);
}

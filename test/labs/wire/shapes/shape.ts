/**
 * What the wire tests share (wire-captures-flow-*.test.ts, wire-shapes-*.test.ts): the captured
 * flow.google.com exchanges in test/fixtures/wire/flow, a skeleton of a JSON value and a comparison
 * of two skeletons, where each id sits in a conversation, and a tiny HTTP server that records what a
 * FlowTransport sends (answering itself or passing the call on to the simulator).
 */
import {readFileSync} from 'node:fs';
import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {Agent} from 'undici';
import {CookieJar} from '../../../../source/labs/wire/flow/cookie-jar.js';
import {parseCookieHeader} from '../../../../source/labs/wire/flow/google-cookies.js';
import {FlowTransport} from '../../../../source/labs/wire/flow/transport.js';

// ---------------------------------------------------------------------------------------------------
// The captures
// ---------------------------------------------------------------------------------------------------

const wireDir = new URL('../../../fixtures/wire/flow/', import.meta.url);

export const wireFile = (name: string): string => readFileSync(new URL(name, wireDir), 'utf8');

/** One line of a `*.masked.jsonl` capture, as its author's XHR hook wrote it. */
export type CapturedCall = {
	step?: string;
	rpcid: string;
	url: string;
	reqHeaders: Record<string, string>;
	status: number;
	durationMs: number;
	/** `f.req=<json>&at=<at>&`, already URL-decoded by the hook. */
	reqBody: string;
	respBody: string;
};

export const capturedCalls = (name: string): CapturedCall[] =>
	wireFile(name)
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as CapturedCall);

/** `f.req` and `at` of a decoded form body `f.req=<json>&at=<at>&` (the hook's decoded form). */
export function decodedForm(body: string): {freq: string; at: string} {
	const match = /^f\.req=(.*)&at=([^&]*)&$/s.exec(body);
	if (!match) throw new Error(`not a decoded batchexecute body: ${body.slice(0, 60)}`);
	return {freq: match[1] as string, at: match[2] as string};
}

/** The RPC id and inner payload (as text and as JSON) of an `f.req` value. */
export function innerOf(freq: string): {rpcid: string; inner: string; payload: unknown} {
	const envelope = JSON.parse(freq) as [[[string, string, null, string]]];
	const [rpcid, inner] = envelope[0][0];
	return {rpcid, inner, payload: JSON.parse(inner) as unknown};
}

/**
 * The `<length>` / `<chunk>` line pairs of an `rt=c` answer, read by lines (a chunk never spans lines:
 * newlines inside strings are escaped). For looking at the captures, not for flowdeck to use.
 */
export function chunkLines(text: string): {length: number; chunk: string}[] {
	const lines = text.split('\n');
	const pairs: {length: number; chunk: string}[] = [];
	for (let i = 0; i < lines.length - 1; i++) {
		const next = lines[i + 1] as string;
		if (/^\d+$/.test(lines[i] as string) && next.startsWith('['))
			pairs.push({length: Number(lines[i]), chunk: next});
	}
	return pairs;
}

/** The chunks of an answer as JSON: one array per chunk, each an array of entries. */
export const chunksOf = (text: string): unknown[][][] =>
	chunkLines(text).map(({chunk}) => JSON.parse(chunk) as unknown[][]);

/** A value down a path of indices (undefined when a step is not an array). */
export function at(value: unknown, path: readonly number[]): unknown {
	let current = value;
	for (const index of path) {
		if (!Array.isArray(current)) return undefined;
		current = current[index];
	}
	return current;
}

// ---------------------------------------------------------------------------------------------------
// Skeletons
// ---------------------------------------------------------------------------------------------------

export type Shape = 'string' | 'number' | 'boolean' | 'null' | 'undefined' | Shape[] | {[key: string]: Shape};

/**
 * The skeleton of a JSON value: an array becomes the array of its elements' skeletons, position by
 * position; a string, number, boolean or null becomes its type name. So string contents and number
 * values drop out, while nesting, types and positions stay.
 */
export function shapeOf(value: unknown): Shape {
	if (Array.isArray(value)) return value.map(shapeOf);
	if (value === null) return 'null';
	if (typeof value === 'string') return 'string';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'boolean';
	if (value === undefined) return 'undefined';
	if (typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
	}
	throw new Error(`not a JSON value: ${String(value)}`);
}

export type Path = readonly number[];

/** One place where two skeletons part: the path, and what each side has there. */
export type ShapeDiff = {path: Path; ours: string; capture: string};

/** A skeleton in a few words: its type name, or its JSON (cut short past 80 characters). */
function describe(shape: Shape | undefined): string {
	if (shape === undefined) return 'missing';
	if (typeof shape === 'string') return shape;
	const json = JSON.stringify(shape);
	return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

/** Every place where `ours` and `capture` part: a different type or nesting, or a slot one has and the other not. */
export function diffShapes(ours: Shape, capture: Shape, path: Path = []): ShapeDiff[] {
	if (Array.isArray(ours) && Array.isArray(capture)) {
		const diffs: ShapeDiff[] = [];
		for (let i = 0; i < Math.max(ours.length, capture.length); i++) {
			const mine = ours[i];
			const theirs = capture[i];
			if (mine === undefined || theirs === undefined) {
				diffs.push({path: [...path, i], ours: describe(mine), capture: describe(theirs)});
			} else {
				diffs.push(...diffShapes(mine, theirs, [...path, i]));
			}
		}
		return diffs;
	}
	if (JSON.stringify(ours) === JSON.stringify(capture)) return [];
	return [{path, ours: describe(ours), capture: describe(capture)}];
}

export const showPath = (path: Path): string =>
	path.length === 0 ? '(top)' : path.map((i) => `[${i}]`).join('');

export const startsWith = (path: Path, prefix: Path): boolean =>
	prefix.length <= path.length && prefix.every((index, i) => path[i] === index);

// ---------------------------------------------------------------------------------------------------
// Where each id sits
// ---------------------------------------------------------------------------------------------------

/** The masks the capture authors put over ids (`<uuid#11>`). */
export const maskedId = /<uuid#\d+>/g;
/** Real UUIDs, as the simulator and flowdeck make them (any case). */
export const realId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The places each id takes in a conversation (named payloads, in order), grouped per id: a sorted list
 * of groups, each a sorted list of `name[i][j]…` (with `~` when the id is only part of a longer
 * string, as in a signed URL). Two conversations that put the same ids in the same places give
 * equal lists, whatever the ids are; a swap of two id slots does not.
 */
export function idPlaces(
	conversation: ReadonlyArray<readonly [string, unknown]>,
	ids: RegExp,
	skip: (name: string, path: Path) => boolean = () => false,
): string[][] {
	const groups = new Map<string, string[]>();
	const walk = (name: string, value: unknown, path: number[]) => {
		if (Array.isArray(value)) {
			for (const [i, item] of value.entries()) walk(name, item, [...path, i]);
			return;
		}
		if (typeof value !== 'string' || skip(name, path)) return;
		for (const match of value.matchAll(ids)) {
			const id = match[0].toLowerCase();
			const place = `${name}${showPath(path)}${match[0] === value ? '' : '~'}`;
			groups.set(id, [...(groups.get(id) ?? []), place]);
		}
	};
	for (const [name, value] of conversation) walk(name, value, []);
	return [...groups.values()].map((places) => [...places].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------------
// Seeing what a FlowTransport sends
// ---------------------------------------------------------------------------------------------------

export type Seen = {
	method: string;
	/** Path and query, as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
	/** What went back. */
	status?: number;
	reply?: string;
};

export type Reply = {status: number; body: string; headers?: Record<string, string>};

export type Recorder = {url: string; seen: Seen[]; close(): Promise<void>};

/** A local HTTP server that writes down every request and the answer `answer` gives it. */
export async function startRecorder(answer: (seen: Seen) => Reply | Promise<Reply>): Promise<Recorder> {
	const seen: Seen[] = [];
	const server = createServer(async (req, res) => {
		let body = '';
		for await (const chunk of req) body += chunk;
		const entry: Seen = {method: req.method ?? '', url: req.url ?? '', headers: req.headers, body};
		seen.push(entry);
		try {
			const reply = await answer(entry);
			entry.status = reply.status;
			entry.reply = reply.body;
			res.writeHead(reply.status, reply.headers ?? {});
			res.end(reply.body);
		} catch (error) {
			res.writeHead(599);
			res.end(String(error));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** An `answer` that passes each call on to another origin (the simulator) and hands back its reply. */
export function passTo(origin: string): (seen: Seen) => Promise<Reply> {
	return async (seen) => {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(seen.headers)) {
			if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) {
				headers[name] = value;
			}
		}
		const response = await fetch(`${origin}${seen.url}`, {
			method: seen.method,
			headers,
			body: seen.method === 'GET' || seen.method === 'HEAD' ? undefined : seen.body,
			redirect: 'manual',
		});
		const passed: Record<string, string> = {};
		for (const name of ['content-type', 'location']) {
			const value = response.headers.get(name);
			if (value !== null) passed[name] = value;
		}
		return {status: response.status, headers: passed, body: await response.text()};
	};
}

/** A FlowTransport on `flowUrl` holding `cookies` (a Cookie header), with a dispatcher of its own. */
export const flowTransportAt = (flowUrl: string, cookies: string): FlowTransport =>
	new FlowTransport({
		jar: new CookieJar(parseCookieHeader(cookies), flowUrl),
		flowUrl,
		dispatcher: new Agent(),
		ownsDispatcher: true,
	});

/** The batchexecute calls among what a recorder saw, with their form and inner payload decoded. */
export function rpcCallsIn(
	seen: readonly Seen[],
): Array<
	Seen & {rpcid: string; query: [string, string][]; freq: string; at: string | null; payload: unknown}
> {
	return seen
		.filter((entry) => entry.method === 'POST' && entry.url.includes('/data/batchexecute'))
		.map((entry) => {
			const form = new URLSearchParams(entry.body);
			const freq = form.get('f.req') ?? '';
			const {rpcid, payload} = innerOf(freq);
			const query = [...new URL(entry.url, 'http://x').searchParams] as [string, string][];
			return {...entry, rpcid, query, freq, at: form.get('at'), payload};
		});
}

/**
 * fuzz-flow's changes of one slot: every path of a captured payload (or of the page's
 * WIZ_global_data) set to null, a wrong type, a huge number, a NaN-ish string, a deep nesting, or
 * removed; and the random answers for the project page.
 */
import {
	type Capture,
	dataEntry,
	framed,
	type Path,
	removed,
	replaceAt,
	slotPaths,
	type Target,
	wizData,
	wizPage,
} from './fuzz-flow-captures.js';
import {
	type Answer,
	type FuzzCase,
	garbage,
	html,
	htmlPages,
	hugePage,
	json,
	ok,
	randomJson,
	wrongType,
} from './fuzz-flow-pieces.js';
import {hugeNumbers, nanStrings, nested, raw, rawJson} from './fuzz-flow-raw.js';
import type {Rng} from './helpers.js';

export const slotOps = ['null', 'type', 'huge', 'nan', 'deep', 'remove'] as const;
export type SlotOp = (typeof slotOps)[number];

export function mutateSlot(r: Rng, value: unknown, path: Path, op: SlotOp): unknown {
	return replaceAt(value, path, (old) => {
		if (op === 'null') return null;
		if (op === 'type') return wrongType(r, old);
		if (op === 'huge') return raw(r.pick(hugeNumbers));
		if (op === 'nan') return r.pick(nanStrings);
		if (op === 'deep') return raw(nested(r.pick([8, 64, 1000, 6000, 30_000]), rawJson(old ?? null)));
		return removed;
	});
}

const rpcAnswer = (target: Target, payload: unknown): Answer => ok(framed([dataEntry(target, payload)]));

/** The captured reply with one slot changed; `page` mutates the WIZ_global_data object. */
export function slotCase(r: Rng, capture: Capture | 'page', path: Path, op: SlotOp): FuzzCase {
	const kind = `slot-${op}`;
	if (capture === 'page') {
		const wiz = rawJson(mutateSlot(r, wizData(), path, op));
		return {target: 'page', kind, answer: ok(wizPage(wiz), html), from: `WIZ ${path.join('.')}`};
	}
	const payload = mutateSlot(r, capture.payload, path, op);
	return {
		...refsOf(capture),
		kind,
		answer: rpcAnswer(capture.target, payload),
		from: `${capture.file} ${path.join('.')}`,
	};
}

const refsOf = (capture: Capture): Pick<FuzzCase, 'target' | 'ref' | 'batchId'> => ({
	target: capture.target,
	...(capture.ref ? {ref: capture.ref} : {}),
	...(capture.batchId ? {batchId: capture.batchId} : {}),
});

/** Every (path, op) of every capture and of the page: the full walk. */
export function everySlot(captures: Capture[]): Array<{capture: Capture | 'page'; path: Path; op: SlotOp}> {
	const all: Array<{capture: Capture | 'page'; path: Path; op: SlotOp}> = [];
	for (const capture of [...captures, 'page' as const]) {
		const paths = slotPaths(capture === 'page' ? wizData() : capture.payload);
		for (const path of paths) for (const op of slotOps) all.push({capture, path, op});
	}
	return all;
}

export const pageKinds = [
	'garbage',
	'empty',
	'html',
	'redirect',
	'status',
	'truncated',
	'wiz-garbage',
	'huge-html',
	'json',
	'cut',
	'capture',
] as const;

/** One random answer for the project page. */
export function pageKindAnswer(r: Rng, kind: string): Answer {
	const page = wizPage(JSON.stringify(wizData()));
	switch (kind) {
		case 'garbage':
			return ok(garbage(r), html);
		case 'empty':
			return ok('', html);
		case 'html':
			return ok(r.pick(htmlPages), html);
		case 'redirect':
			return {
				status: r.pick([301, 302, 303, 307]),
				contentType: html,
				body: '',
				headers: {
					location: r.pick([
						'/about',
						'/project/x',
						'/',
						'https://accounts.google.com/ServiceLogin',
						'http://[::1',
						'//elsewhere.invalid/',
						'',
						'/about/x',
					]),
				},
			};
		case 'status':
			return {
				status: r.pick([401, 403, 404, 429, 500, 502, 503, 418, 204]),
				contentType: r.pick([html, json]),
				body: r.pick([
					'',
					'{"error":{"code":429,"message":"x","status":"RESOURCE_EXHAUSTED"}}',
					htmlPages[0] as string,
				]),
			};
		case 'truncated':
			return ok(page.slice(0, r.int(1, page.length - 2)), html);
		case 'wiz-garbage':
			return ok(
				wizPage(
					r.pick([
						'null',
						'{',
						'[]',
						'{"SNlM0e":7}',
						rawJson(randomJson(r)),
						nested(6000),
						`{"SNlM0e":"a\\u0000b","FdrFJe":"1","cfb2h":"b"}`,
					]),
				),
				html,
			);
		case 'huge-html':
			// No lang on the first <html> tag, so a reader looking for one searches the rest.
			return ok(hugePage(r, page.replace('<html lang="en">', '<html>')), html);
		case 'json':
			return ok(framed([dataEntry('nzlxg', [1])]), json);
		case 'cut':
			return {...ok(page.slice(0, r.int(0, page.length - 1)), html), cut: true};
		default:
			return ok(page, html);
	}
}

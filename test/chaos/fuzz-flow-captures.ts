/**
 * The starting points of fuzz-flow: the real flow.google.com replies in test/fixtures/wire/flow
 * (SOURCES.md), decoded, with their masks filled in and every URL pointed at the test's own
 * loopback server (a fuzzed answer must never send a download anywhere else), plus the framing
 * that turns a payload back into an `rt=c` answer and a walk over every slot of a payload.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {rawJson} from './fuzz-flow-raw.js';

export type Target = 'page' | 'nzlxg' | 'jHPbke' | 'YhhmEf' | 'jwpduf' | 'as29s' | 'Zzl0ze';
export const targets: readonly Target[] = ['page', 'nzlxg', 'jHPbke', 'YhhmEf', 'jwpduf', 'as29s', 'Zzl0ze'];

export type MediaRef = {name: string; projectId: string};

/** One captured payload the client is asked about: `ref` is the media the call names. */
export type Capture = {target: Target; file: string; payload: unknown; ref?: MediaRef; batchId?: string};

const dir = join(import.meta.dirname, '..', 'fixtures', 'wire', 'flow');

/** `<uuid#n>` → a real UUID (the client looks for UUIDs), the same n giving the same id. */
export const maskedUuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The project `<uuid#1>` every capture shares (SOURCES.md). */
export const projectId = maskedUuid(1);

/** Real hosts in the captures; every one becomes the loopback origin. */
const realOrigins = /https:\/\/(?:flow-content\.google|lh3\.googleusercontent\.com)/g;

function unmask(text: string, cdn: string): string {
	return text
		.replace(/<uuid#(\d+)>/g, (_, n: string) => maskedUuid(Number(n)))
		.replace(/<id#(\d+)>/g, (_, n: string) => `${n}00417`)
		.replace(realOrigins, cdn);
}

/** The payload of the `wrb.fr` entry of a captured `rt=c` reply. */
function capturedPayload(file: string, cdn: string): unknown {
	const text = unmask(readFileSync(join(dir, file), 'utf8'), cdn);
	const line = text.split('\n').find((l) => l.startsWith('[["wrb.fr"'));
	if (!line) throw new Error(`${file}: no wrb.fr chunk`);
	const entry = (JSON.parse(line) as unknown[][])[0] as unknown[];
	return JSON.parse(entry[2] as string);
}

const media = (n: number): MediaRef => ({name: maskedUuid(n), projectId});

/** The Zzl0ze excerpt's project and one batch id its headings carry (the first heading). */
export const contentsProject = 'c5d1301b-07fe-4485-86d9-49a47449a494';
export const contentsBatch = '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6';

/** No jHPbke reply was captured: the simulator's shape (flow/rpcs.ts), a new project's id first. */
const createdProject = (): unknown => [[maskedUuid(77), [null, ['flowdeck']], null, [1790240000, 0]]];

export function loadCaptures(cdn: string): Capture[] {
	const contents = JSON.parse(
		unmask(readFileSync(join(dir, 'Zzl0ze_project-contents.excerpt.json'), 'utf8'), cdn),
	) as {payload: unknown};
	const reply = (target: Target, file: string, ref?: MediaRef): Capture => ({
		target,
		file,
		payload: capturedPayload(file, cdn),
		...(ref ? {ref} : {}),
	});
	return [
		reply('nzlxg', '2026-09-24_nzlxg_credits.response.txt'),
		reply('YhhmEf', '2026-09-24_YhhmEf_abra_t2v_6s.response.txt'),
		reply('YhhmEf', '2026-09-25_YhhmEf_veo_3_1_t2v_fast_portrait.response.txt'),
		// The r2v submit answers in the same shape under its own rpc id; served here as YhhmEf's.
		reply('YhhmEf', '2026-09-25_MZZa6b_veo_3_1_r2v_fast_portrait.response.txt'),
		reply('jwpduf', '2026-09-24_jwpduf_done.response.txt', media(11)),
		reply('jwpduf', '2026-09-25_jwpduf_running.response.txt', media(30)),
		reply('jwpduf', '2026-09-25_jwpduf_done_veo_r2v.response.txt', media(40)),
		reply('as29s', '2026-09-24_as29s_done_with-urls.response.txt', media(11)),
		{
			target: 'Zzl0ze',
			file: 'Zzl0ze_project-contents.excerpt.json',
			payload: contents.payload,
			batchId: contentsBatch,
		},
		{target: 'jHPbke', file: '(simulator shape)', payload: createdProject()},
	];
}

/** The page's WIZ_global_data, as the simulator serves it (flow/routes.ts). */
export const wizData = (): Record<string, unknown> => ({
	SNlM0e: 'AFfuzzAt0123:1790240000000',
	FdrFJe: '-4711000000000000000',
	cfb2h: 'boq_labs-ai-sandbox-frontend_20260922.09_p0',
	xZbWve: '6LfuzzSiteKey',
	qwAQke: 'AiSandboxAngularFrontend',
});

export const wizPage = (wiz: string): string =>
	'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flow</title>' +
	`<script data-id="_gd" nonce="f">window.WIZ_global_data = ${wiz};</script></head>` +
	'<body><aisandbox-root></aisandbox-root></body></html>';

// ---- framing ----

export type Entry = unknown[];

export const dataEntry = (rpcid: string, payload: unknown): Entry => [
	'wrb.fr',
	rpcid,
	rawJson(payload),
	null,
	null,
	null,
	'generic',
];

/** `)]}'`, a blank line, then `<length>\n<chunk>\n` pairs with lengths as given (captured ones lie too). */
export function frameChunks(chunks: string[], lengths?: string[]): string {
	const body = chunks.map((chunk, i) => `${lengths?.[i] ?? chunk.length + 2}\n${chunk}\n`).join('');
	return `)]}'\n\n${body}`;
}

/** One answer as the captures show it: the entries with `di` / `af.httprm`, then the `e` trailer. */
export function framed(entries: Entry[]): string {
	const first = rawJson([...entries, ['di', 751], ['af.httprm', 751, '-300417', 51]]);
	return frameChunks([first, JSON.stringify([['e', 4, null, null, first.length + 40]])]);
}

// ---- every slot of a payload ----

export type Path = Array<number | string>;

/** Every node under `value` (the root excluded), depth first. */
export function slotPaths(value: unknown, at: Path = [], found: Path[] = []): Path[] {
	if (Array.isArray(value)) {
		value.forEach((item, i) => {
			found.push([...at, i]);
			slotPaths(item, [...at, i], found);
		});
	} else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			found.push([...at, key]);
			slotPaths(item, [...at, key], found);
		}
	}
	return found;
}

const remove = Symbol('remove');

/** A copy of `value` with the slot at `path` replaced (or removed, for `remove`). */
export function replaceAt(value: unknown, path: Path, next: (old: unknown) => unknown): unknown {
	if (path.length === 0) return next(value);
	const [head, ...rest] = path;
	if (Array.isArray(value) && typeof head === 'number') {
		const copy = [...value];
		const replaced = replaceAt(copy[head], rest, next);
		if (replaced === remove) copy.splice(head, 1);
		else copy[head] = replaced;
		return copy;
	}
	if (typeof value === 'object' && value !== null && typeof head === 'string') {
		const copy: Record<string, unknown> = {...(value as Record<string, unknown>)};
		const replaced = replaceAt(copy[head], rest, next);
		if (replaced === remove) delete copy[head];
		else copy[head] = replaced;
		return copy;
	}
	return value;
}

export const removed: unknown = remove;

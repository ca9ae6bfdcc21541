/**
 * The real flow.google.com exchanges (test/fixtures/wire/flow, provenance in SOURCES.md there), read
 * and rebuilt by flowdeck's own code in the wire-captures-flow-*.test.ts files. Every expected value
 * there is copied from the capture by eye: if flowdeck reads a capture differently from a person, a
 * test fails. The project-contents capture (Zzl0ze) has its own test.
 *
 * What those files share: the list of captures, each captured call and its answer read as flowdeck
 * reads it, and a captured request's URL and body taken apart.
 */
import {expect} from 'vitest';
import {readRpcOutcome} from '../../../../source/labs/wire/flow/batchexecute.js';
import {type CapturedCall, capturedCalls, wireFile} from '../shapes/shape.js';

export const day1 = '2026-09-24_video-rpcs.masked.jsonl';
export const day2 = '2026-09-25_video-rpcs.masked.jsonl';

/**
 * Every captured call, and the stand-alone files extracted from it (`<base>.response.txt`,
 * `<base>.request-body.decoded.txt`). `line` is the index in the jsonl file, from 0 (SOURCES.md counts from 1).
 */
export const captures: Array<{jsonl: string; line: number; rpcid: string; step?: string; base?: string}> = [
	{jsonl: day1, line: 0, rpcid: 'YhhmEf', base: '2026-09-24_YhhmEf_abra_t2v_6s'},
	{jsonl: day1, line: 1, rpcid: 'jwpduf', base: '2026-09-24_jwpduf_done'},
	{jsonl: day1, line: 2, rpcid: 'as29s', base: '2026-09-24_as29s_done_with-urls'},
	{jsonl: day1, line: 3, rpcid: 'nzlxg', base: '2026-09-24_nzlxg_credits'},
	{jsonl: day2, line: 0, rpcid: 'MZZa6b', step: 'h1-omni-r2v-submit'},
	{jsonl: day2, line: 1, rpcid: 'jwpduf', step: 'h1-omni-r2v-poll-first', base: '2026-09-25_jwpduf_running'},
	{jsonl: day2, line: 2, rpcid: 'jwpduf', step: 'h1-omni-r2v-poll-last'},
	{jsonl: day2, line: 3, rpcid: 'as29s', step: 'h1-omni-r2v-media'},
	{
		jsonl: day2,
		line: 4,
		rpcid: 'YhhmEf',
		step: 'h2a-veo-t2v-control-no-ref',
		base: '2026-09-25_YhhmEf_veo_3_1_t2v_fast_portrait',
	},
	{
		jsonl: day2,
		line: 5,
		rpcid: 'MZZa6b',
		step: 'h2b-veo-r2v-submit',
		base: '2026-09-25_MZZa6b_veo_3_1_r2v_fast_portrait',
	},
	{
		jsonl: day2,
		line: 6,
		rpcid: 'jwpduf',
		step: 'h2b-veo-r2v-poll-last',
		base: '2026-09-25_jwpduf_done_veo_r2v',
	},
];

export const call = (jsonl: string, line: number): CapturedCall => {
	const found = capturedCalls(jsonl)[line];
	if (!found) throw new Error(`${jsonl} has no line ${line}`);
	return found;
};

/** The decoded inner payload of a captured answer, read as flowdeck reads it. */
export function payloadOf(text: string, rpcid: string): unknown {
	const outcome = readRpcOutcome(text, rpcid);
	if (outcome.kind !== 'payload') throw new Error(`${rpcid}: ${outcome.kind}`);
	return outcome.payload;
}

/** Every text of one captured answer: the jsonl's respBody and, when one was extracted, the .response.txt. */
export const replyTexts = (jsonl: string, line: number): string[] => {
	const entry = captures.find((c) => c.jsonl === jsonl && c.line === line);
	const texts = [call(jsonl, line).respBody];
	if (entry?.base) texts.push(wireFile(`${entry.base}.response.txt`));
	return texts;
};

export const project = '<uuid#1>';

/** `2026-09-24 #0` for test names. */
export const labelled = <T extends {jsonl: string; line: number}>(rows: T[]): Array<T & {from: string}> =>
	rows.map((row) => ({...row, from: `${row.jsonl.slice(0, 10)} #${row.line}`}));

// ---------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------

/** Query parameter names in order, and their values percent-decoded (masks may hold `#`). */
export const queryOf = (url: string): [string, string][] =>
	(url.split('?')[1] ?? '').split('&').map((pair) => {
		const [name = '', value = ''] = pair.split('=');
		return [name, decodeURIComponent(value)];
	});

/** The form a body makes once URL-decoded, written as the hook wrote it. */
export function decodedBody(raw: string): string {
	expect(raw.endsWith('&')).toBe(true);
	const form = new URLSearchParams(raw);
	expect([...form.keys()]).toEqual(['f.req', 'at']);
	return `f.req=${form.get('f.req')}&at=${form.get('at')}&`;
}

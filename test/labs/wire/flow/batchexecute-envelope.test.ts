/**
 * The batchexecute framing taken apart on small hand-made answers (wire/flow/batchexecute.ts): what may
 * stand between chunks, how a chunk is found without its length line, and what one RPC's answer is
 * read as (its payload, an xsrf challenge with or without a token, a refusal, or a changed wire).
 */
import {describe, expect, it} from 'vitest';
import {
	batchexecutePath,
	buildRpcBody,
	buildRpcUrl,
	parseEnvelope,
	readRpcOutcome,
} from '../../../../source/labs/wire/flow/batchexecute.js';
import {thrownFlowError as thrown} from '../../../helpers/flow-error.js';

/** A `wrb.fr` entry of `rpcid` whose payload slot holds `payload`, as the captures frame it. */
const data = (rpcid: string, payload: unknown, slot5: unknown = null): unknown[] => [
	'wrb.fr',
	rpcid,
	payload,
	null,
	null,
	slot5,
	'generic',
];
/** `)]}'`, then each chunk after a length line (deliberately wrong: flowdeck never reads it). */
const answer = (...chunks: unknown[][]): string =>
	`)]}'\n\n${chunks.map((c) => `7\n${JSON.stringify(c)}\n`).join('')}`;
const trailer = [['e', 4, null, null, 40]];

describe('building a call', () => {
	const session = {at: 'AT:1', fsid: '-1', bl: 'boq_x', hl: 'en'};
	const call = {rpcid: 'nzlxg', payload: [], sourcePath: '/'};

	it('drops every trailing slash of the flow URL before the batchexecute path, and nothing else', () => {
		const url = buildRpcUrl('https://labs.google/fx//', call, session, 1);
		expect(url.startsWith(`https://labs.google/fx${batchexecutePath}?rpcids=nzlxg&`)).toBe(true);
		expect(buildRpcUrl('http://127.0.0.1:9', call, session, 1)).toMatch(/^http:\/\/127\.0\.0\.1:9\/_\//);
	});

	it('ends the form body with the `&` the page sends', () => {
		expect(buildRpcBody(call, 'AT:1')).toBe(
			`f.req=${encodeURIComponent('[[["nzlxg","[]",null,"generic"]]]').replaceAll('%20', '+')}&at=AT%3A1&`,
		);
	});
});

describe('parseEnvelope', () => {
	it('reads chunks after a byte-order mark, leading blank lines, with or without the guard', () => {
		const chunk = [data('nzlxg', '[1]')];
		expect(parseEnvelope(`\uFEFF\n  ${answer(chunk)}`)).toEqual(chunk);
		expect(parseEnvelope(`\n${JSON.stringify(chunk)}`)).toEqual(chunk);
	});

	it('takes a chunk that is one entry as that entry, and a list of entries as each', () => {
		const text = `)]}'\n${JSON.stringify(['di', 3])}\n12\n${JSON.stringify([
			['af.httprm', 2],
			['e', 4],
		])}`;
		expect(parseEnvelope(text)).toEqual([
			['di', 3],
			['af.httprm', 2],
			['e', 4],
		]);
	});

	it('finds the end of a chunk past objects, escaped quotes and brackets inside strings', () => {
		const text = `)]}'\n[["di",{"k":[1]}],["x","a \\" ] [ \\\\"],["y"]]\n`;
		expect(parseEnvelope(text)).toEqual([['di', {k: [1]}], ['x', 'a " ] [ \\'], ['y']]);
	});

	it.each([
		['not a string', 42],
		['nothing after the guard', ")]}'\n\n"],
		['an unclosed chunk', `)]}'\n[["wrb.fr","nzlxg"`],
		['a chunk that is not JSON', `)]}'\n[["wrb.fr",nzlxg]]`],
		['a chunk of values, not entries', `)]}'\n[1,2]`],
		['a chunk mixing entries and values', `)]}'\n[["di",1],2]`],
		['words between chunks', `)]}'\n[["di",1]]\nok\n[["e",4]]`],
		['an object at the top', `)]}'\n{"a":[1]}`],
	])('%s is a changed wire', (_, text) => {
		expect(thrown(() => parseEnvelope(text as string, 'nzlxg'))).toMatchObject({code: 'WIRE_CHANGED'});
	});
});

describe('readRpcOutcome', () => {
	it('decodes the payload of the entry of the asked rpc, wherever it stands', () => {
		const text = answer([['di', 1], data('other', '[0]'), data('nzlxg', '[1050,null,"x"]')], trailer);
		expect(readRpcOutcome(text, 'nzlxg')).toEqual({kind: 'payload', payload: [1050, null, 'x']});
	});

	it.each([
		['a fresh token', 'AJvLN6tok:1', {kind: 'xsrf', token: 'AJvLN6tok:1'}],
		['a blank token', '  ', {kind: 'xsrf'}],
		['no token', null, {kind: 'xsrf'}],
	])('an xsrf entry with %s is a challenge, even beside data', (_, token, outcome) => {
		const text = answer([data('nzlxg', '[1]'), ['xsrf', token]]);
		expect(readRpcOutcome(text, 'nzlxg')).toEqual(outcome);
	});

	it('without data for the rpc, an er entry is that refusal, else the wire changed', () => {
		const er = ['er', null, null, null, null, 500, null, null, null, 14];
		expect(thrown(() => readRpcOutcome(answer([data('other', '[1]'), er]), 'nzlxg'))).toMatchObject({
			kind: 'transient',
			code: 'ER_500',
		});
		const changed = thrown(() => readRpcOutcome(answer([data('other', '[1]')], trailer), 'nzlxg'));
		expect(changed).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(changed.sample?.rpc).toBe('nzlxg');
	});

	it.each([
		['not JSON', 'not json'],
		['a number', 7],
		['a list', [1]],
	])('a payload slot that is %s is a changed wire', (_, payload) => {
		const error = thrown(() => readRpcOutcome(answer([data('nzlxg', payload)]), 'nzlxg'));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
	});

	it.each([
		['null', null],
		['the JSON null', 'null'],
	])('a payload %s with a code at 5 is that code', (_, payload) => {
		const error = thrown(() => readRpcOutcome(answer([data('nzlxg', payload, [8])]), 'nzlxg'));
		expect(error).toMatchObject({kind: 'throttle', code: 'RESOURCE_EXHAUSTED'});
	});

	it('a null payload without a code is the PUBLIC_ERROR_* the entry carries, else a changed wire', () => {
		const refused = data('YhhmEf', null, null).concat([[3, 'PUBLIC_ERROR_UNSAFE_GENERATION']]);
		expect(thrown(() => readRpcOutcome(answer([refused]), 'YhhmEf'))).toMatchObject({
			kind: 'policy',
			code: 'PUBLIC_ERROR_UNSAFE_GENERATION',
		});
		expect(thrown(() => readRpcOutcome(answer([data('YhhmEf', null)]), 'YhhmEf')).code).toBe('WIRE_CHANGED');
	});
});

/**
 * The `<length>` lines of the captured answers (test/fixtures/wire/flow), and why flowdeck does not
 * read by them (see wire-captures-flow.ts).
 */
import {describe, expect, it} from 'vitest';
import {parseEnvelope, readRpcOutcome} from '../../../../source/labs/wire/flow/batchexecute.js';
import {chunkLines} from '../shapes/shape.js';
import {call, captures} from './flow.js';

describe('the length lines of the captures are wrong, and flowdeck does not need them', () => {
	const texts = captures.map((c) => ({
		name: `${c.rpcid}, ${c.jsonl.slice(0, 10)} #${c.line}${c.base ? ` (${c.base}.response.txt)` : ''}`,
		rpcid: c.rpcid,
		text: call(c.jsonl, c.line).respBody,
	}));

	/** The rule the unmasked trailer chunks obey: the chunk's characters plus the newline before and after it. */
	const rightLength = (chunk: string): number => chunk.length + 2;

	/** The same answer with every length line recomputed by that rule. */
	const withRightLengths = (text: string): string =>
		text.replace(
			/^(\d+)\n(\[.*)$/gm,
			(_all, _length: string, chunk: string) => `${rightLength(chunk)}\n${chunk}`,
		);

	/** A reader that trusts the length lines: after each one, exactly that many characters. */
	function sliceByLengths(text: string): unknown[][] {
		const entries: unknown[][] = [];
		let i = text.indexOf('\n') + 1;
		while (i < text.length) {
			const lengthEnd = text.indexOf('\n', i + 1);
			if (lengthEnd < 0) break;
			const length = Number(text.slice(i, lengthEnd).trim());
			const chunk = JSON.parse(text.slice(lengthEnd, lengthEnd + length)) as unknown[][];
			entries.push(...chunk);
			i = lengthEnd + length;
		}
		return entries;
	}

	it.each(texts)('$name', ({rpcid, text}) => {
		const pairs = chunkLines(text);
		expect(pairs).toHaveLength(2);
		const [data, trailer] = pairs as [{length: number; chunk: string}, {length: number; chunk: string}];
		// The trailer `[["e",4,null,null,<n>]]` holds no masked value: its length line is right.
		expect(trailer.chunk).toMatch(/^\[\["e",4,null,null,\d+\]\]$/);
		expect(trailer.length).toBe(rightLength(trailer.chunk));
		// The data chunk's masks are shorter than what they hide: its length line is too big.
		expect(data.length).toBeGreaterThan(rightLength(data.chunk));
		// A reader that slices by the lengths fails on the captured text, and works once they are right.
		expect(() => sliceByLengths(text)).toThrow(SyntaxError);
		const fixed = withRightLengths(text);
		expect(fixed).not.toBe(text);
		expect(sliceByLengths(fixed)).toEqual(parseEnvelope(fixed));
		// flowdeck reads both the same.
		expect(parseEnvelope(text)).toEqual(parseEnvelope(fixed));
		expect(readRpcOutcome(text, rpcid)).toEqual(readRpcOutcome(fixed, rpcid));
		expect(parseEnvelope(text).map((entry) => entry[0])).toEqual(['wrb.fr', 'di', 'af.httprm', 'e']);
	});
});

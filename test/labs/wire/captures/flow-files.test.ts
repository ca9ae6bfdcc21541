/**
 * The capture files in test/fixtures/wire/flow, each accounted for (see wire-captures-flow.ts).
 */
import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {capturedCalls, wireFile} from '../shapes/shape.js';
import {call, captures, day1, day2} from './flow.js';

describe('the capture files', () => {
	it('are all accounted for: each .txt is the verbatim reqBody / respBody of one jsonl line', () => {
		const names = readdirSync(new URL('../../../fixtures/wire/flow/', import.meta.url)).sort();
		const expected = new Set(['SOURCES.md', 'Zzl0ze_project-contents.excerpt.json', day1, day2]);
		for (const c of captures) {
			if (c.base) expected.add(`${c.base}.response.txt`).add(`${c.base}.request-body.decoded.txt`);
		}
		expect(names).toEqual([...expected].sort());
		expect(capturedCalls(day1)).toHaveLength(4);
		expect(capturedCalls(day2)).toHaveLength(7);
		for (const c of captures) {
			const captured = call(c.jsonl, c.line);
			expect(captured.rpcid).toBe(c.rpcid);
			expect(captured.step).toBe(c.step);
			expect(captured.status).toBe(200);
			if (!c.base) continue;
			expect(wireFile(`${c.base}.response.txt`)).toBe(captured.respBody);
			expect(wireFile(`${c.base}.request-body.decoded.txt`)).toBe(captured.reqBody);
		}
	});
});

/**
 * The comparison of wire-shapes-compare.ts, made to fail on purpose: each mistake it is there for,
 * made to a copy of a capture, so nothing here depends on the simulator.
 */
import {describe, expect, it} from 'vitest';
import {captures, recordAt, type Side} from './captures.js';
import {placesOf, recordPath, replyProblems, requestProblems} from './compare.js';
import {at, maskedId} from './shape.js';

describe('the comparison fails on the mistakes it is there for', () => {
	const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

	/**
	 * A capture as today's service would send it (slot 3 null): what a correct simulator answer looks
	 * like. The mistakes below are made to a copy of it, so these tests do not depend on the simulator.
	 */
	function today(capture: Side): Side {
		const side = {...copy(capture), name: `today's ${capture.name}`};
		const path = recordPath(side, [3]);
		if (path === undefined) return side;
		const record = (path.length === 0 ? side.reply : at(side.reply, path.slice(0, -1))) as unknown[];
		record[path.at(-1)!] = null;
		return side;
	}

	it('a correct answer passes', () => {
		for (const capture of Object.values(captures).flat()) {
			expect(replyProblems(today(capture), capture)).toEqual([]);
			expect(requestProblems(today(capture), capture)).toEqual([]);
		}
	});

	it('media and workflow ids swapped in the record (the old slot-2 reading)', () => {
		const capture = captures.submitted[1]!;
		const swapped = today(capture);
		const record = at(swapped.reply, recordAt.YhhmEf!) as unknown[];
		[record[0], record[2]] = [record[2], record[0]];
		// Both are strings: the skeleton alone cannot see it; where the ids sit can.
		expect(replyProblems(swapped, capture)).toEqual([]);
		expect(placesOf([today(capture)], maskedId)).toEqual(placesOf([capture], maskedId));
		expect(placesOf([swapped], maskedId)).not.toEqual(placesOf([capture], maskedId));
	});

	it('each generate record wrapped in a list of its own ([[record], …])', () => {
		const capture = captures.submitted[1]!;
		const wrapped = today(capture);
		(wrapped.reply as unknown[])[3] = ((wrapped.reply as unknown[])[3] as unknown[]).map((record) => [
			record,
		]);
		expect(replyProblems(wrapped, capture)).toContain(
			`YhhmEf submitted vs ${capture.name}: at [3][0][1] ours is missing, the capture's string`,
		);
	});

	it('the trace mark back to 1', () => {
		const capture = captures.submitted[1]!;
		const old = today(capture);
		(old.request as unknown[][])[2]![1] = 1;
		expect(requestProblems(old, capture)).toEqual([
			`YhhmEf vs ${capture.name}: trace mark (2 since 2026-09-24) at [2][1] is 1, captured 2`,
		]);
	});

	it('a poll answer as the bare record list (the old [[records]]), a missing byte size, a string status', () => {
		const capture = captures.done[0]!;
		const bare = today(capture);
		bare.reply = [(bare.reply as unknown[])[2]];
		expect(replyProblems(bare, capture).length).toBeGreaterThan(0);
		const short = today(capture);
		(at(short.reply, [2, 0, 5]) as unknown[]).splice(13, 1);
		expect(replyProblems(short, capture)).toEqual([
			`jwpduf done vs ${capture.name}: at [2][0][5][13] ours is missing, the capture's number`,
		]);
		const named = today(capture);
		(at(named.reply, [2, 0, 5]) as unknown[])[8] = ['DONE'];
		expect(replyProblems(named, capture)).toContain(
			`jwpduf done vs ${capture.name}: at [2][0][5][8][0] ours is string, the capture's number`,
		);
	});

	it('a record slot 3 other than null (an allowance that no longer holds is reported too)', () => {
		const capture = captures.mediaUrl[0]!;
		const cae = {...today(capture), reply: copy(capture.reply)};
		expect(replyProblems(cae, capture)).toEqual([
			`as29s done vs ${capture.name}: "record slot 3" no longer differs: drop it from the allowed list`,
			`as29s done vs ${capture.name}: record slot 3 is "CAE", not null`,
		]);
	});

	it('the framing: a missing di entry', () => {
		const capture = captures.credits[0]!;
		expect(replyProblems(today(capture), capture)).toEqual([]);
		const framed = {...today(capture), replyText: capture.replyText.replace(/,\["di",\d+\]/, '')};
		expect(replyProblems(framed, capture)).toContain(`nzlxg credits vs ${capture.name}: entries differ`);
	});
});

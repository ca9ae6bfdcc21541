/**
 * What test/chaos/fuzz-flow.test.ts found in the flow client, kept as focused tests: each answer
 * below once made a reader throw something other than a classified FlowError, or return a value
 * of the wrong type.
 */
import {describe, expect, it} from 'vitest';
import {classifyHttpError, FlowError, redactSecrets} from '../../../../source/labs/errors/index.js';
import {readRpcOutcome} from '../../../../source/labs/wire/flow/batchexecute.js';
import {
	parseCreditsPayload,
	parseGeneratePayload,
} from '../../../../source/labs/wire/flow/payload-answers.js';
import {parseMediaUrlPayload, parseStatusPayload} from '../../../../source/labs/wire/flow/payload-status.js';
import {readPageSession} from '../../../../source/labs/wire/flow/wiz.js';

const project = '00000000-0000-4000-8000-000000000001';
const media = '00000000-0000-4000-8000-000000000030';

/**
 * A hang guard, not a speed goal: the fixed readers take milliseconds, the broken ones took 40 s or
 * more on these inputs, so a machine however busy stays far inside it.
 */
const hangBoundMs = 10_000;

/** `depth` arrays around null, built without recursion (JSON.parse reads it iteratively). */
const deep = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}null${']'.repeat(depth)}`);

/** The running jwpduf record (2026-09-25_jwpduf_running.response.txt), its status slot swapped. */
const record = (status: unknown): unknown[] => [
	media,
	project,
	'00000000-0000-4000-8000-000000000029',
	'CAE',
	null,
	[[1790319019, 282202000], 'The king walks', null, null, null, null, null, null, status, 1],
];

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return undefined;
}

describe('flow readers against answers the fuzzer found', () => {
	// Bug: the sample of an unreadable answer fell back to String(value), which recurses as deep as
	// the value and threw a RangeError (wrapped by the account client as a protocol error with a
	// RangeError inside) for a slot nested some thousands of arrays deep.
	it('a status slot nested 30,000 arrays deep reads as unreadable, with a sample', () => {
		const result = parseStatusPayload(
			[null, null, [record(deep(30_000))]],
			[{name: media, projectId: project}],
		);
		expect(result.media).toHaveLength(1);
		expect(result.media[0]?.state).toBe('unreadable');
		expect(result.media[0]?.sample?.text).toBeTruthy();
	});

	it.each([
		['nzlxg', () => parseCreditsPayload([deep(30_000), 1, 2, 2])],
		['YhhmEf', () => parseGeneratePayload(deep(30_000), project)],
		['as29s', () => parseMediaUrlPayload([deep(30_000)], media)],
		['as29s record', () => parseMediaUrlPayload(record(deep(30_000)), media)],
	])('%s: a payload nested 30,000 deep is a changed wire, not a RangeError', (_, run) => {
		const error = thrown(run);
		expect(error).toBeInstanceOf(FlowError);
		expect((error as FlowError).code).toBe('WIRE_CHANGED');
	});

	it('the whole answer nested 30,000 deep is a changed wire too', () => {
		const text = `)]}'\n\n${'['.repeat(30_000)}"wrb.fr"${']'.repeat(30_000)}`;
		const error = thrown(() => readRpcOutcome(text, 'nzlxg'));
		expect(error).toBeInstanceOf(FlowError);
	});

	// Bug: a credit balance of 0.5 was taken as the balance; a balance is a count, as every other
	// balance the client reads (balanceOf).
	it.each([[0.5], [1.5e-7]])('nzlxg: a balance of %s is not a count, so the wire changed', (balance) => {
		const error = thrown(() => parseCreditsPayload([balance, 1, 2, 2, null, balance]));
		expect(error).toBeInstanceOf(FlowError);
		expect((error as FlowError).code).toBe('WIRE_CHANGED');
	});
});

describe('records the fuzzer found', () => {
	// Bug: a record whose media id (slot 0) was an empty string still counted as a record, so a
	// submit came back with media "" and the scene would have polled and fetched nothing.
	it("a generate record with an empty media id is passed over for the heading's media id", () => {
		const heading = [
			'00000000-0000-4000-8000-000000000029',
			null,
			null,
			['t', 1, null, null, media, 'b', 2],
			project,
		];
		const result = parseGeneratePayload([null, 1040, [heading], [['', ...record([6]).slice(1)]]], project);
		expect(result.media).toEqual([{name: media, projectId: project}]);
	});

	it('a status record with a blank media id is no record: the answer is unreadable', () => {
		const error = thrown(() =>
			parseStatusPayload([null, null, [[' ', ...record([2]).slice(1)]]], [{name: media, projectId: project}]),
		);
		expect(error).toBeInstanceOf(FlowError);
	});
});

describe('flow pages and error pages the fuzzer found', () => {
	// Bug: `<html[^>]*\blang=` over the whole page backtracks quadratically on a page of unclosed
	// `<html` tags (about 40 s for this 360 KB one), blocking every account of the run meanwhile.
	it('a page of 60,000 unclosed <html tags is read at once', () => {
		const wiz = JSON.stringify({SNlM0e: 'AF:1790240000000', FdrFJe: '-4711', cfb2h: 'boq_x'});
		const page = `<html><script>window.WIZ_global_data = ${wiz};</script>${'<html '.repeat(60_000)}`;
		const started = performance.now();
		expect(readPageSession(page).hl).toBe('en');
		expect(performance.now() - started).toBeLessThan(hangBoundMs);
	});

	// Bug: the same for `<title[^>]*>` when an error page is described (about 6 s for 60,000 tags, so
	// over a minute for these 200,000).
	it('an error page of 200,000 unclosed <title tags is classified at once', () => {
		const started = performance.now();
		const error = classifyHttpError({
			status: 500,
			bodyText: '<title '.repeat(200_000),
			contentType: 'text/html',
		});
		expect(error.kind).toBe('transient');
		expect(performance.now() - started).toBeLessThan(hangBoundMs);
	});
});

describe('redacting an unreadable answer the fuzzer found', () => {
	// Bug: the cookie-name rule `[A-Z0-9]*SID[A-Z0-9]*=` backtracked quadratically on a long run of
	// SIDs: a 420 KB answer of them took some 40 s to turn into a changed-wire error.
	it('an answer of 60,000 SAPISIDs becomes a changed-wire error at once', () => {
		const started = performance.now();
		const error = thrown(() => readRpcOutcome('SAPISID'.repeat(60_000), 'nzlxg'));
		expect((error as FlowError).code).toBe('WIRE_CHANGED');
		expect(performance.now() - started).toBeLessThan(hangBoundMs);
	});

	it('still redacts the cookies it names', () => {
		const text = redactSecrets('SAPISID=abc123; __Secure-1PSID=g.a000-xyz; OSID=o-77');
		expect(text).not.toMatch(/abc123|g\.a000-xyz|o-77/);
	});
});

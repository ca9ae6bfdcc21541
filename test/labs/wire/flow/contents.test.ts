/**
 * Finding a lost submit in the project contents (source/labs/wire/flow/contents.ts), without a server: how often and
 * how far apart the look-up asks, what stops it, what a lost submit settles into (its media, a plain
 * xsrf refusal, or still in doubt), and which headings belong to a batch.
 */
import {getEventListeners} from 'node:events';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import type {MediaRef} from '../../../../source/labs/types.js';
import {
	lookUpBatch,
	mediaOfBatch,
	parseProjectContents,
	settleLostSubmit,
	xsrfChallengeCode,
} from '../../../../source/labs/wire/flow/contents.js';

const found: MediaRef[] = [{name: 'm1', projectId: 'p1'}];

/** A `find` that misses `misses` times, then finds; it counts its calls. */
function finder(misses: number) {
	const state = {calls: 0};
	const find = async (): Promise<MediaRef[] | undefined> => (++state.calls > misses ? found : undefined);
	return {state, find};
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

afterEach(() => {
	vi.useRealTimers();
});

describe('lookUpBatch', () => {
	it('asks four times within the grace period, a third of it apart, then gives up', async () => {
		const {state, find} = finder(10);
		const pauses: number[] = [];
		const result = await lookUpBatch(find, 300, async (ms) => void pauses.push(ms));
		expect(result).toBeUndefined();
		expect(state.calls).toBe(4);
		expect(pauses).toEqual([100, 100, 100]);
	});

	it('stops at the first find', async () => {
		const {state, find} = finder(1);
		const pauses: number[] = [];
		expect(await lookUpBatch(find, 300, async (ms) => void pauses.push(ms))).toBe(found);
		expect(state.calls).toBe(2);
		expect(pauses).toEqual([100]);
	});

	it.each([[0], [-5]])('with a grace period of %s asks once and never pauses', async (grace) => {
		const {state, find} = finder(10);
		const pause = vi.fn(async () => {});
		expect(await lookUpBatch(find, grace, pause)).toBeUndefined();
		expect(state.calls).toBe(1);
		expect(pause).not.toHaveBeenCalled();
	});

	it('a signal aborted during a find ends the look-up with its reason, before the next pause', async () => {
		const controller = new AbortController();
		const pause = vi.fn(async () => {});
		const reason = new Error('closing');
		const find = async () => {
			controller.abort(reason);
			return undefined;
		};
		expect(await rejection(lookUpBatch(find, 300, pause, controller.signal))).toBe(reason);
		expect(pause).not.toHaveBeenCalled();
	});

	it('the default pause waits the third of the grace period, and an abort cuts it short', async () => {
		vi.useFakeTimers();
		const controller = new AbortController();
		const {state, find} = finder(10);
		const reason = new Error('closing');
		const looking = rejection(lookUpBatch(find, 3000, undefined, controller.signal));
		await vi.advanceTimersByTimeAsync(999);
		expect(state.calls).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(state.calls).toBe(2);
		controller.abort(reason);
		expect(await looking).toBe(reason);
		// The pause's timer and its abort listener went with it.
		expect(vi.getTimerCount()).toBe(0);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
		expect(state.calls).toBe(2);
	});

	it("a pause that ends leaves no listener on the account's signal, which outlives many look-ups", async () => {
		vi.useFakeTimers();
		const controller = new AbortController();
		const {state, find} = finder(3);
		const looking = lookUpBatch(find, 30, undefined, controller.signal);
		await vi.advanceTimersByTimeAsync(30);
		expect(await looking).toBe(found);
		expect(state.calls).toBe(4);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	it('the default pause without a signal just waits', async () => {
		vi.useFakeTimers();
		const {state, find} = finder(2);
		const looking = lookUpBatch(find, 30);
		await vi.advanceTimersByTimeAsync(20);
		expect(await looking).toBe(found);
		expect(state.calls).toBe(3);
	});
});

describe('settleLostSubmit', () => {
	const lost = new FlowError('transient', 'the answer was lost', {code: 'SOCKET', ambiguous: true});
	const challenged = new FlowError('transient', 'xsrf', {code: xsrfChallengeCode, ambiguous: true});

	it('adopts the media the look-up finds, without a balance', async () => {
		expect(await settleLostSubmit(lost, async () => found, 0)).toEqual({media: found});
		expect(await settleLostSubmit(challenged, async () => found, 0)).toEqual({media: found});
	});

	it('a lost answer whose media are not found stays the lost (ambiguous) error', async () => {
		expect(await rejection(settleLostSubmit(lost, async () => undefined, 0))).toBe(lost);
	});

	it('an xsrf-challenged submit that left nothing was refused: transient XSRF_REFUSED, safe to send again', async () => {
		const error = (await rejection(settleLostSubmit(challenged, async () => undefined, 0))) as FlowError;
		expect(error).toBeInstanceOf(FlowError);
		expect(error).toMatchObject({kind: 'transient', code: 'XSRF_REFUSED', ambiguous: false});
		expect(error.message).toBe(
			'flow.google.com challenged the submit (xsrf) and nothing of it is in the project: it was refused before it ran',
		);
	});

	it('a look-up that fails proves nothing: the lost error stands, xsrf or not', async () => {
		const failing = async (): Promise<MediaRef[] | undefined> => {
			throw new FlowError('transient', 'down', {code: 'ER_500'});
		};
		expect(await rejection(settleLostSubmit(lost, failing, 0))).toBe(lost);
		expect(await rejection(settleLostSubmit(challenged, failing, 0))).toBe(challenged);
	});

	it('an account closing during the grace period leaves the submit in doubt at once', async () => {
		const controller = new AbortController();
		controller.abort(new Error('closing'));
		const find = vi.fn(async () => undefined);
		expect(await rejection(settleLostSubmit(challenged, find, 60_000, controller.signal))).toBe(challenged);
		expect(find).toHaveBeenCalledTimes(1);
	});
});

describe('the project contents', () => {
	const heading = (mediaId: string | null, batchId: string | null, projectId: string | null = 'p-listed') => [
		`wf-${mediaId}`,
		null,
		null,
		['title', 1, null, null, mediaId, batchId, 2],
		projectId,
	];

	it('matches a batch id case-blind, skips upsamples and headings without a media id', () => {
		const contents = parseProjectContents([
			null,
			[
				heading('m1', 'abc-batch'),
				heading('m1_upsampled', 'ABC-BATCH'),
				heading(null, 'ABC-BATCH'),
				heading('m2', 'ABC-BATCH', null),
				heading('m3', 'OTHER'),
				heading('m4', null),
			],
		]);
		expect(mediaOfBatch(contents, 'ABC-batch', 'p-asked')).toEqual([
			{name: 'm1', projectId: 'p-listed'},
			{name: 'm2', projectId: 'p-asked'},
		]);
		expect(mediaOfBatch(contents, 'NONE', 'p-asked')).toBeUndefined();
	});

	it('an empty project may leave both lists out', () => {
		expect(parseProjectContents([null])).toEqual({headings: [], records: []});
	});

	it('an answer that is not a list is a changed wire for Zzl0ze, however deep it is', () => {
		const error = (() => {
			try {
				parseProjectContents({headings: []});
			} catch (caught) {
				return caught as FlowError;
			}
		})();
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error?.sample?.rpc).toBe('Zzl0ze');
		expect(error?.message).toContain('{"headings":[]}');
		const deep = JSON.parse(`${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`);
		expect(() => parseProjectContents(deep)).toThrow(/\[object Object\]$/);
	});
});

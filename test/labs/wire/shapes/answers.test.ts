/**
 * The simulator's answers and flowdeck's requests, held next to the real captures of the same RPC in
 * the same state (test/fixtures/wire/flow). A FlowTransport talks to the simulator through a
 * recorder; the simulator's clock is driven by hand, so nothing here waits or depends on timing.
 *
 * What must match: the skeleton (nesting, each slot's type, each slot's position), where each id sits
 * across a conversation (so a swap of two id slots shows), and the few values that are the protocol
 * itself (listed in `pinned`). What may differ is listed in `erased` and `allowed`, each with its reason.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readRpcOutcome} from '../../../../source/labs/wire/flow/batchexecute.js';
import type {FlowTransport} from '../../../../source/labs/wire/flow/transport.js';
import {type Simulator, startSimulator} from '../../../../source/simulator/index.js';
import {googleCookiesOf} from '../flow/harness.js';
import {captures, type Side, type State} from './captures.js';
import {allowed, placesOf, r2vReference, recordPath, replyProblems, requestProblems} from './compare.js';
import {
	at,
	flowTransportAt,
	maskedId,
	passTo,
	type Recorder,
	realId,
	rpcCallsIn,
	showPath,
	startRecorder,
} from './shape.js';

// ---------------------------------------------------------------------------------------------------
// One conversation with the simulator: credits, generate, status running and done, media URL
// ---------------------------------------------------------------------------------------------------

let sim: Simulator;
let recorder: Recorder;
let transport: FlowTransport;
const readFailures: string[] = [];
const statesRead: Array<string | undefined> = [];
const ours = {} as Record<'credits' | 'submitted' | 'running' | 'done' | 'mediaUrl', Side>;

beforeAll(async () => {
	let clock = Date.UTC(2026, 9, 20, 12, 0, 0);
	sim = await startSimulator({
		accounts: [{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one'), migrated: true}],
		generationMs: 100_000,
		now: () => clock,
	});
	recorder = await startRecorder(passTo(sim.flowUrl));
	transport = flowTransportAt(recorder.url, googleCookiesOf('one'));
	await transport.credits();
	const projectId = await transport.createProject('wire shapes');
	const submitted = await transport.generate({
		request: {
			prompt: 'The king raises his hand and smiles',
			model: 'veo_3_1_t2v_fast_portrait',
			aspect: '9:16',
			copies: 1,
		},
		projectId,
		tier: 'PAYGATE_TIER_ONE',
		captchaToken: sim.mintCaptchaToken('acc1'),
	});
	// flowdeck's own reading of each answer is kept, not asserted here: a simulator answer flowdeck
	// cannot read must still reach the comparisons below.
	const read = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
		try {
			return await call();
		} catch (error) {
			readFailures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
	};
	const ref = submitted.media[0]!;
	clock += 50_000; // past the first tenth of generationMs: running
	statesRead.push((await read('running poll', () => transport.status([ref])))?.media[0]?.state);
	clock += 50_000; // the whole generationMs: done
	statesRead.push((await read('done poll', () => transport.status([ref])))?.media[0]?.state);
	await read('media URL', () => transport.resolveMediaUrl(ref));
	const calls = rpcCallsIn(recorder.seen);
	expect(calls.map((c) => c.rpcid)).toEqual(['nzlxg', 'jHPbke', 'YhhmEf', 'jwpduf', 'jwpduf', 'as29s']);
	const side = (i: number, state: State): Side => {
		const c = calls[i]!;
		// An answer that is no payload (a refusal) is kept as what it is, for the comparison to show.
		let reply: unknown;
		try {
			const outcome = readRpcOutcome(c.reply ?? '', c.rpcid);
			reply = outcome.kind === 'payload' ? outcome.payload : {notAPayload: outcome.kind};
		} catch (error) {
			reply = {notAPayload: error instanceof Error ? error.message : String(error)};
		}
		return {
			name: `simulator ${c.rpcid}`,
			rpcid: c.rpcid,
			state,
			kind: c.rpcid === 'nzlxg' ? 'none' : 't2v',
			request: c.payload,
			freq: c.freq,
			query: c.query.map(([name]) => name),
			reply,
			replyText: c.reply ?? '',
		};
	};
	// jHPbke (create project) has no capture: it is left out.
	Object.assign(ours, {
		credits: side(0, 'credits'),
		submitted: side(2, 'submitted'),
		running: side(3, 'running'),
		done: side(4, 'done'),
		mediaUrl: side(5, 'done'),
	});
});

afterAll(async () => {
	await transport?.close();
	await recorder?.close();
	await sim?.close();
});
describe('the simulator and flowdeck next to the captures', () => {
	it('the driven clock takes the job from submitted to running to done, and flowdeck reads each answer', () => {
		expect(ours.submitted.rpcid).toBe('YhhmEf');
		expect(readFailures).toEqual([]);
		expect(statesRead).toEqual(['active', 'succeeded']);
	});

	const cases: Array<[keyof typeof captures, string]> = [
		['credits', 'nzlxg'],
		['submitted', 'YhhmEf, status [6]'],
		['running', 'jwpduf, status [2]'],
		['done', 'jwpduf, status [3]'],
		['mediaUrl', 'as29s, done, with URLs'],
	];

	it.each(cases)('%s (%s): answer and request have the captured skeleton', (state) => {
		const mine = ours[state];
		for (const capture of captures[state]) {
			expect(capture.rpcid).toBe(mine.rpcid);
			expect(replyProblems(mine, capture)).toEqual([]);
			expect(requestProblems(mine, capture)).toEqual([]);
		}
	});

	it('record slot 3 is null in every simulator answer, "CAE" in every capture', () => {
		for (const state of ['submitted', 'running', 'done', 'mediaUrl'] as const) {
			const path = recordPath(ours[state], [3])!;
			expect(at(ours[state].reply, path)).toBeNull();
			for (const capture of captures[state]) expect(at(capture.reply, path)).toBe('CAE');
		}
	});

	it('the ids sit where the 2026-09-24 t2v run has them: submit, done poll, media URL', () => {
		const theirs = [captures.submitted[0]!, captures.done[0]!, captures.mediaUrl[0]!];
		const mine = [ours.submitted, ours.done, ours.mediaUrl];
		expect(placesOf(mine, realId)).toEqual(placesOf(theirs, maskedId));
	});

	it('the ids sit where the 2026-09-25 Veo t2v submit and the running poll have them', () => {
		expect(placesOf([ours.submitted], realId)).toEqual(placesOf([captures.submitted[1]!], maskedId));
		expect(placesOf([ours.running], realId)).toEqual(
			placesOf([captures.running[0]!], maskedId, r2vReference),
		);
	});

	it('the allowed list is explicit and every entry says why', () => {
		for (const allowance of allowed) expect(allowance.why.length).toBeGreaterThan(10);
		expect(allowed.map((a) => `${a.what} ${showPath(a.path)}`)).toEqual([
			'record slot 3 [3]',
			'the model entry of a reference-to-video record [5][6][1][0][2]',
			'the reference list of a reference-to-video record [5][6][1][1]',
			'the "Media not found." complaint of a running record (slot 10) [5][10]',
			'the "Media not found." complaint of a running record (slot 11) [5][11]',
		]);
	});
});

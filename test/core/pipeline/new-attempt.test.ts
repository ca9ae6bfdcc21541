import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';
import {type FlowAccount, Pipeline} from '../../../source/core/pipeline/index.js';
import type {AccountClient} from '../../../source/labs/account-client.js';
import {type SimHarness, standIn, startHarness} from '../../helpers/sim.js';

// The failure policy's `generation` row carried out (docs/failure-policy.md): a video Flow fails for
// a reason it refunds (server trouble, high traffic) gets ONE automatic new attempt, shown as attempt
// 2; a policy refusal never does. The account's status answers are rewritten here, on the client
// side, so the simulator keeps serving only the shapes the captures show.

let harness: SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const scene = (prompt: string, copies = 1): SceneSpec => ({
	index: 1,
	id: '001',
	prompt,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies,
});

/** The real client, except that the media of the first `failing` submits fail with `code`. */
function failingFirst(
	real: AccountClient,
	code: string,
	failing: number,
	copiesToFail = Infinity,
): FlowAccount {
	const doomed = new Set<string>();
	let submits = 0;
	return standIn(real, {
		async submit(request) {
			const result = await real.submit(request);
			if (submits++ < failing) for (const ref of result.media.slice(0, copiesToFail)) doomed.add(ref.name);
			return result;
		},
		async status(media) {
			const result = await real.status(media);
			return {
				...result,
				media: result.media.map((item) =>
					doomed.has(item.name) && item.state === 'succeeded'
						? {...item, state: 'failed', failureCode: code}
						: item,
				),
			};
		},
	});
}

async function run(client: (real: AccountClient) => FlowAccount, spec: SceneSpec) {
	harness = await startHarness({accounts: [{name: 'acc1', cookie: 'c1'}], generationMs: 20});
	const pipeline = new Pipeline({
		outDir: harness.dir,
		scenes: [spec],
		accounts: [{client: client(harness.clients[0] as AccountClient), maxInFlight: 4}],
		pollIntervalMs: 10,
		minSubmitGapMs: 0,
		backoffBaseMs: 5,
		backoffMaxMs: 20,
	});
	const events: RunEvent[] = [];
	pipeline.on('event', (event) => events.push(event));
	const state = await pipeline.start();
	const sceneEvents = events.flatMap((event) => (event.type === 'scene.state' ? [event] : []));
	return {state, sceneEvents, submits: harness.sim.stats.submits.length};
}

describe('a generation Flow failed and refunds', () => {
	it('is tried once more by itself, as attempt 2, and ends done', async () => {
		const {state, sceneEvents, submits} = await run(
			(real) => failingFirst(real, 'PUBLIC_ERROR_HIGH_TRAFFIC', 1),
			scene('a busy afternoon'),
		);
		expect(state.scenes[0]?.state).toBe('done');
		expect(state.scenes[0]?.attempt).toBe(2);
		expect(submits).toBe(2);
		const requeued = sceneEvents.find((event) => event.state === 'queued' && event.attempt === 2);
		expect(requeued?.error).toBe(
			'Flow is under high demand, try again later; Flow refunds this, so flowdeck tries once more (attempt 2)',
		);
	});

	it('gets one automatic new attempt only: a second such failure ends the scene', async () => {
		const {state, submits} = await run(
			(real) => failingFirst(real, 'PUBLIC_ERROR_SOMETHING_WENT_WRONG', 5),
			scene('twice unlucky'),
		);
		expect(state.scenes[0]).toMatchObject({
			state: 'failed',
			attempt: 2,
			error: 'something went wrong on the server',
		});
		expect(submits).toBe(2);
	});

	it('is not tried again when another copy of the scene was saved', async () => {
		const {state, submits} = await run(
			(real) => failingFirst(real, 'PUBLIC_ERROR_HIGH_TRAFFIC', 1, 1),
			scene('one of two', 2),
		);
		expect(state.scenes[0]).toMatchObject({state: 'failed', attempt: 1});
		expect(state.scenes[0]?.error).toContain('(1 of 2 copies saved)');
		expect(submits).toBe(1);
	});
});

describe('a generation refused by policy', () => {
	it('is never tried again', async () => {
		const {state, submits} = await run(
			(real) => failingFirst(real, 'PUBLIC_ERROR_UNSAFE_GENERATION', 1),
			scene('refused'),
		);
		expect(state.scenes[0]).toMatchObject({
			state: 'failed',
			attempt: 1,
			error: 'blocked by policy: the safety filter refused the prompt',
		});
		expect(submits).toBe(1);
	});
});

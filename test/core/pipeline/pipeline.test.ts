import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';
import {Pipeline} from '../../../source/core/pipeline/index.js';
import type {RunState} from '../../../source/core/run-state.js';
import {FlowError} from '../../../source/labs/errors/index.js';
import type {SimulatorOptions} from '../../../source/simulator/index.js';
import {type SimHarness, standIn, startHarness} from '../../helpers/sim.js';

let harness: SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const three = [
	{name: 'acc1', cookie: 'c1'},
	{name: 'acc2', cookie: 'c2'},
	{name: 'acc3', cookie: 'c3'},
];

function scenes(prompts: string[], copies = 1): SceneSpec[] {
	return prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies,
	}));
}

async function run(
	simOptions: SimulatorOptions,
	specs: SceneSpec[],
	options: Partial<ConstructorParameters<typeof Pipeline>[0]> = {},
): Promise<{state: RunState; events: RunEvent[]; pipeline: Pipeline}> {
	harness = await startHarness(simOptions);
	const pipeline = new Pipeline({
		outDir: harness.dir,
		scenes: specs,
		accounts: harness.clients.map((client) => ({client, maxInFlight: 4})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		backoffMaxMs: 50,
		...options,
	});
	const events: RunEvent[] = [];
	pipeline.on('event', (event) => events.push(event));
	const state = await pipeline.start();
	return {state, events, pipeline};
}

describe('Pipeline against the simulator', () => {
	it('runs every scene to done on every account, byte-exact, each submitted once', async () => {
		const prompts = Array.from({length: 12}, (_, i) => `scene number ${i + 1}`);
		const {state} = await run(
			{accounts: three, generationMs: {min: 30, max: 80}, seed: 7},
			scenes(prompts, 2),
		);
		expect(state.scenes.map((s) => s.state)).toEqual(Array(12).fill('done'));
		const sim = harness!.sim;
		expect(sim.stats.submits).toHaveLength(12);
		expect(new Set(sim.stats.submits.map((s) => s.prompt)).size).toBe(12);
		expect(new Set(sim.stats.submits.map((s) => s.account))).toEqual(new Set(['acc1', 'acc2', 'acc3']));
		expect(sim.stats.crossAccountAttempts).toHaveLength(0);
		for (const scene of state.scenes) {
			expect(scene.media).toHaveLength(2);
			for (const media of scene.media) {
				expect(sim.ownerOf(media.name)).toBe(scene.account);
				const bytes = await readFile(join(harness!.dir, media.file!));
				expect(bytes.equals(sim.videoBytesFor(media.name))).toBe(true);
			}
		}
	});

	it('makes one status call per account per interval covering all its media', async () => {
		const prompts = Array.from({length: 6}, (_, i) => `p${i}`);
		await run({accounts: three.slice(0, 1), generationMs: 150}, scenes(prompts, 1), {pollIntervalMs: 50});
		const statusCalls = harness!.sim.stats.requests.filter((r) => r.path.includes('batchCheckAsync'));
		// 4 media in flight at once (maxInFlight 4): the calls cover several media each.
		expect(Math.max(...statusCalls.map((r) => r.mediaNames.length))).toBeGreaterThanOrEqual(4);
		expect(statusCalls.length).toBeLessThan(6 * 4);
	});

	it('once a video has been seen finished, asks about newer ones only near that time', async () => {
		// Three waves of four media, 300 ms each, polled every 10 ms: about 30 calls a wave when every
		// interval asks. After the first wave, media younger than 80 % of 300 ms are not asked about.
		const prompts = Array.from({length: 12}, (_, i) => `wave ${i}`);
		const {state} = await run({accounts: three.slice(0, 1), generationMs: 300}, scenes(prompts, 1), {
			pollIntervalMs: 10,
		});
		expect(state.scenes.every((scene) => scene.state === 'done')).toBe(true);
		const statusCalls = harness!.sim.stats.requests.filter((r) => r.path.includes('batchCheckAsync'));
		expect(statusCalls.length).toBeLessThan(70);
	});

	it('a policy failure ends the scene with the reason in words; the rest finish', async () => {
		const {state} = await run(
			{accounts: three, generationMs: 30},
			scenes(['ok one', 'a [minor] here', 'ok two']),
		);
		expect(state.scenes.map((s) => s.state)).toEqual(['done', 'failed', 'done']);
		expect(state.scenes[1]?.error).toBe(
			'acc2: blocked by policy: a minor was detected'.replace('acc2: ', ''),
		);
	});

	it('retries transient submit errors and truncated downloads', async () => {
		const {state} = await run(
			{accounts: three, generationMs: 30, truncateDownloads: 2},
			scenes(['x [flaky]', 'y', 'z']),
		);
		expect(state.scenes.every((s) => s.state === 'done')).toBe(true);
		expect(harness!.sim.stats.downloads.filter((d) => !d.complete)).toHaveLength(2);
	});

	it('respects the in-flight cap: a 429 cools the account down and the scene still finishes', async () => {
		const {state, events} = await run(
			{accounts: [{name: 'acc1', cookie: 'c1', maxInFlight: 1}], generationMs: 60},
			scenes(['a', 'b', 'c']),
		);
		expect(state.scenes.every((s) => s.state === 'done')).toBe(true);
		expect(events.some((e) => e.type === 'account.state' && e.health === 'cooling-down')).toBe(true);
	});

	it('moves queued scenes off an account whose cookie was revoked', async () => {
		harness = await startHarness({accounts: three.slice(0, 2), generationMs: 30});
		const [one, two] = harness.clients;
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(Array.from({length: 8}, (_, i) => `s${i}`)),
			accounts: [
				{client: one!, maxInFlight: 1},
				{client: two!, maxInFlight: 1},
			],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		let revoked = false;
		pipeline.on('event', (event) => {
			if (!revoked && event.type === 'scene.state' && event.state === 'polling' && event.account === 'acc1') {
				revoked = true;
				harness!.sim.revokeCookie('acc1');
				harness!.sim.expireTokens('acc1');
			}
		});
		const state = await pipeline.start();
		expect(state.accounts.acc1?.health).toBe('auth-failed');
		const onTwo = state.scenes.filter((s) => s.account === 'acc2' && s.state === 'done');
		expect(onTwo.length).toBeGreaterThanOrEqual(6);
		// acc1's submitted scene stays with acc1 (only its credentials can poll it): reported, not lost.
		const stuck = state.scenes.filter((s) => s.account === 'acc1' && s.state === 'polling');
		expect(stuck.length).toBeLessThanOrEqual(1);
		expect(harness.sim.stats.crossAccountAttempts).toHaveLength(0);
	});

	it('sequential mode keeps one scene in flight, in order', async () => {
		const {events} = await run({accounts: three, generationMs: 20}, scenes(['a', 'b', 'c', 'd']), {
			mode: 'sequential',
		});
		const submits = events
			.filter((e) => e.type === 'scene.state' && e.state === 'submitting')
			.map((e) => (e as {scene: number}).scene);
		expect(submits).toEqual([1, 2, 3, 4]);
		let active = 0;
		let maxActive = 0;
		for (const event of events) {
			if (event.type !== 'scene.state') continue;
			if (event.state === 'submitting') active++;
			if (['done', 'failed'].includes(event.state)) active--;
			maxActive = Math.max(maxActive, active);
		}
		expect(maxActive).toBe(1);
	});

	it('skip a queued scene, and retry a failed one with a new attempt', async () => {
		harness = await startHarness({accounts: three.slice(0, 1), generationMs: 30});
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(['a [policy]', 'b', 'c', 'd', 'e', 'f']),
			accounts: [{client: harness.clients[0]!, maxInFlight: 1}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		let retried = false;
		pipeline.on('event', (event) => {
			if (
				event.type === 'scene.state' &&
				event.scene === 1 &&
				event.state === 'submitting' &&
				event.attempt === 1
			) {
				expect(pipeline.skip(6)).toBe(true);
			}
			if (event.type === 'scene.state' && event.scene === 1 && event.state === 'failed' && !retried) {
				retried = true;
				expect(pipeline.retry(1)).toBe(true);
			}
		});
		const state = await pipeline.start();
		expect(state.scenes[5]?.state).toBe('skipped');
		expect(state.scenes[0]?.attempt).toBe(2);
		expect(harness.sim.stats.submits.filter((s) => s.prompt === 'a [policy]')).toHaveLength(2);
		expect(harness.sim.stats.submits.some((s) => s.prompt === 'f')).toBe(false);
	});

	it('pause stops new submits until resume', async () => {
		harness = await startHarness({accounts: three.slice(0, 1), generationMs: 30});
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(['a', 'b', 'c']),
			accounts: [{client: harness.clients[0]!, maxInFlight: 1}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		let submitsWhilePaused = -1;
		pipeline.on('event', (event) => {
			if (event.type === 'scene.state' && event.scene === 1 && event.state === 'polling') {
				pipeline.pause();
				setTimeout(() => {
					submitsWhilePaused = harness!.sim.stats.submits.length;
					pipeline.resume();
				}, 300);
			}
		});
		const state = await pipeline.start();
		expect(state.scenes.map((s) => s.state)).toEqual(['done', 'done', 'done']);
		expect(submitsWhilePaused).toBe(1);
		expect(state.scenes.every((s) => s.state === 'done')).toBe(true);
	});

	it('a media Flow forgot fails alone; the others in the same status call go on', async () => {
		harness = await startHarness({accounts: three.slice(0, 1), generationMs: 60});
		const real = harness.clients[0]!;
		let lost: string | undefined;
		const forgetful = standIn(real, {
			async submit(request) {
				const result = await real.submit(request);
				lost ??= result.media[0]?.name;
				return result;
			},
			async status(media) {
				if (media.some((m) => m.name === lost)) {
					throw new FlowError('not-found', 'Requested entity was not found.', {httpStatus: 404});
				}
				return real.status(media);
			},
		});
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(['gone', 'kept one', 'kept two']),
			accounts: [{client: forgetful, maxInFlight: 4}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		const state = await pipeline.start();
		expect(state.scenes.map((s) => s.state)).toEqual(['failed', 'done', 'done']);
		expect(state.scenes[0]?.error).toBe('Flow no longer knows this video (not found)');
	});

	it('held open for a person: waits on failed scenes, takes a retry, ends on stop', async () => {
		harness = await startHarness({accounts: three.slice(0, 1), generationMs: 30});
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(['fine', 'a [policy] one']),
			accounts: [{client: harness.clients[0]!, maxInFlight: 2}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		pipeline.holdOpenWhileRetryable();
		let idles = 0;
		pipeline.on('event', (event) => {
			if (event.type !== 'run.idle' || !event.idle) return;
			idles++;
			expect(pipeline.getSnapshot().endedAt).toBeUndefined();
			if (idles === 1) expect(pipeline.retry(2)).toBe(true);
			else pipeline.stop();
		});
		const state = await pipeline.start();
		expect(idles).toBe(2);
		expect(state.scenes[1]).toMatchObject({state: 'failed', attempt: 2});
		expect(harness.sim.stats.submits.filter((s) => s.prompt.includes('[policy]'))).toHaveLength(2);
	});
});

describe('Pipeline: an account renewing its credentials', () => {
	it('shows `refreshing` while the client renews and `ok` after', async () => {
		harness = await startHarness({accounts: three.slice(0, 1), generationMs: {min: 150, max: 200}});
		const client = harness.clients[0]!;
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: scenes(['a lighthouse', 'a fox', 'a tram']),
			accounts: [{client, maxInFlight: 4}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		const healths: string[] = [];
		let expired = false;
		pipeline.on('event', (event) => {
			// Credit updates repeat the health; only its changes count here.
			if (event.type === 'account.state' && healths.at(-1) !== event.health) healths.push(event.health);
			// The token dies while the videos generate: the next status call meets a 401 and renews.
			if (!expired && event.type === 'scene.state' && event.state === 'polling') {
				expired = true;
				harness!.sim.expireTokens('acc1');
			}
		});
		const state = await pipeline.start();
		expect(state.scenes.map((scene) => scene.state)).toEqual(['done', 'done', 'done']);
		expect(healths).toEqual(['ok', 'refreshing', 'ok']);
		expect(state.accounts.acc1?.health).toBe('ok');
	});
});

// Proves the upscale fault knobs (faults.failUpscales, faults.failUpscaleRenders): a failed call answers
// 500 INTERNAL and makes, charges and blocks nothing; a failed copy polls FAILED with a PUBLIC_ERROR
// code, is refunded, and may be asked for again. Each account has its own first N.
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {
	finishedClip,
	generateCall,
	type Json,
	manualClock,
	pollOne,
	type Resolution,
	ready,
	upscaleBody,
} from './api-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

let clock = manualClock();

async function start(faults: SimulatorOptions['faults']): Promise<Simulator> {
	clock = manualClock();
	const sim = await startSimulator({
		accounts: [
			{name: 'acc1', cookie: 'cookie-one', tier: 'PAYGATE_TIER_TWO'},
			{name: 'acc2', cookie: 'cookie-two', tier: 'PAYGATE_TIER_TWO'},
		],
		generationMs: 1_000,
		now: clock.now,
		faults,
	});
	started.push(sim);
	return sim;
}

const path = 'batchAsyncGenerateVideoUpsampleVideo';
const done = () => clock.advance(1_000);
const status = (item: Json) => item.mediaMetadata.mediaStatus as Json;

/** A signed-in account with a finished clip, and a way to ask for its upscale. */
async function withClip(sim: Simulator, cookie: string) {
	const {token, projectId} = await ready(sim, cookie);
	const clip = await finishedClip(sim, token, projectId, done);
	const upscale = (resolution: Resolution = 'VIDEO_RESOLUTION_4K') =>
		generateCall(sim, token, path, upscaleBody(projectId, clip, resolution));
	return {token, projectId, clip, upscale};
}

describe('the upscale fault knobs', () => {
	it('failUpscales: the first N upscale calls of each account answer 500 and make nothing', async () => {
		const sim = await start({failUpscales: 2});
		for (const [cookie, name] of [
			['cookie-one', 'acc1'],
			['cookie-two', 'acc2'],
		] as const) {
			const {clip, upscale} = await withClip(sim, cookie);
			const first = await upscale();
			expect(first.status).toBe(500);
			expect(first.body.error).toMatchObject({code: 500, status: 'INTERNAL'});
			expect((await upscale()).status).toBe(500);
			expect(sim.ownerOf(`${clip}_4k_upsampled`)).toBeUndefined();
			expect(sim.account(name).credits).toBe(10_000 - 20);
			// Nothing was made, so the next call is no duplicate: it makes the copy and charges for it.
			const third = await upscale();
			expect(third.status).toBe(200);
			expect(third.body.media[0].name).toBe(`${clip}_4k_upsampled`);
			expect(sim.account(name).credits).toBe(10_000 - 20 - 50);
		}
		expect(sim.faults.injected['failed-upscale']).toBe(4);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text', 'upscale', 'text', 'upscale']);
		const failed = sim.stats.requests.filter((record) => record.status === 500);
		expect(failed.map((record) => record.path)).toEqual(Array(4).fill(`/v1/video:${path}`));
	});

	it('failUpscales counts only calls that would have made a copy', async () => {
		const sim = await start({failUpscales: 1});
		const {upscale} = await withClip(sim, 'cookie-one');
		expect((await upscale('VIDEO_RESOLUTION_720P' as Resolution)).status).toBe(400);
		expect((await upscale()).status).toBe(500);
		expect((await upscale()).status).toBe(200);
		expect((await upscale()).status).toBe(409);
		expect(sim.faults.injected['failed-upscale']).toBe(1);
	});

	it('failUpscaleRenders: the first N copies of each account fail when polled, are refunded and may be redone', async () => {
		const sim = await start({failUpscaleRenders: 1});
		const {token, projectId, clip, upscale} = await withClip(sim, 'cookie-one');
		const copy = `${clip}_4k_upsampled`;
		expect((await upscale()).status).toBe(200);
		expect(sim.account('acc1').credits).toBe(10_000 - 20 - 50);
		expect((await upscale()).status).toBe(409);
		done();
		const failed = await pollOne(sim, token, copy, projectId);
		expect(status(failed)).toMatchObject({
			mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_FAILED',
			error: {message: 'PUBLIC_ERROR_SOMETHING_WENT_WRONG'},
		});
		expect(sim.account('acc1').credits).toBe(10_000 - 20);
		// A failed copy is gone, not in progress: the same upscale may be asked for again, and now works.
		expect((await upscale()).status).toBe(200);
		done();
		expect(status(await pollOne(sim, token, copy, projectId)).mediaGenerationStatus).toBe(
			'MEDIA_GENERATION_STATUS_SUCCESSFUL',
		);
		expect(sim.account('acc1').credits).toBe(10_000 - 20 - 50);
		const other = await withClip(sim, 'cookie-two');
		expect((await other.upscale('VIDEO_RESOLUTION_1080P')).status).toBe(200);
		done();
		const theirs = await pollOne(sim, other.token, `${other.clip}_upsampled`, other.projectId);
		expect(status(theirs).mediaGenerationStatus).toBe('MEDIA_GENERATION_STATUS_FAILED');
		expect(sim.faults.injected['failed-upscale-render']).toBe(2);
	});

	it('without the knobs, upscales are made and finish', async () => {
		const sim = await start(undefined);
		const {token, projectId, clip, upscale} = await withClip(sim, 'cookie-one');
		expect((await upscale()).status).toBe(200);
		done();
		const polled = await pollOne(sim, token, `${clip}_4k_upsampled`, projectId);
		expect(status(polled).mediaGenerationStatus).toBe('MEDIA_GENERATION_STATUS_SUCCESSFUL');
		expect(sim.faults.injected['failed-upscale']).toBe(0);
		expect(sim.faults.injected['failed-upscale-render']).toBe(0);
	});
});

// Proves the upload fault knobs (faults.failUploads, faults.failUploadRate): a failed upload answers
// 500 INTERNAL and keeps nothing, only well-formed calls count, each account has its own first N, and
// a seeded rate replays.
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {generateCall, modeBody, post, ready, upload, uploadCall} from './api-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function start(faults: SimulatorOptions['faults'], seed?: number): Promise<Simulator> {
	const sim = await startSimulator({
		accounts: [
			{name: 'acc1', cookie: 'cookie-one'},
			{name: 'acc2', cookie: 'cookie-two'},
		],
		generationMs: 1_000,
		faults,
		seed,
	});
	started.push(sim);
	return sim;
}

describe('the upload fault knobs', () => {
	it('failUploads: the first N upload calls of each account answer 500 INTERNAL and keep nothing', async () => {
		const sim = await start({failUploads: 2});
		const one = await ready(sim, 'cookie-one');
		const two = await ready(sim, 'cookie-two');
		const statuses = async (token: string, projectId: string) => {
			const replies = [];
			for (let i = 0; i < 3; i++) replies.push(await uploadCall(sim, token, projectId));
			return replies;
		};
		const ones = await statuses(one.token, one.projectId);
		expect(ones.map((reply) => reply.status)).toEqual([500, 500, 200]);
		expect(ones[0]!.body.error).toMatchObject({code: 500, status: 'INTERNAL'});
		expect((await statuses(two.token, two.projectId)).map((reply) => reply.status)).toEqual([500, 500, 200]);
		expect(sim.faults.injected['failed-upload']).toBe(4);
		expect(sim.stats.uploads.map((kept) => kept.account)).toEqual(['acc1', 'acc2']);
		expect(sim.stats.uploads[0]!.mediaName).toBe(ones[2]!.body.media.name);
		// Nothing a failed call was about names an image: only the kept one is known to the simulator.
		const failed = sim.stats.requests.filter(
			(record) => record.path === '/v1/flow/uploadImage' && record.status === 500,
		);
		expect(failed).toHaveLength(4);
		expect(failed.flatMap((record) => record.mediaNames)).toEqual([]);
		const body = modeBody(one.projectId, 'veo_3_1_i2v_s_fast', {startImage: ones[2]!.body.media.name});
		expect((await generateCall(sim, one.token, 'batchAsyncGenerateVideoStartImage', body)).status).toBe(200);
	});

	it('failUploads counts only well-formed calls: a refused one does not use up the first N', async () => {
		const sim = await start({failUploads: 1});
		const {token, projectId} = await ready(sim, 'cookie-one');
		const gif = await post(`${sim.apiUrl}/v1/flow/uploadImage`, token, {
			clientContext: {projectId},
			imageBytes: 'R0lGODlh',
			mimeType: 'image/gif',
		});
		expect(gif.status).toBe(400);
		expect((await uploadCall(sim, token, projectId)).status).toBe(500);
		expect((await uploadCall(sim, token, projectId)).status).toBe(200);
		expect(sim.stats.uploads).toHaveLength(1);
	});

	it('failUploadRate: fails that share of uploads, the same ones again for the same seed', async () => {
		const run = async (seed: number) => {
			const sim = await start({failUploadRate: 0.5}, seed);
			const {token, projectId} = await ready(sim, 'cookie-one');
			const statuses: number[] = [];
			for (let i = 0; i < 16; i++) statuses.push((await uploadCall(sim, token, projectId)).status);
			expect(sim.stats.uploads).toHaveLength(statuses.filter((status) => status === 200).length);
			expect(sim.faults.injected['failed-upload']).toBe(statuses.filter((status) => status === 500).length);
			return statuses;
		};
		const first = await run(42);
		expect(first).toContain(500);
		expect(first).toContain(200);
		expect(await run(42)).toEqual(first);
		const always = await start({failUploadRate: 1});
		const {token, projectId} = await ready(always, 'cookie-one');
		expect((await uploadCall(always, token, projectId)).status).toBe(500);
		expect(always.stats.uploads).toEqual([]);
	});

	it('without the knobs, uploads are kept', async () => {
		const sim = await start(undefined);
		const {token, projectId} = await ready(sim, 'cookie-one');
		const id = await upload(sim, token, projectId);
		expect(sim.ownerOf(id)).toBe('acc1');
		expect(sim.faults.injected['failed-upload']).toBe(0);
	});
});

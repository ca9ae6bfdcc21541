// Proves the simulator's start frame, start + end and references calls (docs/protocol-labs.md §3.5):
// they answer like text-to-video without operations[] and charge the same, and refuse any image id that
// is not an upload of the calling account in the call's project as "not found", recording a foreign one.
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {
	generateCall,
	type Images,
	type Json,
	manualClock,
	modeBody,
	newProject,
	post,
	ready,
	upload,
} from './api-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	const sim = await startSimulator({
		accounts: [
			{name: 'acc1', cookie: 'cookie-one'},
			{name: 'acc2', cookie: 'cookie-two'},
		],
		generationMs: 1_000,
		...options,
	});
	started.push(sim);
	return sim;
}

const stateOf = (item: Json) => item.mediaMetadata.mediaStatus.mediaGenerationStatus as string;

const routes = [
	{
		path: 'batchAsyncGenerateVideoStartImage',
		model: 'veo_3_1_i2v_s_fast',
		mode: 'frames',
		generationMode: 'VIDEO_GENERATION_MODE_IMAGE_TO_VIDEO',
		images: (ids: string[]): Images => ({startImage: ids[0]}),
		count: 1,
	},
	{
		path: 'batchAsyncGenerateVideoStartAndEndImage',
		model: 'veo_3_1_i2v_s_fast_portrait_fl',
		mode: 'frames',
		generationMode: 'VIDEO_GENERATION_MODE_IMAGE_TO_VIDEO',
		images: (ids: string[]): Images => ({startImage: ids[0], endImage: ids[1]}),
		count: 2,
	},
	{
		path: 'batchAsyncGenerateVideoReferenceImages',
		model: 'veo_3_1_r2v_fast_landscape',
		mode: 'references',
		generationMode: 'VIDEO_GENERATION_MODE_REFERENCE_TO_VIDEO',
		images: (ids: string[]): Images => ({references: ids}),
		count: 3,
	},
] as const;

describe('the frames and references calls', () => {
	it.each(routes)(
		'$path: answers media SCHEDULED, charges 20 a video and records its images',
		async (route) => {
			const clock = manualClock();
			const sim = await start({now: clock.now});
			const {token, projectId} = await ready(sim, 'cookie-one');
			const ids: string[] = [];
			for (let i = 0; i < route.count; i++) ids.push(await upload(sim, token, projectId));
			const reply = await generateCall(
				sim,
				token,
				route.path,
				modeBody(projectId, route.model, route.images(ids), 2),
			);
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['media', 'remainingCredits', 'workflows']);
			expect(reply.body.remainingCredits).toBe(10_000 - 40);
			expect(sim.account('acc1').credits).toBe(10_000 - 40);
			const names = reply.body.media.map((media: Json) => media.name as string);
			expect(sim.stats.submits).toEqual([
				{
					account: 'acc1',
					projectId,
					prompt: 'the hero walks on',
					copies: 2,
					mediaNames: names,
					captchaToken: expect.any(String),
					mode: route.mode,
					imageIds: ids,
				},
			]);
			const [first] = reply.body.media as Json[];
			expect(first).toMatchObject({projectId, workflowId: reply.body.workflows[0].name});
			expect(reply.body.workflows[0].metadata.primaryMediaId).toBe(names[0]);
			expect(stateOf(first!)).toBe('MEDIA_GENERATION_STATUS_SCHEDULED');
			const control = first!.mediaMetadata.requestData.videoGenerationRequestData.videoModelControlInput;
			expect(control).toMatchObject({videoModelName: route.model, videoGenerationMode: route.generationMode});
			for (const name of [...names, ...ids]) expect(sim.ownerOf(name)).toBe('acc1');
			expect(sim.stats.requests.at(-1)?.mediaNames).toEqual([...ids, ...names]);

			const poll = () =>
				post(`${sim.apiUrl}/v1/video:batchCheckAsyncVideoGenerationStatus`, token, {
					media: names.map((name: string) => ({name, projectId})),
				});
			expect((await poll()).body.media.map(stateOf)).toEqual(
				Array(2).fill('MEDIA_GENERATION_STATUS_SCHEDULED'),
			);
			clock.advance(1_000);
			expect((await poll()).body.media.map(stateOf)).toEqual(
				Array(2).fill('MEDIA_GENERATION_STATUS_SUCCESSFUL'),
			);
			expect(sim.stats.crossAccountAttempts).toEqual([]);
		},
	);

	it('records the text call as mode text with no images', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const body = modeBody(projectId, 'veo_3_1_t2v_fast', {});
		expect((await generateCall(sim, token, 'batchAsyncGenerateVideoText', body)).status).toBe(200);
		expect(sim.stats.submits[0]).toMatchObject({mode: 'text', imageIds: []});
	});

	it.each(routes)(
		'$path: refuses another account image as not found and records the attempt',
		async (route) => {
			const sim = await start();
			const mine = await ready(sim, 'cookie-one');
			const theirs = await ready(sim, 'cookie-two');
			const foreign = await upload(sim, theirs.token, theirs.projectId);
			const own: string[] = [];
			for (let i = 1; i < route.count; i++) own.push(await upload(sim, mine.token, mine.projectId));
			const body = modeBody(mine.projectId, route.model, route.images([...own, foreign]));
			const reply = await generateCall(sim, mine.token, route.path, body);
			expect(reply.status).toBe(404);
			expect(reply.body.error).toMatchObject({
				status: 'NOT_FOUND',
				message: 'Requested entity was not found.',
			});
			expect(sim.stats.crossAccountAttempts.map((record) => [record.account, record.path])).toEqual([
				['acc1', `/v1/video:${route.path}`],
			]);
			expect(sim.stats.crossAccountAttempts[0]?.mediaNames).toContain(foreign);
			expect(sim.stats.submits).toEqual([]);
			expect(sim.account('acc1').credits).toBe(10_000);
		},
	);

	it('refuses an image of the same account in another project, an unknown id and a video, as not found', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const elsewhere = await upload(sim, token, await newProject(sim, 'cookie-one'));
		const text = await generateCall(
			sim,
			token,
			'batchAsyncGenerateVideoText',
			modeBody(projectId, 'veo_3_1_t2v_fast', {}),
		);
		const video = text.body.media[0].name as string;
		for (const id of [elsewhere, 'no-such-image', video]) {
			const body = modeBody(projectId, 'veo_3_1_r2v_fast_landscape', {references: [id]});
			const reply = await generateCall(sim, token, 'batchAsyncGenerateVideoReferenceImages', body);
			expect(reply.status, id).toBe(404);
			expect(reply.body.error.message).toBe('Requested entity was not found.');
		}
		expect(sim.stats.crossAccountAttempts).toEqual([]);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text']);
	});

	it.each([
		['StartImage without startImage', 'batchAsyncGenerateVideoStartImage', 'veo_3_1_i2v_s_fast', {}],
		[
			'StartAndEndImage without endImage',
			'batchAsyncGenerateVideoStartAndEndImage',
			'veo_3_1_i2v_s_fast_fl',
			{start: 1},
		],
		[
			'ReferenceImages without referenceImages',
			'batchAsyncGenerateVideoReferenceImages',
			'veo_3_1_r2v_fast_landscape',
			{},
		],
		['no references', 'batchAsyncGenerateVideoReferenceImages', 'veo_3_1_r2v_fast_landscape', {refs: 0}],
		['four references', 'batchAsyncGenerateVideoReferenceImages', 'veo_3_1_r2v_fast_landscape', {refs: 4}],
		[
			'the same reference twice',
			'batchAsyncGenerateVideoReferenceImages',
			'veo_3_1_r2v_fast_landscape',
			{twice: true},
		],
		[
			'an endImage on StartImage',
			'batchAsyncGenerateVideoStartImage',
			'veo_3_1_i2v_s_fast',
			{start: 1, end: 1},
		],
		['a startImage on the text call', 'batchAsyncGenerateVideoText', 'veo_3_1_t2v_fast', {start: 1}],
	] as const)('refuses %s with 400 INVALID_ARGUMENT', async (_name, path, model, shape: Json) => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const ids = await Promise.all([0, 1, 2, 3].map(() => upload(sim, token, projectId)));
		const images: Images = {};
		if (shape.start) images.startImage = ids[0];
		if (shape.end) images.endImage = ids[1];
		if (shape.refs !== undefined) images.references = ids.slice(0, shape.refs);
		if (shape.twice) images.references = [ids[0]!, ids[0]!];
		const reply = await generateCall(sim, token, path, modeBody(projectId, model, images));
		expect(reply.status).toBe(400);
		expect(reply.body.error.status).toBe('INVALID_ARGUMENT');
		expect(sim.stats.submits).toEqual([]);
		expect(sim.account('acc1').credits).toBe(10_000);
	});

	it('takes only the keys of its own call, in their orientation and tier', async () => {
		const sim = await start({
			accounts: [
				{name: 'acc1', cookie: 'cookie-one'},
				{name: 'ultra', cookie: 'cookie-ultra', tier: 'PAYGATE_TIER_TWO'},
			],
		});
		const {token, projectId} = await ready(sim, 'cookie-one');
		const image = await upload(sim, token, projectId);
		const call = async (path: string, model: string, images: Images, aspect?: string) => {
			const body = modeBody(projectId, model, images);
			if (aspect) body.requests[0].aspectRatio = aspect;
			return (await generateCall(sim, token, path, body)).status;
		};
		const refs = {references: [image]};
		expect(await call('batchAsyncGenerateVideoText', 'veo_3_1_r2v_fast_landscape', {})).toBe(400);
		expect(await call('batchAsyncGenerateVideoReferenceImages', 'veo_3_1_t2v_fast', refs)).toBe(400);
		expect(
			await call('batchAsyncGenerateVideoStartImage', 'veo_3_1_i2v_s_fast_fl', {startImage: image}),
		).toBe(400);
		const both = {startImage: image, endImage: image};
		expect(await call('batchAsyncGenerateVideoStartAndEndImage', 'veo_3_1_i2v_s_fast', both)).toBe(400);
		const portrait = 'VIDEO_ASPECT_RATIO_PORTRAIT';
		expect(
			await call('batchAsyncGenerateVideoReferenceImages', 'veo_3_1_r2v_fast_landscape', refs, portrait),
		).toBe(400);
		expect(
			await call('batchAsyncGenerateVideoReferenceImages', 'veo_3_1_r2v_fast_portrait_ultra', refs),
		).toBe(403);
		expect(sim.stats.submits).toEqual([]);

		const ultra = await ready(sim, 'cookie-ultra');
		const theirs = await upload(sim, ultra.token, ultra.projectId);
		for (const model of ['veo_3_1_r2v_fast_ultra', 'veo_3_1_r2v_fast_landscape_ultra']) {
			const body = modeBody(ultra.projectId, model, {references: [theirs]});
			expect(
				(await generateCall(sim, ultra.token, 'batchAsyncGenerateVideoReferenceImages', body)).status,
			).toBe(200);
		}
		const frames = modeBody(ultra.projectId, 'veo_3_1_i2v_s_fast_ultra_fl', {
			startImage: theirs,
			endImage: theirs,
		});
		expect(
			(await generateCall(sim, ultra.token, 'batchAsyncGenerateVideoStartAndEndImage', frames)).status,
		).toBe(200);
		// Ultra keys cost 10 at the Ultra tier (the pricing table in docs/protocol-labs.md §6.4).
		expect(sim.account('ultra').credits).toBe(10_000 - 30);
	});
});

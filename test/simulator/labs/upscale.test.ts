// Proves the simulator's UpsampleVideo call (docs/protocol-labs.md §3.5; FK-fork `upscale_video`): a
// finished clip of the caller becomes `<clip>_upsampled` (1080p, free) or `<clip>_4k_upsampled` (4K, 50
// credits, Ultra alone), a media polled, redirected and downloaded like any other; a second upscale of
// the same clip at the same resolution is 409 ALREADY_EXISTS; any other clip is "not found".
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {
	downloadMedia,
	finishedClip,
	generateCall,
	type Json,
	manualClock,
	newProject,
	pollOne,
	type Resolution,
	ready,
	upload,
	upscaleBody,
} from './api-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

let clock = manualClock();

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	clock = manualClock();
	const sim = await startSimulator({
		accounts: [
			{name: 'acc1', cookie: 'cookie-one'},
			{name: 'acc2', cookie: 'cookie-two'},
			{name: 'ultra', cookie: 'cookie-ultra', tier: 'PAYGATE_TIER_TWO'},
		],
		generationMs: 1_000,
		now: clock.now,
		...options,
	});
	started.push(sim);
	return sim;
}

const path = 'batchAsyncGenerateVideoUpsampleVideo';
const done = () => clock.advance(1_000);
const stateOf = (item: Json) => item.mediaMetadata.mediaStatus.mediaGenerationStatus as string;

describe('the upscale call', () => {
	it.each([
		['VIDEO_RESOLUTION_1080P', 'cookie-one', 'acc1', '_upsampled', 0],
		['VIDEO_RESOLUTION_1080P', 'cookie-ultra', 'ultra', '_upsampled', 0],
		['VIDEO_RESOLUTION_4K', 'cookie-ultra', 'ultra', '_4k_upsampled', 50],
	] as const)(
		'%s for %s: answers <clip>%s, charges %i, and the copy is polled and downloaded',
		async (resolution, cookie, name, suffix, price) => {
			const sim = await start();
			const {token, projectId} = await ready(sim, cookie);
			const clip = await finishedClip(sim, token, projectId, done);
			const clipWorkflow = (await pollOne(sim, token, clip, projectId)).workflowId as string;
			const before = sim.account(name).credits;
			const reply = await generateCall(sim, token, path, upscaleBody(projectId, clip, resolution));
			expect(reply.status).toBe(200);
			const copy = `${clip}${suffix}`;
			expect(reply.body.remainingCredits).toBe(before - price);
			expect(sim.account(name).credits).toBe(before - price);
			const [media] = reply.body.media as Json[];
			// The copy stays on its clip's workflow (FK-fork metadata.workflowId; gflow_cli's records).
			expect(media).toMatchObject({name: copy, projectId, workflowId: clipWorkflow});
			expect(reply.body.operations[0].operation.name).toBe(copy);
			expect(reply.body.workflows[0].metadata.primaryMediaId).toBe(copy);
			expect(stateOf(media!)).toBe('MEDIA_GENERATION_STATUS_SCHEDULED');
			expect(sim.stats.submits.at(-1)).toEqual({
				account: name,
				projectId,
				prompt: '',
				copies: 1,
				mediaNames: [copy],
				captchaToken: expect.any(String),
				mode: 'upscale',
				imageIds: [],
				sourceIds: [clip],
			});
			expect(sim.stats.requests.at(-1)?.mediaNames).toEqual([clip, copy]);
			expect(sim.ownerOf(copy)).toBe(name);
			expect(sim.account(name).media).toContain(copy);
			done();
			const polled = await pollOne(sim, token, copy, projectId);
			expect(stateOf(polled)).toBe('MEDIA_GENERATION_STATUS_SUCCESSFUL');
			expect(
				polled.mediaMetadata.requestData.videoGenerationRequestData.videoModelControlInput.videoModelName,
			).toBe(resolution === 'VIDEO_RESOLUTION_4K' ? 'veo_3_1_upsampler_4k' : 'veo_3_1_upsampler_1080p');
			const bytes = await downloadMedia(sim, cookie, copy);
			expect(bytes.equals(sim.videoBytesFor(copy))).toBe(true);
			expect(bytes.equals(sim.videoBytesFor(clip))).toBe(false);
			expect(sim.stats.crossAccountAttempts).toEqual([]);
		},
	);

	it('answers 409 ALREADY_EXISTS to a second upscale at a resolution the clip has or is getting', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-ultra');
		const clip = await finishedClip(sim, token, projectId, done);
		const call = (resolution: Resolution) =>
			generateCall(sim, token, path, upscaleBody(projectId, clip, resolution));
		expect((await call('VIDEO_RESOLUTION_1080P')).status).toBe(200);
		const again = await call('VIDEO_RESOLUTION_1080P');
		expect(again.status).toBe(409);
		expect(again.body.error).toMatchObject({
			code: 409,
			status: 'ALREADY_EXISTS',
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS',
				},
			],
		});
		// The 4K copy is another media: it coexists with the 1080p one (BOQ-ops `upsampled_media_id`).
		expect((await call('VIDEO_RESOLUTION_4K')).status).toBe(200);
		done();
		expect((await call('VIDEO_RESOLUTION_1080P')).status).toBe(409);
		expect((await call('VIDEO_RESOLUTION_4K')).status).toBe(409);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text', 'upscale', 'upscale']);
		expect(sim.account('ultra').credits).toBe(10_000 - 20 - 50);
	});

	it('refuses 4K to an account below Ultra as the text call refuses a key of another tier', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const clip = await finishedClip(sim, token, projectId, done);
		const reply = await generateCall(sim, token, path, upscaleBody(projectId, clip, 'VIDEO_RESOLUTION_4K'));
		expect(reply.status).toBe(403);
		expect(reply.body.error).toMatchObject({
			status: 'PERMISSION_DENIED',
			details: [expect.objectContaining({reason: 'PUBLIC_ERROR_MODEL_ACCESS_DENIED'})],
		});
		expect(sim.ownerOf(`${clip}_4k_upsampled`)).toBeUndefined();
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text']);
		expect(sim.account('acc1').credits).toBe(10_000 - 20);
	});

	it('refuses another account clip as not found and records the attempt', async () => {
		const sim = await start();
		const mine = await ready(sim, 'cookie-one');
		const theirs = await ready(sim, 'cookie-two');
		const foreign = await finishedClip(sim, theirs.token, theirs.projectId, done);
		const reply = await generateCall(
			sim,
			mine.token,
			path,
			upscaleBody(mine.projectId, foreign, 'VIDEO_RESOLUTION_1080P'),
		);
		expect(reply.status).toBe(404);
		expect(reply.body.error).toMatchObject({status: 'NOT_FOUND', message: 'Requested entity was not found.'});
		expect(sim.stats.crossAccountAttempts.map((record) => [record.account, record.path])).toEqual([
			['acc1', `/v1/video:${path}`],
		]);
		expect(sim.stats.crossAccountAttempts[0]?.mediaNames).toContain(foreign);
		expect(sim.ownerOf(`${foreign}_upsampled`)).toBeUndefined();
		// Nor may a call name another account's project, whoever's clip it names.
		const theirProject = upscaleBody(theirs.projectId, foreign, 'VIDEO_RESOLUTION_1080P');
		expect((await generateCall(sim, mine.token, path, theirProject)).status).toBe(404);
		expect(sim.stats.crossAccountAttempts).toHaveLength(2);
		expect(sim.stats.submits.map((submit) => submit.account)).toEqual(['acc2']);
	});

	it('refuses its own clip elsewhere or unfinished, an image, an unknown id, and a call without a token', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const elsewhere = await finishedClip(sim, token, await newProject(sim, 'cookie-one'), done);
		const running = await finishedClip(sim, token, projectId);
		const image = await upload(sim, token, projectId);
		for (const id of [elsewhere, running, image, 'no-such-clip']) {
			const reply = await generateCall(
				sim,
				token,
				path,
				upscaleBody(projectId, id, 'VIDEO_RESOLUTION_1080P'),
			);
			expect(reply.status, id).toBe(404);
		}
		expect(sim.stats.crossAccountAttempts).toEqual([]);
		done();
		const tokenless = upscaleBody(projectId, running, 'VIDEO_RESOLUTION_1080P');
		delete tokenless.clientContext.recaptchaContext;
		const refused = await generateCall(sim, token, path, tokenless);
		expect(refused.status).toBe(403);
		expect(refused.body.error.details[0].reason).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text', 'text']);
	});

	it('refuses a key of another resolution or call, and a malformed item, with 400', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-ultra');
		const clip = await finishedClip(sim, token, projectId, done);
		const status = async (body: Json) => (await generateCall(sim, token, path, body)).status;
		const body = (resolution: string, model?: string) =>
			upscaleBody(projectId, clip, resolution as Resolution, model);
		expect(await status(body('VIDEO_RESOLUTION_1080P', 'veo_3_1_upsampler_4k'))).toBe(400);
		expect(await status(body('VIDEO_RESOLUTION_4K', 'veo_3_1_upsampler_1080p'))).toBe(400);
		expect(await status(body('VIDEO_RESOLUTION_720P', 'veo_3_1_upsampler_1080p'))).toBe(400);
		expect(await status(body('VIDEO_RESOLUTION_1080P', 'veo_3_1_t2v_fast'))).toBe(400);
		const square = body('VIDEO_RESOLUTION_1080P');
		square.requests[0].aspectRatio = 'VIDEO_ASPECT_RATIO_SQUARE';
		expect(await status(square)).toBe(400);
		const noClip = body('VIDEO_RESOLUTION_1080P');
		delete noClip.requests[0].videoInput;
		expect(await status(noClip)).toBe(400);
		const prompted = body('VIDEO_RESOLUTION_1080P');
		prompted.requests[0].textInput = {structuredPrompt: {parts: [{text: 'sharper'}]}};
		expect(await status(prompted)).toBe(400);
		const twice = body('VIDEO_RESOLUTION_1080P');
		twice.requests.push(twice.requests[0]);
		expect(await status(twice)).toBe(400);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text']);
		const workflow = body('VIDEO_RESOLUTION_1080P');
		workflow.requests[0].metadata = {workflowId: 'the clip workflow'};
		expect(await status(workflow)).toBe(200);
	});
});

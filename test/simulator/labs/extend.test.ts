// Proves the simulator's ExtendVideo call (docs/protocol-labs.md §3.5; public file 51819811741's form):
// it continues a finished clip of the caller in the call's project into a new media that is polled,
// redirected and downloaded like any other, charges the extend key's price, and refuses any other clip
// as "not found", recording one of another account.
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {
	downloadMedia,
	extendBody,
	finishedClip,
	generateCall,
	type Json,
	manualClock,
	modeBody,
	newProject,
	pollOne,
	ready,
	upload,
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

const path = 'batchAsyncGenerateVideoExtendVideo';
const done = () => clock.advance(1_000);
const stateOf = (item: Json) => item.mediaMetadata.mediaStatus.mediaGenerationStatus as string;

describe('the extend call', () => {
	it.each([
		['veo_3_1_extend_fast_landscape', 'cookie-one', 'acc1', 20],
		['veo_3_1_extend_fast_portrait', 'cookie-one', 'acc1', 20],
		['veo_3_1_extension_lite', 'cookie-one', 'acc1', 10],
		['veo_3_1_extend_fast_portrait_ultra', 'cookie-ultra', 'ultra', 10],
	] as const)(
		'%s: makes new clips from a finished one, charging %4$i each',
		async (model, cookie, name, price) => {
			const sim = await start();
			const {token, projectId} = await ready(sim, cookie);
			const clip = await finishedClip(sim, token, projectId, done);
			const before = sim.account(name).credits;
			const reply = await generateCall(sim, token, path, extendBody(projectId, model, clip, 2));
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['media', 'remainingCredits', 'workflows']);
			expect(reply.body.remainingCredits).toBe(before - 2 * price);
			expect(sim.account(name).credits).toBe(before - 2 * price);
			const names = reply.body.media.map((media: Json) => media.name as string);
			expect(new Set([clip, ...names]).size).toBe(3);
			expect(sim.stats.submits.at(-1)).toEqual({
				account: name,
				projectId,
				prompt: 'the hero walks on',
				copies: 2,
				mediaNames: names,
				captchaToken: expect.any(String),
				mode: 'extend',
				imageIds: [],
				sourceIds: [clip],
			});
			expect(sim.stats.requests.at(-1)?.mediaNames).toEqual([clip, ...names]);
			const [first] = reply.body.media as Json[];
			expect(first).toMatchObject({projectId, workflowId: reply.body.workflows[0].name});
			expect(stateOf(first!)).toBe('MEDIA_GENERATION_STATUS_SCHEDULED');
			expect(stateOf(await pollOne(sim, token, names[0], projectId))).toBe(
				'MEDIA_GENERATION_STATUS_SCHEDULED',
			);
			done();
			for (const made of names) {
				expect(sim.ownerOf(made)).toBe(name);
				expect(stateOf(await pollOne(sim, token, made, projectId))).toBe(
					'MEDIA_GENERATION_STATUS_SUCCESSFUL',
				);
				const bytes = await downloadMedia(sim, cookie, made);
				expect(bytes.equals(sim.videoBytesFor(made))).toBe(true);
				expect(bytes.equals(sim.videoBytesFor(clip))).toBe(false);
			}
			expect(sim.stats.crossAccountAttempts).toEqual([]);
		},
	);

	it('refuses another account clip as not found and records the attempt', async () => {
		const sim = await start();
		const mine = await ready(sim, 'cookie-one');
		const theirs = await ready(sim, 'cookie-two');
		const foreign = await finishedClip(sim, theirs.token, theirs.projectId, done);
		const body = extendBody(mine.projectId, 'veo_3_1_extend_fast_landscape', foreign);
		const reply = await generateCall(sim, mine.token, path, body);
		expect(reply.status).toBe(404);
		expect(reply.body.error).toMatchObject({status: 'NOT_FOUND', message: 'Requested entity was not found.'});
		expect(sim.stats.crossAccountAttempts.map((record) => [record.account, record.path])).toEqual([
			['acc1', `/v1/video:${path}`],
		]);
		expect(sim.stats.crossAccountAttempts[0]?.mediaNames).toContain(foreign);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text']);
		expect(sim.account('acc1').credits).toBe(10_000);
	});

	it('refuses its own clip elsewhere, unfinished or failed, an image and an unknown id, as not found', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const other = await newProject(sim, 'cookie-one');
		const elsewhere = await finishedClip(sim, token, other);
		const policy = modeBody(projectId, 'veo_3_1_t2v_fast', {});
		policy.requests[0].textInput.structuredPrompt.parts[0].text = 'a [policy] scene';
		const filtered = (await generateCall(sim, token, 'batchAsyncGenerateVideoText', policy)).body.media[0]
			.name;
		done();
		const running = await finishedClip(sim, token, projectId);
		const image = await upload(sim, token, projectId);
		const submitsBefore = sim.stats.submits.length;
		const credits = sim.account('acc1').credits;
		for (const id of [elsewhere, filtered, running, image, 'no-such-clip']) {
			const reply = await generateCall(sim, token, path, extendBody(projectId, 'veo_3_1_extension_lite', id));
			expect(reply.status, id).toBe(404);
			expect(reply.body.error.message).toBe('Requested entity was not found.');
		}
		expect(sim.stats.crossAccountAttempts).toEqual([]);
		expect(sim.stats.submits).toHaveLength(submitsBefore);
		expect(sim.account('acc1').credits).toBe(credits);
	});

	it('takes only extend keys, in their orientation and tier, and needs videoInput', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim, 'cookie-one');
		const clip = await finishedClip(sim, token, projectId, done);
		const status = async (body: Json, on = path) => (await generateCall(sim, token, on, body)).status;
		const portrait = extendBody(projectId, 'veo_3_1_extend_fast_landscape', clip);
		portrait.requests[0].aspectRatio = 'VIDEO_ASPECT_RATIO_PORTRAIT';
		expect(await status(portrait)).toBe(400);
		expect(await status(extendBody(projectId, 'veo_3_1_t2v_fast', clip))).toBe(400);
		expect(await status(modeBody(projectId, 'veo_3_1_extend_fast_landscape', {}))).toBe(400);
		const onText = extendBody(projectId, 'veo_3_1_t2v_fast', clip);
		expect(await status(onText, 'batchAsyncGenerateVideoText')).toBe(400);
		const textOfExtend = modeBody(projectId, 'veo_3_1_extend_fast_landscape', {});
		expect(await status(textOfExtend, 'batchAsyncGenerateVideoText')).toBe(400);
		expect(await status(extendBody(projectId, 'veo_3_1_extend_fast_landscape_ultra', clip))).toBe(403);
		expect(sim.stats.submits.map((submit) => submit.mode)).toEqual(['text']);
		// The frame window gflow_cli sends (public file 59502325489) is a known field.
		const windowed = extendBody(projectId, 'veo_3_1_extension_lite', clip);
		windowed.requests[0].videoInput = {mediaId: clip, startFrameIndex: 1, endFrameIndex: 24};
		windowed.mediaGenerationContext.sceneContext = {sceneId: 'scene', position: 1};
		expect(await status(windowed)).toBe(200);
	});
});

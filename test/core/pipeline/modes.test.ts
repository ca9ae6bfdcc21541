// Proves the pipeline makes every mode through the account that owns each id, against the simulator:
// images uploaded once per account and named only there, an extend chain kept on its source's
// account, an upscale asked of the clip's account and saved beside the clip, all byte-exact.
import {createHash} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
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

const accounts = [
	{name: 'acc1', cookie: 'c1'},
	{name: 'acc2', cookie: 'c2'},
	{name: 'acc3', cookie: 'c3'},
];

/** A PNG signature and some bytes of its own: the simulator takes any image bytes. */
const png = (seed: string) =>
	Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(seed)]);

let next = 0;
const scene = (prompt: string, model: string, inputs?: SceneSpec['inputs']): SceneSpec => {
	next++;
	return {
		index: next,
		id: String(next).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model,
		copies: 1,
		...(inputs === undefined ? {} : {inputs}),
	};
};

async function run(
	simOptions: SimulatorOptions,
	specs: SceneSpec[],
): Promise<{state: RunState; events: RunEvent[]}> {
	harness = await startHarness(simOptions);
	for (const file of ['hero.png', 'start.png', 'end.png'])
		await writeFile(join(harness.dir, file), png(file));
	const pipeline = new Pipeline({
		outDir: harness.dir,
		imageDir: harness.dir,
		scenes: specs,
		accounts: harness.clients.map((client) => ({client, maxInFlight: 4})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		backoffMaxMs: 50,
	});
	const events: RunEvent[] = [];
	pipeline.on('event', (event) => events.push(event));
	return {state: await pipeline.start(), events};
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Pipeline: frames, references, extend and upscale', () => {
	it('makes every mode, each id only through the account that owns it', async () => {
		next = 0;
		const specs = [
			scene('the hero walks in', 'veo_3_1_r2v_fast_landscape', {refs: ['hero.png']}),
			scene('the hero looks up', 'veo_3_1_r2v_fast_landscape', {refs: ['hero.png']}),
			scene('the hero waves', 'veo_3_1_r2v_fast_landscape', {refs: ['hero.png']}),
			scene('from dawn to dusk', 'veo_3_1_i2v_s_fast_fl', {image: 'start.png', endImage: 'end.png'}),
			scene('a river', 'veo_3_1_t2v_fast'),
			scene('the river bends', 'veo_3_1_extend_fast_landscape', {extend: 5}),
			scene('the river meets the sea', 'veo_3_1_extend_fast_landscape', {extend: 6}),
			scene('a lighthouse', 'veo_3_1_t2v_fast', {upscale: '1080p'}),
		];
		const {state, events} = await run({accounts, generationMs: {min: 20, max: 60}, seed: 3}, specs);
		const sim = harness!.sim;
		expect(state.scenes.map((s) => [s.index, s.state, s.error])).toEqual(
			specs.map((s) => [s.index, 'done', undefined]),
		);

		// Every saved file is the simulator's bytes for that media, and the media is its account's.
		for (const item of state.scenes) {
			for (const media of item.media) {
				expect(sim.ownerOf(media.name)).toBe(item.account);
				const bytes = await readFile(join(harness!.dir, media.file!));
				expect(bytes.equals(sim.videoBytesFor(media.name))).toBe(true);
			}
		}
		// No request named an id of another account; every request about media went to its owner.
		expect(sim.stats.crossAccountAttempts).toEqual([]);
		// (A signed CDN URL carries no credentials: only requests made as an account are checked.)
		for (const request of sim.stats.requests.filter((r) => r.account !== undefined)) {
			for (const name of request.mediaNames) expect(sim.ownerOf(name), request.path).toBe(request.account);
		}

		// Each image at most once per account, and journaled once per upload.
		const uploads = sim.stats.uploads.map((upload) => `${upload.account} ${upload.bytes}`);
		expect(new Set(uploads).size).toBe(uploads.length);
		const journaled = events.filter((event) => event.type === 'image.upload');
		expect(journaled).toHaveLength(sim.stats.uploads.length);
		const hero = sha(png('hero.png'));
		for (const upload of journaled) {
			if (upload.file === 'hero.png') expect(upload.sha256).toBe(hero);
		}

		// The extend chain stays on the account that made its first clip.
		const chain = [5, 6, 7].map((index) => state.scenes[index - 1]!.account);
		expect(new Set(chain).size).toBe(1);
		const extendCalls = sim.stats.submits.filter((submit) => submit.mode === 'extend');
		expect(extendCalls.map((call) => call.account)).toEqual([chain[0], chain[0]]);

		// The upscale: asked of the clip's account, saved beside the clip.
		const lighthouse = state.scenes[7]!;
		expect(lighthouse.media.map((media) => [media.copy, media.upscale ?? null, media.file])).toEqual([
			[1, null, '008-a-lighthouse-1.mp4'],
			[1, '1080p', '008-a-lighthouse-1-1080p.mp4'],
		]);

		// The NDJSON scene.state lines say how each scene is made.
		const first = (index: number) =>
			events.find((event) => event.type === 'scene.state' && event.scene === index) as
				| Extract<RunEvent, {type: 'scene.state'}>
				| undefined;
		expect(first(1)?.mode).toBe('references');
		expect(first(4)).toMatchObject({mode: 'frames', inputs: {image: 'start.png', endImage: 'end.png'}});
		expect(first(6)).toMatchObject({mode: 'extend', inputs: {extend: 5}});
		expect(first(5)?.mode).toBeUndefined();
	});

	it('fails an extend whose source failed, saying why, and never submits it', async () => {
		next = 0;
		const specs = [
			scene('refused by policy [policy]', 'veo_3_1_t2v_fast'),
			scene('continues it', 'veo_3_1_extend_fast_landscape', {extend: 1}),
		];
		const {state} = await run({accounts, generationMs: {min: 20, max: 40}, seed: 5}, specs);
		expect(state.scenes[1]).toMatchObject({state: 'failed'});
		expect(state.scenes[1]!.error).toMatch(/^scene 1, which it extends, is failed: /);
		expect(harness!.sim.stats.submits.filter((submit) => submit.mode === 'extend')).toEqual([]);
	});

	it('a failed upload is tried again; nothing is lost and the scene is made', async () => {
		next = 0;
		const specs = [scene('the hero', 'veo_3_1_r2v_fast_landscape', {refs: ['hero.png']})];
		const {state} = await run(
			{accounts: accounts.slice(0, 1), generationMs: {min: 20, max: 40}, seed: 9, faults: {failUploads: 1}},
			specs,
		);
		expect(state.scenes[0]).toMatchObject({state: 'done'});
		expect(harness!.sim.stats.uploads).toHaveLength(1);
	});
});

describe('Pipeline: retrying the source of a failed extend', () => {
	it('an extend that failed because its source was in doubt is tried again with its source', async () => {
		next = 0;
		harness = await startHarness({
			accounts: accounts.slice(0, 1),
			generationMs: {min: 20, max: 40},
			seed: 11,
		});
		const real = harness.clients[0]!;
		let first = true;
		const client = standIn(real, {
			submit: (request) => {
				if (first && request.extend === undefined) {
					first = false;
					// The answer of the source's first submit is lost: it may exist, so it is in doubt.
					return Promise.reject(new FlowError('transient', 'acc1: socket hang up', {ambiguous: true}));
				}
				return real.submit(request);
			},
		});
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: [
				scene('a river', 'veo_3_1_t2v_fast'),
				scene('it reaches the sea', 'veo_3_1_extend_fast_landscape', {extend: 1}),
			],
			accounts: [{client, maxInFlight: 4}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
		});
		pipeline.holdOpenWhileRetryable();
		const errors: string[] = [];
		pipeline.on('event', (event) => {
			if (event.type !== 'scene.state' || event.scene !== 2 || event.state !== 'failed') return;
			errors.push(event.error ?? '');
			// A person resolves the doubt: `r` on the source.
			setImmediate(() => pipeline.retry(1));
		});
		pipeline.on('event', (event) => {
			if (event.type === 'scene.state' && event.scene === 2 && event.state === 'done') pipeline.stop();
		});
		const state = await pipeline.start();
		expect(errors).toEqual([expect.stringMatching(/^scene 1, which it extends, is in-doubt: /)]);
		expect(state.scenes.map((s) => [s.state, s.attempt])).toEqual([
			['done', 2],
			['done', 2],
		]);
	});
});

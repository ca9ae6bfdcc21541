/**
 * What the pipeline does with what the real flow.google.com wire taught (docs/wire-captures.md): an
 * unreadable status never loops, a short download is not kept, a media the server does not know ends
 * alone, and an in-doubt submit is looked up by its batch id on resume before anything is sent again.
 */
import {randomUUID} from 'node:crypto';
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';
import {type FlowAccount, Pipeline, type PipelineOptions} from '../../../source/core/pipeline/index.js';
import {initialRunState} from '../../../source/core/run-state.js';
import type {AccountClient} from '../../../source/labs/account-client.js';
import type {SimulatorOptions} from '../../../source/simulator/index.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../../labs/wire/flow/harness.js';

let harness: FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const flowAccounts = (count: number) =>
	Array.from({length: count}, (_, i) => ({
		name: `acc${i + 1}`,
		cookie: `labs-${i + 1}`,
		googleCookies: googleCookiesOf(`a${i + 1}`),
	}));

function scenes(prompts: string[]): SceneSpec[] {
	return prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	}));
}

/** The client itself (its private fields need it as `this`), with some methods replaced. */
function delegate(client: AccountClient, overrides: Partial<FlowAccount>): FlowAccount {
	return new Proxy(client, {
		get(target, prop, _receiver) {
			if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof FlowAccount];
			const value = Reflect.get(target, prop, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

async function run(
	simOptions: SimulatorOptions,
	specs: SceneSpec[],
	options: Partial<PipelineOptions> & {wrap?: (client: AccountClient) => FlowAccount} = {},
) {
	harness ??= await startFlowHarness(simOptions);
	const {wrap, ...rest} = options;
	const pipeline = new Pipeline({
		outDir: harness.dir,
		scenes: specs,
		accounts: harness.clients.map((client) => ({client: wrap ? wrap(client) : client, maxInFlight: 4})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		backoffMaxMs: 50,
		...rest,
	});
	const events: RunEvent[] = [];
	pipeline.on('event', (event) => events.push(event));
	const state = await pipeline.start();
	return {state, events};
}

describe('the pipeline on the flow.google.com wire', () => {
	it('a status it cannot read ends that video with a protocol error and a kept sample; the others go on', async () => {
		const {state} = await run({accounts: flowAccounts(1), generationMs: {min: 20, max: 40}, seed: 3}, [
			...scenes(['a calm lake [odd-status]', 'a quiet street']),
		]);
		const [odd, plain] = state.scenes;
		expect(plain?.state).toBe('done');
		expect(odd?.state).toBe('failed');
		expect(odd?.error).toMatch(/shape flowdeck cannot read \(3 answers in a row\)/);
		expect(odd?.error).toContain('.flowdeck/wire-samples');
		const samples = await readdir(join(harness!.dir, '.flowdeck', 'wire-samples'));
		expect(samples.length).toBeGreaterThan(0);
		expect(samples[0]).toMatch(/jwpduf/);
		const text = await readFile(join(harness!.dir, '.flowdeck', 'wire-samples', samples[0]!), 'utf8');
		expect(text).toContain('[99]');
		for (const secret of ['SAPISID', 'sapisid-a1', 'osid-a1']) expect(text).not.toContain(secret);
	});

	it('a download shorter than the byte size in its record is not kept: fetched again, byte-exact', async () => {
		const {state, events} = await run(
			{accounts: flowAccounts(1), generationMs: {min: 10, max: 20}, shortDownloads: 1, seed: 5},
			scenes(['a red kite']),
		);
		const scene = state.scenes[0]!;
		expect(scene.state).toBe('done');
		const media = scene.media[0]!;
		const bytes = await readFile(join(harness!.dir, media.file!));
		expect(bytes.equals(harness!.sim.videoBytesFor(media.name))).toBe(true);
		const refused = events.find(
			(event) => event.type === 'media.state' && event.state === 'ready' && event.error !== undefined,
		);
		expect(refused && 'error' in refused ? refused.error : '').toMatch(/Flow says the video has \d+/);
		expect((await stat(join(harness!.dir, media.file!))).size).toBe(bytes.length);
	});

	it('a media the server does not know (not-found) fails alone; the same call answers the others', async () => {
		let hidden: string | undefined;
		const wrap = (client: AccountClient): FlowAccount =>
			delegate(client, {
				status: async (refs: Parameters<AccountClient['status']>[0]) => {
					const result = await client.status(refs);
					hidden ??= refs[0]?.name;
					return {
						...result,
						media: result.media.map((item) =>
							item.name === hidden ? {...item, state: 'not-found' as const} : item,
						),
					};
				},
			});
		const {state} = await run(
			{accounts: flowAccounts(1), generationMs: {min: 10, max: 20}, seed: 9},
			scenes(['one', 'two', 'three']),
			{wrap},
		);
		const failed = state.scenes.filter((scene) => scene.state === 'failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]?.error).toBe('Flow no longer knows this video (not found)');
		expect(state.scenes.filter((scene) => scene.state === 'done')).toHaveLength(2);
	});

	it('resume: an in-doubt scene is found by its batch id and polled, never submitted again', async () => {
		harness = await startFlowHarness({accounts: flowAccounts(1), generationMs: {min: 10, max: 20}, seed: 11});
		const client = harness.clients[0]!;
		await client.prepare();
		const batchId = randomUUID().toUpperCase();
		const specs = scenes(['a lost answer']);
		// The earlier session: the submit went out and was charged, its answer never recorded.
		await client.submit({
			prompt: specs[0]!.prompt,
			model: specs[0]!.model,
			aspect: '16:9',
			copies: 1,
			batchId,
		});
		const initial = initialRunState(specs, ['acc1'], 0);
		initial.runId = 'run-earlier';
		Object.assign(initial.scenes[0]!, {
			state: 'in-doubt',
			account: 'acc1',
			projectId: client.projectId,
			batchId,
		});
		const {state} = await run({accounts: []}, specs, {initialState: initial, resubmitInDoubt: true});
		expect(state.scenes[0]?.state).toBe('done');
		expect(harness.sim.stats.submits).toHaveLength(1);
		expect(state.scenes[0]?.media[0]?.name).toBe(harness.sim.stats.submits[0]?.mediaNames[0]);
	});

	it('resume: an in-doubt scene whose batch is not in the project stays in doubt', async () => {
		harness = await startFlowHarness({accounts: flowAccounts(1), generationMs: {min: 10, max: 20}, seed: 13});
		const specs = scenes(['never arrived']);
		await harness.clients[0]!.prepare();
		const initial = initialRunState(specs, ['acc1'], 0);
		initial.runId = 'run-earlier';
		Object.assign(initial.scenes[0]!, {
			state: 'in-doubt',
			account: 'acc1',
			projectId: harness.clients[0]!.projectId,
			batchId: randomUUID().toUpperCase(),
		});
		const {state} = await run({accounts: []}, specs, {initialState: initial});
		expect(state.scenes[0]?.state).toBe('in-doubt');
		expect(harness.sim.stats.submits).toHaveLength(0);
	});
});

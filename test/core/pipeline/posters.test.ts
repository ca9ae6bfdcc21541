/**
 * Posters beside the clips (issue 19, docs/design.md §4): on a flow.google.com account the pipeline
 * saves `NNN-slug-<copy>.jpg` after the clip and records it on the `downloaded` event (`poster`); a
 * poster that fails costs one warning and never the clip; labs accounts, whose wire gives no poster
 * URL, save none.
 */
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';
import {parseEvent} from '../../../source/core/journal/event-validation.js';
import {type FlowAccount, Pipeline} from '../../../source/core/pipeline/index.js';
import type {AccountClient} from '../../../source/labs/account-client.js';
import {type SimHarness, startHarness} from '../../helpers/sim.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../../labs/wire/flow/harness.js';

let harness: FlowHarness | SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const flowAccounts = [{name: 'acc1', cookie: 'labs-1', googleCookies: googleCookiesOf('p1')}];

const scene = (prompt: string, copies = 1): SceneSpec => ({
	index: 1,
	id: '001',
	prompt,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies,
});

/** The client itself (its private fields need it as `this`), with `download` replaced. */
function withDownload(client: AccountClient, download: AccountClient['download']): FlowAccount {
	return new Proxy(client, {
		get(target, prop) {
			if (prop === 'download') return download;
			const value = Reflect.get(target, prop, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

async function run(clients: FlowAccount[], dir: string, spec: SceneSpec) {
	const pipeline = new Pipeline({
		outDir: dir,
		scenes: [spec],
		accounts: clients.map((client) => ({client, maxInFlight: 4})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		backoffMaxMs: 50,
	});
	const events: RunEvent[] = [];
	const warnings: string[] = [];
	pipeline.on('event', (event) => events.push(event));
	pipeline.on('warning', (message) => warnings.push(message));
	const state = await pipeline.start();
	return {state, events, warnings};
}

const downloaded = (events: RunEvent[]) =>
	events.filter((event) => event.type === 'media.state' && event.state === 'downloaded');

describe('posters', () => {
	it('a flow.google.com run saves NNN-slug-<copy>.jpg beside each clip, byte-exact, and journals it', async () => {
		const flow = await startFlowHarness({accounts: flowAccounts, generationMs: {min: 10, max: 30}, seed: 4});
		harness = flow;
		const {state, events, warnings} = await run(flow.clients, flow.dir, scene('a red kite', 2));
		expect(state.scenes[0]?.state).toBe('done');
		expect(warnings).toEqual([]);
		for (const media of state.scenes[0]!.media) {
			const poster = `001-a-red-kite-${media.copy}.jpg`;
			expect(media.file).toBe(`001-a-red-kite-${media.copy}.mp4`);
			expect(media.poster).toBe(poster);
			const bytes = await readFile(join(flow.dir, poster));
			expect(bytes.equals(flow.sim.posterBytesFor(media.name))).toBe(true);
		}
		expect((await readdir(flow.dir)).filter((name) => name.endsWith('.jpg')).sort()).toEqual([
			'001-a-red-kite-1.jpg',
			'001-a-red-kite-2.jpg',
		]);
		// The poster rides on the `downloaded` event, and the journal reads it back.
		const saved = downloaded(events);
		expect(saved.map((event) => 'poster' in event && event.poster).sort()).toEqual([
			'001-a-red-kite-1.jpg',
			'001-a-red-kite-2.jpg',
		]);
		for (const event of saved) expect(parseEvent(JSON.stringify(event))).toEqual(event);
		expect(parseEvent(JSON.stringify({...saved[0], poster: 7}))).toBeUndefined();
		// Fetched without credentials, like the clip.
		const images = flow.sim.stats.requests.filter((r) => r.origin === 'cdn' && r.path.startsWith('/image/'));
		expect(images).toHaveLength(2);
		expect(images.every((r) => !r.hadCookie && !r.hadAuthorization && r.googleCookiesOf.length === 0)).toBe(
			true,
		);
	});

	it('a poster that fails leaves the clip downloaded and the scene done, with one warning', async () => {
		const flow = await startFlowHarness({accounts: flowAccounts, generationMs: {min: 10, max: 30}, seed: 6});
		harness = flow;
		const client = flow.clients[0]!;
		// The poster URL's signature spoilt: the CDN refuses it (403), as an expired one.
		const spoilt = withDownload(client, async (...args) => {
			const result = await client.download(...args);
			return {...result, posterUrl: result.posterUrl?.replace(/Signature=[^&]*/, 'Signature=spoilt')};
		});
		const {state, events, warnings} = await run([spoilt], flow.dir, scene('a blue heron'));
		const [done] = state.scenes;
		expect(done?.state).toBe('done');
		const media = done!.media[0]!;
		expect([media.state, media.file, media.poster]).toEqual([
			'downloaded',
			'001-a-blue-heron-1.mp4',
			undefined,
		]);
		expect((await readFile(join(flow.dir, media.file!))).equals(flow.sim.videoBytesFor(media.name))).toBe(
			true,
		);
		expect(await readdir(flow.dir)).not.toContain('001-a-blue-heron-1.jpg');
		expect((await readdir(flow.dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/^the poster 001-a-blue-heron-1\.jpg was not saved \(the clip was\): acc1: /);
		expect(downloaded(events)).toHaveLength(1);
		expect(downloaded(events)[0]).not.toHaveProperty('poster');
	});

	it('a labs account, whose wire gives no poster URL, saves none', async () => {
		const labs = await startHarness({accounts: [{name: 'acc1', cookie: 'c1'}], generationMs: 20});
		harness = labs;
		const {state, warnings} = await run(labs.clients, labs.dir, scene('a green field'));
		expect(state.scenes[0]?.state).toBe('done');
		expect(state.scenes[0]?.media[0]?.poster).toBeUndefined();
		expect((await readdir(labs.dir)).filter((name) => name.endsWith('.jpg'))).toEqual([]);
		expect(labs.sim.stats.requests.some((r) => r.path.startsWith('/image/'))).toBe(false);
		expect(warnings).toEqual([]);
	});
});

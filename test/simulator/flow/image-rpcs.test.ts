// Proves the flow.google.com stand-in's image calls: `maseQ` keeps an upload of the caller's project and
// answers its id first (public files 71117012202 / 70867696308), and `eb1hJf`, `nprQif` and `MZZa6b`
// make videos from those images that answer, poll and download like YhhmEf's, refusing any image that
// is not the caller's in that project with the NOT_FOUND a foreign media gets.
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {googleCookiesOf} from '../../labs/wire/flow/harness.js';
import {contextOf, type Payload, session} from './flow-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

let now = Date.UTC(2026, 9, 20, 12);

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	now = Date.UTC(2026, 9, 20, 12);
	const sim = await startSimulator({
		accounts: [
			{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one')},
			{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two')},
		],
		generationMs: 1_000,
		now: () => now,
		...options,
	});
	started.push(sim);
	return sim;
}

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const uuid = () => crypto.randomUUID().toUpperCase();
const prompt = [null, null, [[['the hero walks on']]]];
const metadata = () => [null, null, null, null, uuid(), uuid()];
const crop = [null, 0.0038759689922481244, 1, 0.9961240310077519];

/** The maseQ request of FK-ext `upload_request` (public file 68427272937). */
const uploadPayload = (ctx: unknown[], mime = 'image/png') => [
	ctx,
	png.toString('base64'),
	mime,
	1,
	null,
	null,
	null,
	null,
	'hero.png',
	null,
	uuid(),
	uuid(),
];

/** The three image calls, each item as the sources build it (see source/simulator/flow/image-calls.ts). */
const calls = {
	eb1hJf: (ids: string[], key = 'veo_3_1_i2v_s_fast') => [
		prompt,
		key,
		2,
		null,
		[null, ids[0], null, null, null, crop],
		metadata(),
	],
	nprQif: (ids: string[], key = 'veo_3_1_i2v_s_fast_portrait_fl') => [
		prompt,
		key,
		1,
		null,
		[null, ids[0], null, null, null, crop],
		[null, ids[1], null, null, null, crop],
		metadata(),
	],
	MZZa6b: (ids: string[], key = 'veo_3_1_r2v_fast_landscape') => [
		prompt,
		ids.map((id) => [null, id]),
		key,
		2,
		null,
		metadata(),
	],
} as const;

type Rpc = keyof typeof calls;

async function signedIn(sim: Simulator, who: 'one' | 'two') {
	const account = who === 'one' ? 'acc1' : 'acc2';
	const rpc = await session(sim, googleCookiesOf(who));
	const projectId = await rpc.project();
	const ctx = (projectId_ = projectId) => contextOf(projectId_, sim.mintCaptchaToken(account));
	const upload = async (into = projectId): Promise<string> =>
		(await rpc.data('maseQ', uploadPayload(ctx(into))))[0][0] as string;
	const submit = (name: Rpc, ids: string[], key?: string, into = projectId) =>
		rpc.entry(name, [[calls[name](ids, key)], ctx(into), [uuid(), 2]]);
	return {...rpc, account, projectId, ctx, upload, submit};
}

describe('maseQ on the flow.google.com stand-in', () => {
	it('keeps the image as an upload of the account and project, its id first in the answer', async () => {
		const sim = await start();
		const one = await signedIn(sim, 'one');
		const token = sim.mintCaptchaToken('acc1');
		const answer = await one.data('maseQ', uploadPayload(contextOf(one.projectId, token)));
		const [record] = answer as Payload[];
		expect(record).toHaveLength(7);
		const [id, projectId, second, status, , details] = record;
		expect([projectId, status]).toEqual([one.projectId, null]);
		expect(typeof second).toBe('string');
		expect(second).not.toBe(id);
		expect(details[13]).toBe(png.length);
		expect(sim.ownerOf(id)).toBe('acc1');
		expect(sim.stats.uploads).toEqual([
			{
				account: 'acc1',
				projectId: one.projectId,
				mediaName: id,
				bytes: png.length,
				mimeType: 'image/png',
				captchaToken: token,
			},
		]);
		// Without a token (BOQ-client sends none) it is kept too; a spent or bare one is refused as YhhmEf refuses it.
		const tokenless = await one.data('maseQ', uploadPayload(contextOf(one.projectId)));
		expect(sim.ownerOf(tokenless[0][0])).toBe('acc1');
		expect(sim.stats.uploads[1]).not.toHaveProperty('captchaToken');
		const replay = await one.entry('maseQ', uploadPayload(contextOf(one.projectId, token)));
		expect(replay[2]).toBeNull();
		expect(JSON.stringify(replay[5])).toContain('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
		const bare = [...contextOf(one.projectId).slice(0, 10), sim.mintCaptchaToken('acc1')];
		expect((await one.entry('maseQ', uploadPayload(bare)))[5]).toEqual([3]);
		expect((await one.entry('maseQ', uploadPayload(contextOf(one.projectId), 'image/gif')))[5]).toEqual([3]);
		expect(sim.stats.uploads).toHaveLength(2);
	});

	it("refuses another account's project as NOT_FOUND and records the attempt", async () => {
		const sim = await start();
		const one = await signedIn(sim, 'one');
		const two = await signedIn(sim, 'two');
		expect((await one.entry('maseQ', uploadPayload(contextOf(two.projectId))))[5]).toEqual([5]);
		expect(sim.stats.crossAccountAttempts.map((record) => record.account)).toEqual(['acc1']);
		expect(sim.stats.uploads).toEqual([]);
	});
});

describe('eb1hJf, nprQif and MZZa6b on the flow.google.com stand-in', () => {
	it.each([
		['eb1hJf', 1, 'frames', [1]],
		['nprQif', 2, 'frames', [1, 2]],
		['MZZa6b', 3, 'references', [4, 4, 4]],
	] as const)(
		'%s: makes a video from %i image(s), answered, polled and downloaded like YhhmEf',
		async (name, count, mode, roles) => {
			const sim = await start();
			const one = await signedIn(sim, 'one');
			const ids: string[] = [];
			for (let i = 0; i < count; i++) ids.push(await one.upload());
			const entry = await one.submit(name, ids);
			expect(entry.slice(0, 2)).toEqual(['wrb.fr', name]);
			const answer = JSON.parse(entry[2] as string) as Payload;
			// YhhmEf's shape: [null, balance, [heading], [record]], the media id at record[0] and heading[3][4].
			expect(answer[1]).toBe(10_000 - 20);
			expect(sim.account('acc1').credits).toBe(10_000 - 20);
			const record = answer[3][0];
			const mediaId = record[0] as string;
			expect(answer[2][0][3][4]).toBe(mediaId);
			expect(record[1]).toBe(one.projectId);
			// The images after the key, each with its role (MZZa6b capture: 4 for a reference).
			expect(record[5][6][1][1]).toEqual(ids.map((id, i) => [null, roles[i], id]));
			expect(sim.stats.submits).toEqual([
				{
					account: 'acc1',
					projectId: one.projectId,
					prompt: 'the hero walks on',
					copies: 1,
					mediaNames: [mediaId],
					captchaToken: expect.any(String),
					mode,
					imageIds: ids,
				},
			]);
			expect(sim.ownerOf(mediaId)).toBe('acc1');
			now += 1_000;
			const polled = await one.data('jwpduf', [null, null, [[mediaId]]]);
			expect(polled[2][0][5][8]).toEqual([3]);
			const media = await one.data('as29s', [mediaId]);
			const video = await fetch(media[7][0][8] as string);
			expect(Buffer.from(await video.arrayBuffer()).equals(sim.videoBytesFor(mediaId))).toBe(true);
			expect(sim.stats.crossAccountAttempts).toEqual([]);
		},
	);

	it.each(['eb1hJf', 'nprQif', 'MZZa6b'] as const)(
		"%s: refuses another account's image as NOT_FOUND, recorded, and its own elsewhere unrecorded",
		async (name) => {
			const sim = await start();
			const one = await signedIn(sim, 'one');
			const two = await signedIn(sim, 'two');
			const own = await one.upload();
			const foreign = await two.upload();
			const refused = await one.submit(name, [foreign, own]);
			expect(refused.slice(0, 3)).toEqual(['wrb.fr', name, null]);
			expect(refused[5]).toEqual([5]);
			expect(sim.stats.crossAccountAttempts.map((record) => record.account)).toEqual(['acc1']);
			expect(sim.stats.crossAccountAttempts[0]?.mediaNames).toContain(foreign);
			const elsewhere = await one.upload(await one.project());
			expect((await one.submit(name, [elsewhere, own]))[5]).toEqual([5]);
			expect((await one.submit(name, ['no-such-image', own]))[5]).toEqual([5]);
			expect(sim.stats.crossAccountAttempts).toHaveLength(1);
			expect(sim.stats.submits).toEqual([]);
			expect(sim.account('acc1').credits).toBe(10_000);
		},
	);

	it('takes only the keys of its own call, and Ultra keys from Ultra accounts', async () => {
		const sim = await start();
		const one = await signedIn(sim, 'one');
		const ids = [await one.upload(), await one.upload()];
		expect((await one.submit('eb1hJf', ids, 'veo_3_1_i2v_s_fast_fl'))[5]).toEqual([3]);
		expect((await one.submit('nprQif', ids, 'veo_3_1_i2v_s_fast'))[5]).toEqual([3]);
		expect((await one.submit('MZZa6b', ids, 'veo_3_1_t2v_fast'))[5]).toEqual([3]);
		expect((await one.submit('eb1hJf', ids, 'veo_3_1_r2v_fast_landscape'))[5]).toEqual([3]);
		const ultra = await one.submit('eb1hJf', ids, 'veo_3_1_i2v_s_fast_ultra');
		expect(JSON.stringify(ultra[5])).toContain('PUBLIC_ERROR_MODEL_ACCESS_DENIED');
		// A frame slot without an id, or the same reference twice, is no such call.
		expect((await one.submit('nprQif', [ids[0]!]))[5]).toEqual([3]);
		expect((await one.submit('MZZa6b', [ids[0]!, ids[0]!]))[5]).toEqual([3]);
		expect(sim.stats.submits).toEqual([]);
	});

	it('answers fZytfe (extend) and p0UkFb (upscale) as any unknown RPC', async () => {
		const sim = await start();
		const one = await signedIn(sim, 'one');
		const unknown = await one.entry('WuwhI', []);
		expect(unknown[0]).toBe('er');
		for (const rpcid of ['fZytfe', 'p0UkFb'])
			expect(await one.entry(rpcid, [[], one.ctx(), [uuid(), 2]])).toEqual(unknown);
	});
});

import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {googleCookiesOf} from '../../labs/wire/flow/harness.js';
import {call, entriesOf, pageAt} from './flow-calls.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const accounts = [
	{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one'), migrated: true},
	{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two')},
];

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	const sim = await startSimulator({accounts, generationMs: 50, ...options});
	started.push(sim);
	return sim;
}

describe('flow.google.com stand-in', () => {
	it('serves WIZ_global_data (SNlM0e, FdrFJe, cfb2h) to signed-in cookies; /about to anyone else', async () => {
		const sim = await start();
		const page = await fetch(`${sim.flowUrl}/project/abc`, {headers: {cookie: googleCookiesOf('one')}});
		const html = await page.text();
		expect(html).toMatch(
			/window\.WIZ_global_data = \{"SNlM0e":"AJvLN6[^"]+:\d+","FdrFJe":"-\d+","cfb2h":"boq_labs-ai-sandbox-frontend_/,
		);
		for (const cookie of [
			'',
			googleCookiesOf('one').replace(/; OSID=[^;]+/, ''),
			googleCookiesOf('nobody'),
		]) {
			const bounced = await fetch(`${sim.flowUrl}/`, {headers: cookie ? {cookie} : {}, redirect: 'manual'});
			expect(bounced.status).toBe(302);
			expect(bounced.headers.get('location')).toBe(`${sim.flowUrl}/about`);
		}
	});

	it('can serve WIZ (with an at) to signed-out visitors, so WIZ proves nothing', async () => {
		const sim = await start({signedOutWiz: true});
		const at = await pageAt(sim, googleCookiesOf('nobody'));
		const answer = await call(sim, 'nzlxg', [], {cookie: googleCookiesOf('nobody'), at});
		expect(entriesOf(answer.text)[0]).toEqual(['er', null, null, null, null, 401, null, null, null, 16]);
	});

	it("frames answers with )]}', wrong length prefixes and trailing bookkeeping chunks", async () => {
		const sim = await start();
		const cookie = googleCookiesOf('one');
		const answer = await call(sim, 'nzlxg', [], {cookie, at: await pageAt(sim, cookie)});
		expect(answer.status).toBe(200);
		expect(answer.text.startsWith(")]}'\n\n")).toBe(true);
		const lines = answer.text.slice(6).split('\n').filter(Boolean);
		expect(lines).toHaveLength(4);
		for (let i = 0; i < lines.length; i += 2) {
			expect(Number(lines[i])).not.toBe(lines[i + 1]!.length);
			expect(Math.abs(Number(lines[i]) - lines[i + 1]!.length)).toBe(1);
		}
		const entries = entriesOf(answer.text);
		expect(entries.map((entry) => entry[0])).toEqual(['wrb.fr', 'di', 'af.httprm', 'e']);
		// Captured as [1050,1,2,2,null,1050]: the balance at 0 and 5, tier 2 (PAYGATE_TIER_ONE) at 3.
		expect(JSON.parse(entries[0]![2] as string)).toEqual([10_000, 1, 2, 2, null, 10_000]);
	});

	it('checks the form, x-same-domain, rpcids against f.req, the cookies and at', async () => {
		const sim = await start();
		const cookie = googleCookiesOf('one');
		const at = await pageAt(sim, cookie);
		expect((await call(sim, 'nzlxg', [], {cookie, at, headers: {'x-same-domain': '0'}})).status).toBe(400);
		expect(
			(await call(sim, 'nzlxg', [], {cookie, at, headers: {'content-type': 'application/json'}})).status,
		).toBe(400);
		expect((await call(sim, 'nzlxg', [], {cookie, at, rpcidInUrl: 'as29s'})).status).toBe(400);
		expect(entriesOf((await call(sim, 'nzlxg', [], {at})).text)[0]?.[0]).toBe('er');
		const stale = entriesOf((await call(sim, 'nzlxg', [], {cookie, at: 'stale:1'})).text)[0];
		expect(stale).toEqual(['xsrf', at]);
		expect(entriesOf((await call(sim, 'WuwhI', [], {cookie, at})).text)[0]?.[5]).toBe(400);
	});

	it('xsrfEvery rotates at: the challenge hands out the new token, the old one is stale', async () => {
		const sim = await start({xsrfEvery: 2});
		const cookie = googleCookiesOf('one');
		const at = await pageAt(sim, cookie);
		expect(entriesOf((await call(sim, 'nzlxg', [], {cookie, at})).text)[0]?.[0]).toBe('wrb.fr');
		const challenge = entriesOf((await call(sim, 'nzlxg', [], {cookie, at})).text)[0]!;
		expect(challenge[0]).toBe('xsrf');
		expect(challenge[1]).not.toBe(at);
		expect(entriesOf((await call(sim, 'nzlxg', [], {cookie, at})).text)[0]).toEqual(['xsrf', challenge[1]]);
		expect(entriesOf((await call(sim, 'nzlxg', [], {cookie, at: challenge[1] as string})).text)[0]?.[0]).toBe(
			'wrb.fr',
		);
	});

	it('records flow requests with the account their cookies name, and mixed cookies as cross-account', async () => {
		const sim = await start();
		await fetch(`${sim.flowUrl}/`, {headers: {cookie: googleCookiesOf('two')}});
		const mixed = `${googleCookiesOf('one')}; ${googleCookiesOf('two').replace(/SAPISID/, 'X')}`;
		await fetch(`${sim.flowUrl}/`, {headers: {cookie: mixed}, redirect: 'manual'});
		const [clean, crossed] = sim.stats.requests;
		expect(clean).toMatchObject({
			origin: 'flow',
			account: 'acc2',
			googleCookiesOf: ['acc2'],
			hadAuthorization: false,
		});
		expect(crossed?.googleCookiesOf).toEqual(['acc1', 'acc2']);
		expect(sim.stats.crossAccountAttempts).toEqual([crossed]);
	});

	it('serves a signed poster JPEG next to the mp4, and refuses a tampered signature', async () => {
		let clock = Date.UTC(2026, 9, 20, 12);
		const sim = await start({generationMs: 1000, now: () => clock});
		const cookie = googleCookiesOf('one');
		const at = await pageAt(sim, cookie);
		const created = entriesOf(
			(await call(sim, 'jHPbke', ['projects/*', [null, ['t']], [null, 22]], {cookie, at})).text,
		);
		const projectId = (JSON.parse(created[0]![2] as string) as string[][])[0]![0]!;
		const token = sim.mintCaptchaToken('acc1');
		const item = [
			[null, null, [[['a lighthouse']]]],
			'abra_t2v_8s',
			2,
			null,
			[null, null, null, null, 'A', 'B'],
		];
		const ctx = [null, 22, null, null, null, projectId, null, null, null, null, [token, 1]];
		const submit = entriesOf((await call(sim, 'YhhmEf', [[item], ctx, ['T', 2]], {cookie, at})).text);
		// Captured: the heading's first id is the WORKFLOW id; the media id sits inside it at [3][4].
		// biome-ignore lint/suspicious/noExplicitAny: walking the captured heading shape
		const heading = (JSON.parse(submit[0]![2] as string) as any)[2][0];
		const mediaId = heading[3][4] as string;
		expect(heading[0]).not.toBe(mediaId);
		expect(heading[3][5]).toBe('T');
		expect(sim.account('acc1').credits).toBe(10_000 - 12);
		clock += 1000;
		const media = entriesOf((await call(sim, 'as29s', [mediaId], {cookie, at})).text);
		// biome-ignore lint/suspicious/noExplicitAny: walking the captured record shape
		const record = JSON.parse(media[0]![2] as string) as any;
		expect([record[0], record[2], record[3]]).toEqual([mediaId, heading[0], null]);
		const poster = record[5][10] as string;
		const video = record[7][0][8] as string;
		expect(new URL(video).pathname).toBe(`/video/${mediaId}`);
		const jpeg = await fetch(poster);
		expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
		expect([...new Uint8Array(await jpeg.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		// Its first character changed, whatever it was (a signature starting with x once made this pass as is).
		const tampered = poster.replace(/Signature=(.)/, (_, first) => `Signature=${first === 'x' ? 'y' : 'x'}`);
		expect((await fetch(tampered)).status).toBe(403);
		// The token was single use; a replay is refused with the PUBLIC_ERROR in the error slot.
		const replay = entriesOf((await call(sim, 'YhhmEf', [[item], ctx, ['T', 2]], {cookie, at})).text)[0]!;
		expect(replay[2]).toBeNull();
		expect(JSON.stringify(replay[5])).toContain('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
		// A bare-string token is a [3].
		const bare = [...ctx.slice(0, 10), sim.mintCaptchaToken('acc1')];
		expect(
			entriesOf((await call(sim, 'YhhmEf', [[item], bare, ['T', 2]], {cookie, at})).text)[0]![5],
		).toEqual([3]);
	});

	it('labs sends migrated accounts to flow.google.com, or to the stand-in when asked', async () => {
		const real = await start();
		const moved = {cookie: '__Secure-next-auth.session-token=labs-one'};
		const first = await fetch(`${real.labsUrl}/fx/tools/flow`, {headers: moved, redirect: 'manual'});
		expect(first.headers.get('location')).toBe('https://flow.google.com/');
		const local = await start({migratedRedirect: 'simulator'});
		const second = await fetch(`${local.labsUrl}/fx/tools/flow`, {headers: moved, redirect: 'manual'});
		expect(second.status).toBe(308);
		expect(second.headers.get('location')).toBe(`${local.flowUrl}/`);
	});
});

import {readFile, stat} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {functionCaptchaProvider} from '../../source/labs/captcha/providers.js';
import {createLabsAccountClient} from '../../source/labs/index.js';
import {caughtFlowError as caught} from '../helpers/flow-error.js';
import {type SimHarness, sleep, startHarness, waitForMedia} from '../helpers/sim.js';

let harness: SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const accounts = [
	{name: 'acc1', cookie: 'cookie-one'},
	{name: 'acc2', cookie: 'cookie-two'},
];

const request = {prompt: 'a red fox in snow', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 2};

describe('AccountClient against the simulator', () => {
	it('prepares: token, credits, tier and a new project', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const [client] = harness.clients;
		const snapshot = await client!.prepare();
		expect(snapshot.credits).toBe(10_000);
		expect(snapshot.tier).toBe('PAYGATE_TIER_ONE');
		expect(snapshot.projectId).toMatch(/^[0-9a-f-]{36}$/);
		expect(harness.sim.account('acc1').projects).toEqual([snapshot.projectId]);
	});

	it('keeps a configured project instead of creating one', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const [first] = harness.clients;
		const projectId = (await first!.prepare()).projectId!;
		await harness.close();
		harness = await startHarness({accounts, generationMs: 30}, {projectIds: {acc1: projectId}});
		const snapshot = await harness.clients[0]!.prepare();
		expect(snapshot.projectId).toBe(projectId);
		expect(harness.sim.stats.requests.some((r) => r.path.includes('createProject'))).toBe(false);
	});

	it('submits, polls to success and downloads byte-exact files', async () => {
		harness = await startHarness({accounts, generationMs: 40});
		const client = harness.clients[0]!;
		await client.prepare();
		const submitted = await client.submit(request);
		expect(submitted.media).toHaveLength(2);
		expect(submitted.remainingCredits).toBe(10_000 - 40);
		const status = await waitForMedia(client, submitted.media);
		expect(status.media.map((m) => m.state)).toEqual(['succeeded', 'succeeded']);
		for (const [i, media] of submitted.media.entries()) {
			const file = join(harness.dir, `video-${i}.mp4`);
			const result = await client.download(media, file);
			const bytes = await readFile(file);
			expect(bytes.equals(harness.sim.videoBytesFor(media.name))).toBe(true);
			expect(result.bytes).toBe(bytes.length);
		}
		expect(harness.sim.stats.submits[0]?.captchaToken).toBeTruthy();
	});

	it('extends a finished clip of its own on labs REST: ExtendVideo names it, the new clip is polled', async () => {
		harness = await startHarness({accounts, generationMs: 40});
		const client = harness.clients[0]!;
		await client.prepare();
		const [clip] = (await client.submit({...request, copies: 1})).media;
		await waitForMedia(client, [clip!]);
		const extend = {...request, model: 'veo_3_1_extend_fast_landscape', copies: 1, extend: clip!};
		const extended = await client.submit(extend);
		expect(extended.media.map((media) => media.name === clip!.name)).toEqual([false]);
		expect(harness.sim.stats.submits[1]).toMatchObject({mode: 'extend', sourceIds: [clip!.name]});
		expect((await waitForMedia(client, extended.media)).media[0]?.state).toBe('succeeded');
		expect(harness.sim.stats.crossAccountAttempts).toEqual([]);
	});

	it('refreshes an expired token once and carries on, saying so while it renews (not at sign-in)', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		const renewals: boolean[] = [];
		client.onRenewal((renewing) => renewals.push(renewing));
		await client.prepare();
		expect(renewals).toEqual([]);
		harness.sim.expireTokens('acc1');
		const credits = await client.refreshCredits();
		expect(credits.credits).toBe(10_000);
		expect(renewals).toEqual([true, false]);
		const sessionCalls = harness.sim.stats.requests.filter((r) => r.path === '/fx/api/auth/session');
		expect(sessionCalls).toHaveLength(2);
		const unauthorised = harness.sim.stats.requests.filter((r) => r.origin === 'api' && r.status === 401);
		expect(unauthorised).toHaveLength(1);
	});

	it('renews the token before it lapses (tokenRefreshMs)', async () => {
		harness = await startHarness({accounts, generationMs: 30}, {tokenRefreshMs: 20});
		const client = harness.clients[0]!;
		await client.prepare();
		await sleep(40);
		await client.refreshCredits();
		const unauthorised = harness.sim.stats.requests.filter((r) => r.status === 401);
		expect(unauthorised).toHaveLength(0);
		expect(harness.sim.stats.requests.filter((r) => r.path === '/fx/api/auth/session').length).toBe(2);
	});

	it('fetches the token single-flight when many calls start together', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const renewals: boolean[] = [];
		client.onRenewal((renewing) => renewals.push(renewing));
		harness.sim.expireTokens('acc1');
		await Promise.all([client.refreshCredits(), client.refreshCredits(), client.refreshCredits()]);
		expect(renewals).toEqual([true, false]);
		// One session call in prepare; after expiry each of the three calls meets a 401, but the renewal is shared.
		const sessionCalls = harness.sim.stats.requests.filter((r) => r.path === '/fx/api/auth/session');
		expect(sessionCalls.length).toBe(2);
	});

	it('sends the cookie only to labs, the bearer only to the API, and nothing to the CDN', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1});
		await waitForMedia(client, media);
		await client.download(media[0]!, join(harness.dir, 'a.mp4'));
		const {requests} = harness.sim.stats;
		expect(requests.filter((r) => r.origin === 'api').every((r) => r.hadAuthorization && !r.hadCookie)).toBe(
			true,
		);
		expect(requests.filter((r) => r.origin === 'labs').every((r) => r.hadCookie && !r.hadAuthorization)).toBe(
			true,
		);
		const cdn = requests.filter((r) => r.origin === 'cdn');
		expect(cdn.length).toBe(1);
		expect(cdn.every((r) => !r.hadCookie && !r.hadAuthorization)).toBe(true);
	});

	it('detects a truncated download and leaves no file behind', async () => {
		harness = await startHarness({accounts, generationMs: 30, truncateDownloads: 1});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1});
		await waitForMedia(client, media);
		const file = join(harness.dir, 'cut.mp4');
		const error = await caught(client.download(media[0]!, file));
		expect(error.kind).toBe('transient');
		expect(error.code).toBe('TRUNCATED');
		expect(error.message).toMatch(/^acc1: /);
		await expect(stat(file)).rejects.toThrow();
		await expect(stat(`${file}.part`)).rejects.toThrow();
		// The next try gets the whole file.
		await client.download(media[0]!, file);
		expect((await readFile(file)).equals(harness.sim.videoBytesFor(media[0]!.name))).toBe(true);
	});

	it('re-resolves an expired signed URL with the owner cookie', async () => {
		let now = Date.now();
		harness = await startHarness({
			accounts,
			generationMs: 30,
			signedUrlTtlMs: 1000,
			legacyStatus: false,
			now: () => now,
		});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1});
		now += 100;
		await waitForMedia(client, media);
		now += 2000;
		// The URL is minted at resolve time, so a fresh resolve works; this checks the CDN honours expiry too.
		await client.download(media[0]!, join(harness.dir, 'x.mp4'));
		expect(harness.sim.stats.requests.filter((r) => r.origin === 'cdn' && r.status === 200)).toHaveLength(1);
	});

	it('an HTML sign-in page instead of a redirect is an auth error, not a video', async () => {
		harness = await startHarness({accounts, generationMs: 30, htmlLoginDownloads: 1});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1});
		await waitForMedia(client, media);
		const error = await caught(client.download(media[0]!, join(harness.dir, 'x.mp4')));
		expect(error.kind).toBe('auth');
	});

	it('classifies a policy failure, a rejected prompt and a tier-locked model', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1, prompt: 'a [minor] at a fair'});
		const status = await waitForMedia(client, media);
		expect(status.media[0]).toMatchObject({state: 'failed', failureCode: 'PUBLIC_ERROR_MINOR'});
		const rejected = await caught(client.submit({...request, prompt: 'x [reject]'}));
		expect(rejected.kind).toBe('policy');
		const locked = await caught(client.submit({...request, model: 'veo_3_1_t2v_fast_ultra'}));
		expect(locked.kind).toBe('model-access');
	});

	it('throttle: the in-flight cap answers 429 with Retry-After', async () => {
		harness = await startHarness({accounts: [{...accounts[0]!, maxInFlight: 2}], generationMs: 10_000});
		const client = harness.clients[0]!;
		await client.prepare();
		await client.submit(request);
		const error = await caught(client.submit(request));
		expect(error.kind).toBe('throttle');
		expect(error.retryAfterMs).toBe(2000);
	});

	it('a lost generate answer is ambiguous; a refused connection is not', async () => {
		// A server that reads the generate call and hangs up without answering.
		const server = createServer((req, res) => {
			if (req.url === '/fx/api/auth/session') {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({access_token: 'ya29.test', expires: '2030-01-01T00:00:00Z'}));
				return;
			}
			req.resume();
			req.on('end', () => req.socket.destroy());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const client = createLabsAccountClient({
			name: 'acc1',
			cookie: 'c',
			projectId: 'p1',
			captcha: functionCaptchaProvider('test', () => 'token'),
			origins: {apiUrl: url, labsUrl: url, flowUrl: url},
		});
		try {
			const lost = await caught(client.submit(request));
			expect(lost.kind).toBe('transient');
			expect(lost.ambiguous).toBe(true);
			// A read that loses its answer is not ambiguous: reads are safe to repeat.
			const read = await caught(client.status([{name: 'm', projectId: 'p1'}]));
			expect(read.ambiguous).toBe(false);
		} finally {
			await client.close();
			await new Promise((resolve) => server.close(resolve));
		}
		const refused = createLabsAccountClient({
			name: 'acc1',
			cookie: 'c',
			projectId: 'p1',
			captcha: functionCaptchaProvider('test', () => 'token'),
			origins: {apiUrl: url, labsUrl: url, flowUrl: url},
		});
		const error = await caught(refused.submit(request));
		expect(error.kind).toBe('transient');
		expect(error.ambiguous).toBe(false);
		await refused.close();
	});

	it('a server slower than the timeout is a transient error', async () => {
		harness = await startHarness({accounts, slowMs: 2500}, {timeoutMs: 300});
		await expect(harness.clients[0]!.prepare()).rejects.toMatchObject({kind: 'transient'});
	});

	it('two accounts: one account cannot see the other one’s media (not-found)', async () => {
		harness = await startHarness({accounts, generationMs: 30});
		const [one, two] = harness.clients;
		await one!.prepare();
		await two!.prepare();
		const {media} = await one!.submit({...request, copies: 1});
		// The client refuses to send another account's media at all...
		const guarded = await caught(two!.status(media));
		expect(guarded.kind).toBe('not-found');
		expect(harness.sim.stats.crossAccountAttempts).toHaveLength(0);
		// ...and if it did send it (a project it was told about), Flow answers 200 with that media FAILED
		// "Media not found.", which reads as not-found for that media alone, not as a render failure.
		two!.rememberProject(media[0]!.projectId);
		const answered = await two!.status(media);
		expect(answered.media).toHaveLength(1);
		expect(answered.media[0]).toMatchObject({name: media[0]!.name, state: 'not-found'});
		expect(answered.media[0]!.failureCode).toBeUndefined();
		expect(harness.sim.stats.crossAccountAttempts.length).toBeGreaterThan(0);
	});

	it('a migrated account is one clear line', async () => {
		harness = await startHarness({accounts: [{name: 'acc2', cookie: 'c2', migrated: true}]});
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.message).toBe(
			'acc2: Flow moved this account to flow.google.com (not supported by this transport)',
		);
		expect(error.kind).toBe('auth');
	});

	it('a revoked cookie is an auth error that says so', async () => {
		harness = await startHarness({accounts});
		harness.sim.revokeCookie('acc1');
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toMatch(/^acc1: session cookie expired or revoked/);
	});
});

import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {Agent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {functionCaptchaProvider} from '../../../../source/labs/captcha/providers.js';
import {CookieJar} from '../../../../source/labs/wire/flow/cookie-jar.js';
import {parseCookieHeader} from '../../../../source/labs/wire/flow/google-cookies.js';
import {FlowTransport} from '../../../../source/labs/wire/flow/transport.js';
import {caughtFlowError as caught} from '../../../helpers/flow-error.js';
import {waitForMedia} from '../../../helpers/sim.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from './harness.js';

let harness: FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const accounts = [
	{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one'), migrated: true},
	{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
];

const request = {prompt: 'a red fox in snow', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 2};

const flowRequests = (h: FlowHarness) => h.sim.stats.requests.filter((r) => r.origin === 'flow');

describe('FlowTransport against the flow.google.com stand-in', () => {
	it('prepares with Google cookies only: page session, credits, a new project; no bearer, no labs', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		const snapshot = await client.prepare();
		expect(snapshot).toMatchObject({transport: 'flow', credits: 10_000, tier: 'PAYGATE_TIER_ONE'});
		expect(snapshot.projectId).toMatch(/^[0-9a-f-]{36}$/);
		expect(harness.sim.account('acc1').projects).toEqual([snapshot.projectId]);
		const requests = harness.sim.stats.requests;
		expect(requests.every((r) => r.origin === 'flow')).toBe(true);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /',
			'POST /_/AiSandboxAngularFrontend/data/batchexecute',
			'POST /_/AiSandboxAngularFrontend/data/batchexecute',
			'POST /_/AiSandboxAngularFrontend/data/batchexecute',
		]);
		for (const r of requests) {
			expect(r.hadAuthorization).toBe(false);
			expect(r.account).toBe('acc1');
			expect(r.googleCookiesOf).toEqual(['acc1']);
		}
	});

	it('submits copies as repeated items, polls 6 → 2 → 3 and downloads the mp4 (not the poster) byte-exact', async () => {
		harness = await startFlowHarness({accounts, generationMs: 60});
		const client = harness.clients[0]!;
		await client.prepare();
		const submitted = await client.submit(request);
		expect(submitted.media).toHaveLength(2);
		expect(harness.sim.stats.submits).toEqual([
			expect.objectContaining({account: 'acc1', prompt: request.prompt, copies: 2}),
		]);
		expect(harness.sim.account('acc1').credits).toBe(10_000 - 40);
		const status = await waitForMedia(client, submitted.media);
		expect(status.media.map((m) => m.state)).toEqual(['succeeded', 'succeeded']);
		for (const [i, media] of submitted.media.entries()) {
			const file = join(harness.dir, `video-${i}.mp4`);
			const result = await client.download(media, file);
			const bytes = await readFile(file);
			expect(bytes.equals(harness.sim.videoBytesFor(media.name))).toBe(true);
			expect(result.bytes).toBe(bytes.length);
		}
		const cdn = harness.sim.stats.requests.filter((r) => r.origin === 'cdn');
		expect(cdn.map((r) => r.path.split('/')[1])).toEqual(['video', 'video']);
		expect(cdn.every((r) => !r.hadCookie && !r.hadAuthorization && r.googleCookiesOf.length === 0)).toBe(
			true,
		);
		expect(harness.sim.stats.crossAccountAttempts).toHaveLength(0);
	});

	it('sends a portrait scene with its _portrait key and aspect 1, as captured', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const submitted = await client.submit({
			...request,
			model: 'veo_3_1_t2v_fast_portrait',
			aspect: '9:16',
			copies: 1,
		});
		expect(submitted.media).toHaveLength(1);
		expect(harness.sim.stats.submits[0]?.copies).toBe(1);
	});

	it('an unknown model key is a protocol error naming code 3', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const error = await caught(client.submit({...request, model: 'veo_9_t2v_imaginary'}));
		expect(error.kind).toBe('protocol');
		expect(error.message).toBe(
			'acc1: flow.google.com: the request was refused as invalid (code 3 INVALID_ARGUMENT)',
		);
		expect(error.ambiguous).toBe(false);
	});

	it('reads survive an xsrf challenge with the fresh token; a challenged submit is looked up, then sent once more', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30, xsrfEvery: 3});
		const client = harness.clients[0]!;
		// Calls 1 (credits), 2 (credits), 3 (create project: challenged, retried as 4).
		await client.prepare();
		await client.refreshCredits(); // 5
		const pagesBefore = flowRequests(harness).filter((r) => r.method === 'GET').length;
		// 6: challenged; 7: the project's contents (nothing of it); 8: sent again with the fresh token.
		const submitted = await client.submit(request);
		expect(submitted.media).toHaveLength(2);
		expect(harness.sim.stats.submits).toHaveLength(1);
		// The fresh token the challenge carried was used: no page was read again for it.
		expect(flowRequests(harness).filter((r) => r.method === 'GET').length).toBe(pagesBefore);
	});

	it('a lost submit reply is found in the project by its batch id; the simulator shows exactly one submit', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30, dropSubmitReply: 1});
		const client = harness.clients[0]!;
		await client.prepare();
		const found = await client.submit(request);
		expect(harness.sim.stats.submits).toHaveLength(1);
		expect(found.media.map((media) => media.name).sort()).toEqual(
			[...(harness.sim.stats.submits[0]?.mediaNames ?? [])].sort(),
		);
	});

	it('a replayed captcha token is a captcha error; a refused prompt a policy error', async () => {
		let token = '';
		const captcha = functionCaptchaProvider('fixed', ({account}) => {
			token ||= harness!.sim.mintCaptchaToken(account);
			return token;
		});
		harness = await startFlowHarness({accounts, generationMs: 30}, undefined, {captcha});
		const client = harness.clients[0]!;
		await client.prepare();
		await client.submit(request);
		const replay = await caught(client.submit(request));
		expect(replay.kind).toBe('captcha');
		expect(replay.code).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
		expect(replay.message).not.toContain(token);
		token = '';
		const refused = await caught(client.submit({...request, prompt: 'a [reject] scene'}));
		expect(refused).toMatchObject({kind: 'policy', code: 'PUBLIC_ERROR_UNSAFE_GENERATION'});
		expect(refused.message).toBe('acc1: blocked by policy: the safety filter refused the prompt');
	});

	it('a filtered video fails with its PUBLIC_ERROR code', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const submitted = await client.submit({...request, prompt: 'a [policy] scene', copies: 1});
		const status = await waitForMedia(client, submitted.media);
		expect(status.media[0]).toMatchObject({state: 'failed', failureCode: 'PUBLIC_ERROR_UNSAFE_GENERATION'});
	});

	it("another account's media is NOT_FOUND (code 5) and shows up as a cross-account attempt", async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const [one, two] = harness.clients;
		await one!.prepare();
		await two!.prepare();
		const {media} = await one!.submit({...request, copies: 1});
		two!.rememberProject(media[0]!.projectId);
		const error = await caught(two!.status(media));
		expect(error).toMatchObject({kind: 'not-found', code: 'NOT_FOUND'});
		expect(error.message).toMatch(/^acc2: /);
		expect(harness.sim.stats.crossAccountAttempts.length).toBeGreaterThan(0);
		const url = await caught(two!.download(media[0]!, join(harness.dir, 'x.mp4')));
		expect(url.kind).toBe('not-found');
	});

	it('revoked Google cookies: the page bounces to /about, one auth line', async () => {
		harness = await startFlowHarness({accounts});
		harness.sim.revokeCookie('acc1');
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			'acc1: flow.google.com sent this account to its sign-in page: the Google cookies are expired, revoked or incomplete (export them again)',
		);
		expect(harness.sim.stats.requests.map((r) => r.path)).toEqual(['/']);
	});

	it('a signed-out page that still carries WIZ data is caught by the credits call', async () => {
		harness = await startFlowHarness({accounts, signedOutWiz: true});
		harness.sim.revokeCookie('acc1');
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			"acc1: flow.google.com: the Google cookies were not accepted (signed out, expired, or another account's)",
		);
	});

	it('cookies expiring mid-run: reads re-read the page once, then fail as auth', async () => {
		harness = await startFlowHarness({accounts, generationMs: 30});
		const client = harness.clients[0]!;
		await client.prepare();
		const {media} = await client.submit({...request, copies: 1});
		harness.sim.revokeCookie('acc1');
		const before = harness.sim.stats.requests.length;
		const error = await caught(client.status(media));
		expect(error.kind).toBe('auth');
		expect(harness.sim.stats.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /_/AiSandboxAngularFrontend/data/batchexecute',
			'GET /project/' + media[0]!.projectId,
		]);
	});

	for (const transport of ['flow', 'auto'] as const) {
		it(`says when it renews its page session, not for the first read of it (${transport})`, async () => {
			const [account] = accounts;
			harness = await startFlowHarness({accounts: [account!], generationMs: 30}, [
				{name: 'acc1', transport, cookie: account!.cookie, googleCookies: account!.googleCookies},
			]);
			const client = harness.clients[0]!;
			const seen: boolean[] = [];
			client.onRenewal((renewing) => seen.push(renewing));
			await client.prepare();
			expect(client.transportKind).toBe('flow');
			expect(seen).toEqual([]);
			harness.sim.revokeCookie('acc1');
			expect((await caught(client.refreshCredits())).kind).toBe('auth');
			expect(seen).toEqual([true, false]);
		});
	}
});

describe('FlowTransport on the wire (a bare server that records what arrives)', () => {
	type Seen = {
		method: string;
		url: string;
		headers: Record<string, string | string[] | undefined>;
		body: string;
	};

	async function bareServer(
		answer: (seen: Seen) => {status: number; body: string; headers?: Record<string, string>},
	) {
		const seen: Seen[] = [];
		const server = createServer(async (req, res) => {
			let body = '';
			for await (const chunk of req) body += chunk;
			const entry = {method: req.method ?? '', url: req.url ?? '', headers: req.headers, body};
			seen.push(entry);
			const reply = answer(entry);
			res.writeHead(reply.status, reply.headers ?? {});
			res.end(reply.body);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const dispatcher = new Agent();
		const transport = new FlowTransport({
			jar: new CookieJar(parseCookieHeader(googleCookiesOf('bare')), url),
			flowUrl: url,
			dispatcher,
			lookupGraceMs: 0,
		});
		return {
			seen,
			transport,
			async close() {
				await dispatcher.close();
				await new Promise((resolve) => server.close(resolve));
			},
		};
	}

	const wiz =
		'<html lang="en-GB"><script>window.WIZ_global_data = {"SNlM0e":"AJvLN6bare:1788000000000","FdrFJe":"-2718281828","cfb2h":"boq_labs-ai-sandbox-frontend_20261002.00_p0"};</script></html>';
	const credits =
		")]}'\n\n40\n" +
		JSON.stringify([['wrb.fr', 'nzlxg', '[5,1,2,2,null,5]', null, null, null, 'generic']]) +
		'\n';

	it('sends the form, x-same-domain, same-origin Origin/Referer, the cookies and no Authorization', async () => {
		const bare = await bareServer((seen) =>
			seen.method === 'GET' ? {status: 200, body: wiz} : {status: 200, body: credits},
		);
		try {
			expect(await bare.transport.credits()).toEqual({credits: 5, tier: 'PAYGATE_TIER_ONE'});
			const [page, rpc] = bare.seen;
			expect(page?.url).toBe('/');
			expect(page?.headers.cookie).toBe(googleCookiesOf('bare'));
			const url = new URL(rpc!.url, 'http://x');
			expect(url.pathname).toBe('/_/AiSandboxAngularFrontend/data/batchexecute');
			expect(Object.fromEntries(url.searchParams)).toMatchObject({
				rpcids: 'nzlxg',
				'source-path': '/',
				bl: 'boq_labs-ai-sandbox-frontend_20261002.00_p0',
				'f.sid': '-2718281828',
				hl: 'en-GB',
				rt: 'c',
			});
			expect(rpc!.headers).toMatchObject({
				'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
				'x-same-domain': '1',
				cookie: googleCookiesOf('bare'),
			});
			expect(rpc!.headers.origin).toBe(new URL(rpc!.headers.referer as string).origin);
			expect(rpc!.headers.authorization).toBeUndefined();
			const form = new URLSearchParams(rpc!.body);
			expect(form.get('at')).toBe('AJvLN6bare:1788000000000');
			expect(JSON.parse(form.get('f.req')!)).toEqual([[['nzlxg', '[]', null, 'generic']]]);
		} finally {
			await bare.close();
		}
	});

	it('a gateway error on a submit is in doubt; the same on a read is plainly transient', async () => {
		const bare = await bareServer((seen) =>
			seen.method === 'GET'
				? {status: 200, body: wiz}
				: {status: 502, body: '<html><title>502</title></html>'},
		);
		try {
			const submit = await caught(
				bare.transport.generate({request, projectId: 'p', tier: 'x', captchaToken: '0cAFcWe-token'}),
			);
			expect(submit).toMatchObject({kind: 'transient', ambiguous: true});
			// The generate call and one look-up of the project (answered 502 too): never a second generate.
			const posts = bare.seen.filter((s) => s.method === 'POST');
			expect(posts.map((s) => new URL(s.url, 'http://x').searchParams.get('rpcids'))).toEqual([
				'YhhmEf',
				'Zzl0ze',
			]);
			const read = await caught(bare.transport.credits());
			expect(read).toMatchObject({kind: 'transient', ambiguous: false});
		} finally {
			await bare.close();
		}
	});
});

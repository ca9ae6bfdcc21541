import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk wire JSON whose shape is the thing under test
type Json = Record<string, any>;

const started: Simulator[] = [];

afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** A hand-moved clock: generation progress, token and URL expiry all follow it. */
function manualClock(start = 1_700_000_000_000) {
	const clock = {t: start, now: () => clock.t, advance: (ms: number) => (clock.t += ms)};
	return clock;
}

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

const cookieFor = (cookie: string) => ({cookie: `__Secure-next-auth.session-token=${cookie}`});
const bearer = (token: string) => ({authorization: `Bearer ${token}`});

async function sessionToken(sim: Simulator, cookie: string): Promise<string> {
	const response = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers: cookieFor(cookie)});
	const body = (await response.json()) as Json;
	expect(typeof body.access_token).toBe('string');
	return body.access_token as string;
}

async function createProject(sim: Simulator, cookie: string): Promise<string> {
	const response = await fetch(`${sim.labsUrl}/fx/api/trpc/project.createProject`, {
		method: 'POST',
		headers: {...cookieFor(cookie), 'content-type': 'application/json'},
		body: JSON.stringify({json: {projectTitle: 'flowdeck', toolName: 'PINHOLE'}}),
	});
	expect(response.status).toBe(200);
	const body = (await response.json()) as Json;
	return body.result.data.json.result.projectId as string;
}

type GenerateInput = {
	projectId: string;
	prompt?: string;
	model?: string;
	aspect?: string;
	copies?: number;
	captcha?: string;
	extraRequestFields?: Json;
	textInput?: Json;
};

function generateBody(input: GenerateInput): Json {
	const item = {
		aspectRatio: input.aspect ?? 'VIDEO_ASPECT_RATIO_LANDSCAPE',
		seed: 1234,
		textInput: input.textInput ?? {structuredPrompt: {parts: [{text: input.prompt ?? 'a calm sea'}]}},
		videoModelKey: input.model ?? 'veo_3_1_t2v_fast',
		metadata: {},
		...input.extraRequestFields,
	};
	return {
		mediaGenerationContext: {batchId: crypto.randomUUID(), audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
		clientContext: {
			projectId: input.projectId,
			tool: 'PINHOLE',
			userPaygateTier: 'PAYGATE_TIER_ONE',
			sessionId: `;${Date.now()}`,
			recaptchaContext: {
				token: input.captcha ?? `user-token-${crypto.randomUUID()}`,
				applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB',
			},
		},
		requests: Array.from({length: input.copies ?? 1}, () => item),
		useV2ModelConfig: true,
	};
}

async function post(url: string, token: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: {...bearer(token), 'content-type': 'text/plain;charset=UTF-8'},
		body: JSON.stringify(body),
	});
	return {status: response.status, headers: response.headers, body: (await response.json()) as Json};
}

const generate = (sim: Simulator, token: string, input: GenerateInput) =>
	post(`${sim.apiUrl}/v1/video:batchAsyncGenerateVideoText`, token, generateBody(input));

const checkStatus = (sim: Simulator, token: string, media: Array<{name: string; projectId: string}>) =>
	post(`${sim.apiUrl}/v1/video:batchCheckAsyncVideoGenerationStatus`, token, {media});

const reasonOf = (body: Json) => body.error?.details?.[0]?.reason as string | undefined;
const stateOf = (item: Json) => item.mediaMetadata.mediaStatus.mediaGenerationStatus as string;

/** An account with a token and a project, ready to submit. */
async function ready(sim: Simulator, cookie = 'cookie-one') {
	const token = await sessionToken(sim, cookie);
	const projectId = await createProject(sim, cookie);
	return {token, projectId};
}

async function submitOne(sim: Simulator, cookie = 'cookie-one', prompt = 'a calm sea') {
	const {token, projectId} = await ready(sim, cookie);
	const response = await generate(sim, token, {projectId, prompt});
	expect(response.status).toBe(200);
	const name = response.body.media[0].name as string;
	return {token, projectId, name};
}

const redirectFor = (sim: Simulator, name: string, headers: Record<string, string>) =>
	fetch(`${sim.labsUrl}/fx/api/trpc/media.getMediaUrlRedirect?name=${name}`, {headers, redirect: 'manual'});

describe('labs session and projects', () => {
	it('exchanges the session cookie for a fresh ya29 token on every call', async () => {
		const sim = await start();
		const response = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers: cookieFor('cookie-one')});
		expect(response.status).toBe(200);
		const body = (await response.json()) as Json;
		expect(body.access_token).toMatch(/^ya29\./);
		expect(body.user.name).toBe('acc1');
		expect(Date.parse(body.expires)).toBeGreaterThan(Date.now() + 24 * 3_600_000);
		const second = await sessionToken(sim, 'cookie-one');
		expect(second).not.toBe(body.access_token);
		// The earlier token stays valid until its own expiry.
		const credits = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(body.access_token)});
		expect(credits.status).toBe(200);
	});

	it('answers {} to an unknown cookie or no cookie, like next-auth', async () => {
		const sim = await start();
		for (const headers of [cookieFor('nobody'), {}]) {
			const response = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({});
		}
		expect(sim.stats.requests.map((r) => r.account)).toEqual([undefined, undefined]);
	});

	it('creates projects with uuid v4 ids owned by the cookie account, and refuses without a session', async () => {
		const sim = await start();
		const projectId = await createProject(sim, 'cookie-two');
		expect(projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(sim.account('acc2').projects).toEqual([projectId]);
		expect(sim.account('acc1').projects).toEqual([]);
		const refused = await fetch(`${sim.labsUrl}/fx/api/trpc/project.createProject`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({json: {projectTitle: 'x', toolName: 'PINHOLE'}}),
		});
		expect(refused.status).toBe(401);
		expect(((await refused.json()) as Json).error.json.data.code).toBe('UNAUTHORIZED');
	});

	it('tells a migrated account apart: session {} but /fx/tools/flow redirects 308 to flow.google.com', async () => {
		const sim = await start({
			accounts: [
				{name: 'old', cookie: 'cookie-old'},
				{name: 'moved', cookie: 'cookie-moved', migrated: true},
			],
		});
		const session = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers: cookieFor('cookie-moved')});
		expect(await session.json()).toEqual({});
		const moved = await fetch(`${sim.labsUrl}/fx/tools/flow`, {
			headers: cookieFor('cookie-moved'),
			redirect: 'manual',
		});
		expect(moved.status).toBe(308);
		expect(moved.headers.get('location')).toBe('https://flow.google.com/');
		const old = await fetch(`${sim.labsUrl}/fx/tools/flow`, {
			headers: cookieFor('cookie-old'),
			redirect: 'manual',
		});
		expect(old.status).toBe(200);
		expect(old.headers.get('content-type')).toContain('text/html');
	});

	it('revoking a cookie ends its session and its bearer tokens', async () => {
		const sim = await start();
		const token = await sessionToken(sim, 'cookie-one');
		sim.revokeCookie('acc1');
		const session = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers: cookieFor('cookie-one')});
		expect(await session.json()).toEqual({});
		const credits = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)});
		expect(credits.status).toBe(401);
	});
});

describe('api auth and credits', () => {
	it('reports credits and tier for the bearer account', async () => {
		const sim = await start({
			accounts: [{name: 'ultra', cookie: 'cookie-u', tier: 'PAYGATE_TIER_TWO', credits: 777}],
		});
		const token = await sessionToken(sim, 'cookie-u');
		const response = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			credits: 777,
			userPaygateTier: 'PAYGATE_TIER_TWO',
			sku: 'G1_TIER1',
			serviceTier: 'SERVICE_TIER_ADVANCED',
			subscriptionCredits: 777,
		});
	});

	it('gives 401 UNAUTHENTICATED once a token expires, on the clock or on demand', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now, tokenLifetimeMs: 60_000});
		const token = await sessionToken(sim, 'cookie-one');
		expect((await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)})).status).toBe(200);
		clock.advance(60_000);
		const expired = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)});
		expect(expired.status).toBe(401);
		expect(expired.headers.get('content-type')).toBe('application/json; charset=UTF-8');
		const body = (await expired.json()) as Json;
		expect(body.error.status).toBe('UNAUTHENTICATED');
		expect(body.error.code).toBe(401);

		const fresh = await sessionToken(sim, 'cookie-one');
		expect((await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(fresh)})).status).toBe(200);
		sim.expireTokens('acc1');
		expect((await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(fresh)})).status).toBe(401);
		expect(sim.stats.requests.at(-1)?.account).toBe('acc1');
	});

	it('with tokenUses, a token answers that many api calls and is then expired, whatever the clock', async () => {
		const sim = await start({tokenUses: 2});
		const token = await sessionToken(sim, 'cookie-one');
		const status = async () => (await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)})).status;
		expect([await status(), await status(), await status()]).toEqual([200, 200, 401]);
		const fresh = await sessionToken(sim, 'cookie-one');
		expect((await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(fresh)})).status).toBe(200);
	});

	it('does not take ?key= as a credential', async () => {
		const sim = await start();
		const response = await fetch(`${sim.apiUrl}/v1/credits?key=AIzaSyExample`);
		expect(response.status).toBe(401);
		expect(reasonOf((await response.json()) as Json)).toBe('CREDENTIALS_MISSING');
	});
});

describe('generate', () => {
	it.each([
		['current', ['media', 'operations', 'remainingCredits', 'workflows']],
		['operations-only', ['operations', 'remainingCredits']],
		['media-only', ['media', 'remainingCredits', 'workflows']],
	] as const)('answers the %s shape with one media per request and 20 credits each', async (shape, keys) => {
		const sim = await start({responseShape: shape});
		const {token, projectId} = await ready(sim);
		const response = await generate(sim, token, {projectId, copies: 2});
		expect(response.status).toBe(200);
		expect(Object.keys(response.body).sort()).toEqual(keys);
		expect(response.body.remainingCredits).toBe(10_000 - 40);
		expect(sim.account('acc1').credits).toBe(10_000 - 40);
		const names = sim.stats.submits[0]?.mediaNames ?? [];
		expect(names).toHaveLength(2);
		expect(new Set(names).size).toBe(2);
		for (const name of names) expect(sim.ownerOf(name)).toBe('acc1');
		if (response.body.operations) {
			expect(response.body.operations.map((op: Json) => op.operation.name)).toEqual(names);
			expect(response.body.operations[0].sceneId).toBe('');
			expect(response.body.operations[0].status).toBe('MEDIA_GENERATION_STATUS_PENDING');
		}
		if (response.body.media) {
			expect(response.body.media.map((m: Json) => m.name)).toEqual(names);
			expect(response.body.media[0].projectId).toBe(projectId);
			expect(stateOf(response.body.media[0])).toBe('MEDIA_GENERATION_STATUS_PENDING');
			expect(response.body.workflows[0].metadata.primaryMediaId).toBe(names[0]);
		}
	});

	it('accepts application/json as well as text/plain', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const response = await fetch(`${sim.apiUrl}/v1/video:batchAsyncGenerateVideoText`, {
			method: 'POST',
			headers: {...bearer(token), 'content-type': 'application/json'},
			body: JSON.stringify(generateBody({projectId})),
		});
		expect(response.status).toBe(200);
	});

	it('refuses unknown fields such as videoLengthSeconds and the 2025 textInput.prompt with 400', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const duration = await generate(sim, token, {projectId, extraRequestFields: {videoLengthSeconds: 8}});
		expect(duration.status).toBe(400);
		expect(duration.body.error.status).toBe('INVALID_ARGUMENT');
		expect(duration.body.error.message).toContain('videoLengthSeconds');
		const oldPrompt = await generate(sim, token, {projectId, textInput: {prompt: 'a calm sea'}});
		expect(oldPrompt.status).toBe(400);
		expect(sim.stats.submits).toHaveLength(0);
		expect(sim.account('acc1').credits).toBe(10_000);
	});

	it('checks aspect, orientation lock, model key and tier', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const square = await generate(sim, token, {projectId, aspect: 'VIDEO_ASPECT_RATIO_SQUARE'});
		expect(square.status).toBe(400);
		const locked = await generate(sim, token, {projectId, aspect: 'VIDEO_ASPECT_RATIO_PORTRAIT'});
		expect(locked.status).toBe(400);
		const portrait = await generate(sim, token, {
			projectId,
			model: 'veo_3_1_t2v_fast_portrait',
			aspect: 'VIDEO_ASPECT_RATIO_PORTRAIT',
		});
		expect(portrait.status).toBe(200);
		const unknown = await generate(sim, token, {projectId, model: 'veo_9_t2v_imaginary'});
		expect(unknown.status).toBe(400);
		const ultra = await generate(sim, token, {projectId, model: 'veo_3_1_t2v_fast_ultra'});
		expect(ultra.status).toBe(403);
		expect(reasonOf(ultra.body)).toBe('PUBLIC_ERROR_MODEL_ACCESS_DENIED');
	});

	it('spends a captcha token once, and binds minted tokens to their account', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const minted = sim.mintCaptchaToken('acc1');
		expect(minted).toMatch(/^0cAFcWe/);
		expect((await generate(sim, token, {projectId, captcha: minted})).status).toBe(200);
		const reused = await generate(sim, token, {projectId, captcha: minted});
		expect(reused.status).toBe(403);
		expect(reused.body.error.message).toBe('reCAPTCHA evaluation failed');
		expect(reasonOf(reused.body)).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');

		const foreign = await generate(sim, token, {projectId, captcha: sim.mintCaptchaToken('acc2')});
		expect(foreign.status).toBe(403);
		const userToken = 'from-a-captcha-command';
		expect((await generate(sim, token, {projectId, captcha: userToken})).status).toBe(200);
		expect((await generate(sim, token, {projectId, captcha: userToken})).status).toBe(403);
		expect(sim.stats.submits.map((s) => s.captchaToken)).toEqual([minted, userToken]);
	});

	it('answers 429 CONCURRENT_LIMIT_REACHED with Retry-After over the in-flight cap', async () => {
		const clock = manualClock();
		const sim = await start({
			now: clock.now,
			accounts: [{name: 'acc1', cookie: 'cookie-one', maxInFlight: 3}],
		});
		const {token, projectId} = await ready(sim);
		expect((await generate(sim, token, {projectId, copies: 2})).status).toBe(200);
		const over = await generate(sim, token, {projectId, copies: 2});
		expect(over.status).toBe(429);
		expect(over.body.error.status).toBe('RESOURCE_EXHAUSTED');
		expect(reasonOf(over.body)).toBe('PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED');
		expect(over.headers.get('retry-after')).toBe('2');
		expect((await generate(sim, token, {projectId, copies: 1})).status).toBe(200);
		clock.advance(1_000);
		expect((await generate(sim, token, {projectId, copies: 3})).status).toBe(200);
	});

	it('answers 429 USER_QUOTA_REACHED when credits do not cover every copy', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		sim.setCredits('acc1', 30);
		const short = await generate(sim, token, {projectId, copies: 2});
		expect(short.status).toBe(429);
		expect(reasonOf(short.body)).toBe('PUBLIC_ERROR_USER_QUOTA_REACHED');
		expect(sim.account('acc1').credits).toBe(30);
		const one = await generate(sim, token, {projectId, copies: 1});
		expect(one.status).toBe(200);
		expect(one.body.remainingCredits).toBe(10);
	});

	it('rejects a reject-marker prompt at submit with 400 UNSAFE_GENERATION', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const response = await generate(sim, token, {projectId, prompt: 'something [reject] here'});
		expect(response.status).toBe(400);
		expect(response.body.error.status).toBe('INVALID_ARGUMENT');
		expect(reasonOf(response.body)).toBe('PUBLIC_ERROR_UNSAFE_GENERATION');
		expect(sim.stats.submits).toHaveLength(0);
	});

	it('fails the first call of a flaky prompt with 503, then succeeds', async () => {
		const sim = await start();
		const {token, projectId} = await ready(sim);
		const first = await generate(sim, token, {projectId, prompt: 'waves [flaky]'});
		expect(first.status).toBe(503);
		expect(first.body.error.status).toBe('UNAVAILABLE');
		expect((await generate(sim, token, {projectId, prompt: 'waves [flaky]'})).status).toBe(200);
	});

	it('injects 500 INTERNAL at the configured error rate', async () => {
		const sim = await start({errorRate: 1, seed: 7});
		const {token} = await ready(sim);
		const response = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)});
		expect(response.status).toBe(500);
		expect(((await response.json()) as Json).error.message).toBe('Internal error encountered.');
	});

	it('replays the same injected faults for the same seed', async () => {
		const run = async () => {
			const sim = await start({errorRate: 0.5, seed: 42});
			const token = await sessionToken(sim, 'cookie-one');
			const statuses: number[] = [];
			for (let i = 0; i < 16; i++) {
				const response = await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)});
				await response.arrayBuffer();
				statuses.push(response.status);
			}
			return statuses;
		};
		const first = await run();
		expect(new Set(first)).toEqual(new Set([200, 500]));
		expect(await run()).toEqual(first);
	});

	it('adds the configured latency to api and labs responses', async () => {
		const sim = await start({slowMs: 60});
		const began = performance.now();
		await sessionToken(sim, 'cookie-one');
		expect(performance.now() - began).toBeGreaterThanOrEqual(55);
	});
});

describe('status', () => {
	it('moves PENDING → ACTIVE → SUCCESSFUL on the clock and never carries a URL', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now, generationMs: 10_000});
		const {token, projectId, name} = await submitOne(sim);
		const seen: string[] = [];
		for (const step of [500, 2_000, 8_000]) {
			clock.advance(step);
			const response = await checkStatus(sim, token, [{name, projectId}]);
			expect(response.status).toBe(200);
			expect(response.body.remainingCredits).toBe(10_000 - 20);
			const item = response.body.media[0] as Json;
			expect(item.name).toBe(name);
			seen.push(stateOf(item));
			if (stateOf(item) !== 'MEDIA_GENERATION_STATUS_PENDING') expect(item.video.operation.name).toBe(name);
			expect(JSON.stringify(response.body)).not.toMatch(/https?:\/\//);
		}
		expect(seen).toEqual([
			'MEDIA_GENERATION_STATUS_PENDING',
			'MEDIA_GENERATION_STATUS_ACTIVE',
			'MEDIA_GENERATION_STATUS_SUCCESSFUL',
		]);
	});

	it('refuses the 2025 {operations} body with 400 unless the legacy contract is on', async () => {
		const sim = await start();
		const {token, name} = await submitOne(sim);
		const old = await post(`${sim.apiUrl}/v1/video:batchCheckAsyncVideoGenerationStatus`, token, {
			operations: [{operation: {name}, sceneId: '', status: 'MEDIA_GENERATION_STATUS_PENDING'}],
		});
		expect(old.status).toBe(400);
		expect(old.body.error.status).toBe('INVALID_ARGUMENT');
	});

	it('speaks the legacy contract with a signed fifeUrl when asked', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now, legacyStatus: true});
		const {token, projectId, name} = await submitOne(sim);
		clock.advance(1_000);
		const response = await checkStatus(sim, token, [{name, projectId}]);
		expect(response.status).toBe(200);
		const op = response.body.operations[0] as Json;
		expect(op.status).toBe('MEDIA_GENERATION_STATUS_SUCCESSFUL');
		const video = await fetch(op.operation.metadata.video.fifeUrl as string);
		expect(video.status).toBe(200);
		expect(Buffer.from(await video.arrayBuffer()).equals(sim.videoBytesFor(name))).toBe(true);
	});

	it('fails a policy-marker prompt as FILTERED and gives its credits back', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now});
		const {token, projectId, name} = await submitOne(sim, 'cookie-one', 'a crowd [audio]');
		expect(sim.account('acc1').credits).toBe(10_000 - 20);
		clock.advance(1_000);
		const response = await checkStatus(sim, token, [{name, projectId}]);
		const item = response.body.media[0] as Json;
		expect(stateOf(item)).toBe('MEDIA_GENERATION_STATUS_FAILED');
		expect(item.mediaMetadata.mediaStatus.error).toEqual({code: 3, message: 'PUBLIC_ERROR_AUDIO_FILTERED'});
		expect(item.mediaMetadata.mediaStatus.failureReasons).toEqual(['AUDIO_GENERATION_FILTERED']);
		expect(item.mediaMetadata.visibility).toBe('FILTERED');
		expect(response.body.remainingCredits).toBe(10_000);
		expect(sim.account('acc1').credits).toBe(10_000);
		const redirect = await redirectFor(sim, name, cookieFor('cookie-one'));
		expect(redirect.status).toBe(404);
	});

	it('answers a foreign or mismatched item FAILED "Media not found." beside the others, and records it', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now});
		const mine = await submitOne(sim, 'cookie-one');
		const theirs = await submitOne(sim, 'cookie-two');
		const mixed = await checkStatus(sim, mine.token, [
			{name: mine.name, projectId: mine.projectId},
			{name: theirs.name, projectId: theirs.projectId},
		]);
		expect(mixed.status).toBe(200);
		expect(mixed.body.media.map((item: Json) => item.name)).toEqual([mine.name, theirs.name]);
		expect(mixed.body.media.map(stateOf)).toEqual([
			'MEDIA_GENERATION_STATUS_PENDING',
			'MEDIA_GENERATION_STATUS_FAILED',
		]);
		expect(mixed.body.media[1].mediaMetadata.mediaStatus.error).toEqual({message: 'Media not found.'});
		expect(sim.stats.crossAccountAttempts).toHaveLength(1);
		expect(sim.stats.crossAccountAttempts[0]).toMatchObject({
			account: 'acc1',
			mediaNames: [mine.name, theirs.name],
		});

		const wrongProject = await checkStatus(sim, mine.token, [
			{name: mine.name, projectId: crypto.randomUUID()},
		]);
		expect(wrongProject.status).toBe(200);
		expect(wrongProject.body.media[0].mediaMetadata.mediaStatus.failureReasons).toEqual(['Media not found.']);
		expect(sim.stats.crossAccountAttempts).toHaveLength(1);
		const own = await checkStatus(sim, mine.token, [{name: mine.name, projectId: mine.projectId}]);
		expect(own.body.media.map(stateOf)).toEqual(['MEDIA_GENERATION_STATUS_PENDING']);
	});

	it('keeps the whole-call 404 for a foreign item under the legacy contract (no capture covers it)', async () => {
		const sim = await start({legacyStatus: true});
		const mine = await submitOne(sim, 'cookie-one');
		const theirs = await submitOne(sim, 'cookie-two');
		const mixed = await checkStatus(sim, mine.token, [
			{name: mine.name, projectId: mine.projectId},
			{name: theirs.name, projectId: theirs.projectId},
		]);
		expect(mixed.status).toBe(404);
		expect(mixed.body.error.message).toBe('Requested entity was not found.');
		expect(sim.stats.crossAccountAttempts).toHaveLength(1);
	});

	it('refuses a generate into another account project with 404 and records it', async () => {
		const sim = await start();
		const {token} = await ready(sim, 'cookie-one');
		const theirProject = await createProject(sim, 'cookie-two');
		const response = await generate(sim, token, {projectId: theirProject});
		expect(response.status).toBe(404);
		expect(sim.stats.crossAccountAttempts.map((r) => r.projectIds)).toEqual([[theirProject]]);
	});
});

describe('download', () => {
	it('redirects the owner 307 to a signed CDN URL that serves the exact mp4 bytes without credentials', async () => {
		const clock = manualClock();
		// A size asked for: the synthetic file (the playable default is in test/simulator/cdn).
		const sim = await start({now: clock.now, videoBytes: 64 * 1024});
		const {name} = await submitOne(sim);
		expect((await redirectFor(sim, name, cookieFor('cookie-one'))).status).toBe(404);
		clock.advance(1_000);
		const redirect = await redirectFor(sim, name, cookieFor('cookie-one'));
		expect(redirect.status).toBe(307);
		const location = redirect.headers.get('location') ?? '';
		expect(location.startsWith(`${sim.cdnUrl}/video/${name}?Expires=`)).toBe(true);
		const video = await fetch(location);
		expect(video.status).toBe(200);
		expect(video.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await video.arrayBuffer());
		expect(Number(video.headers.get('content-length'))).toBe(64 * 1024);
		expect(bytes.equals(sim.videoBytesFor(name))).toBe(true);
		expect(bytes.toString('latin1', 4, 12)).toBe('ftypisom');
		expect(sim.stats.downloads).toEqual([{mediaName: name, bytes: 64 * 1024, complete: true}]);
		const cdn = sim.stats.requests.filter((r) => r.origin === 'cdn');
		expect(cdn.map((r) => [r.hadCookie, r.hadAuthorization])).toEqual([[false, false]]);
	});

	it('makes bytes deterministic per media name and distinct across media', async () => {
		const sim = await start({videoBytes: 1_000});
		const a = sim.videoBytesFor('media-a');
		expect(a.equals(sim.videoBytesFor('media-a'))).toBe(true);
		expect(a.equals(sim.videoBytesFor('media-b'))).toBe(false);
		expect(a).toHaveLength(1_000);
		expect(a.readUInt32BE(24)).toBe(1_000 - 24);
		expect(a.toString('latin1', 28, 32)).toBe('mdat');
	});

	it('answers 403 to an expired or tampered signed URL', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now, signedUrlTtlMs: 60_000});
		const {name} = await submitOne(sim);
		clock.advance(1_000);
		const location = (await redirectFor(sim, name, cookieFor('cookie-one'))).headers.get('location') ?? '';
		const tampered = await fetch(
			location.replace(/Signature=(.{4})/, (_, head) => `Signature=${head === 'AAAA' ? 'BBBB' : 'AAAA'}`),
		);
		expect(tampered.status).toBe(403);
		clock.advance(60_000);
		const expired = await fetch(location);
		expect(expired.status).toBe(403);
		expect(await expired.text()).toContain('<Error>');
	});

	it('answers 404 to another account media and records the attempt', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now});
		const {name} = await submitOne(sim, 'cookie-two');
		clock.advance(1_000);
		const response = await redirectFor(sim, name, cookieFor('cookie-one'));
		expect(response.status).toBe(404);
		expect(((await response.json()) as Json).error.message).toBe('Requested entity was not found.');
		expect(sim.stats.crossAccountAttempts).toHaveLength(1);
		expect(sim.stats.crossAccountAttempts[0]).toMatchObject({
			origin: 'labs',
			account: 'acc1',
			mediaNames: [name],
		});
		expect(sim.ownerOf(name)).toBe('acc2');
	});

	it('says "No session found" to a bearer without cookie and to the ?input= form', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now});
		const {token, name} = await submitOne(sim);
		clock.advance(1_000);
		const bearerOnly = await redirectFor(sim, name, bearer(token));
		expect(bearerOnly.status).toBe(200);
		expect(await bearerOnly.text()).toBe('No session found');
		const input = encodeURIComponent(JSON.stringify({json: {name}}));
		const trpcForm = await fetch(`${sim.labsUrl}/fx/api/trpc/media.getMediaUrlRedirect?input=${input}`, {
			headers: cookieFor('cookie-one'),
			redirect: 'manual',
		});
		expect(await trpcForm.text()).toBe('No session found');
	});

	it('can answer a login page instead of the redirect', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now, htmlLoginDownloads: 1});
		const {name} = await submitOne(sim);
		clock.advance(1_000);
		const login = await redirectFor(sim, name, cookieFor('cookie-one'));
		expect(login.status).toBe(200);
		expect(login.headers.get('content-type')).toContain('text/html');
		expect((await redirectFor(sim, name, cookieFor('cookie-one'))).status).toBe(307);
	});

	it('truncates the first download: full Content-Length, half the bytes, then a closed socket', async () => {
		const clock = manualClock();
		const size = 256 * 1024;
		const sim = await start({now: clock.now, truncateDownloads: 1, videoBytes: size});
		const {name} = await submitOne(sim);
		clock.advance(1_000);
		const location = (await redirectFor(sim, name, cookieFor('cookie-one'))).headers.get('location') ?? '';
		const first = await fetch(location);
		expect(Number(first.headers.get('content-length'))).toBe(size);
		let received = 0;
		let failed = false;
		try {
			for await (const chunk of first.body as AsyncIterable<Uint8Array>) received += chunk.length;
		} catch {
			failed = true;
		}
		expect(failed).toBe(true);
		expect(received).toBeLessThanOrEqual(size / 2);
		expect(sim.stats.downloads[0]).toEqual({mediaName: name, bytes: size / 2, complete: false});
		const second = await fetch(location);
		expect(Buffer.from(await second.arrayBuffer()).equals(sim.videoBytesFor(name))).toBe(true);
	});

	it('streams a large file in chunks and serves byte ranges', async () => {
		const clock = manualClock();
		const size = 8 * 1024 * 1024 + 3;
		const sim = await start({now: clock.now, videoBytes: size});
		const {name} = await submitOne(sim);
		clock.advance(1_000);
		const location = (await redirectFor(sim, name, cookieFor('cookie-one'))).headers.get('location') ?? '';
		const full = Buffer.from(await (await fetch(location)).arrayBuffer());
		expect(full.equals(sim.videoBytesFor(name))).toBe(true);
		const part = await fetch(location, {headers: {range: 'bytes=1000001-'}});
		expect(part.status).toBe(206);
		expect(Buffer.from(await part.arrayBuffer()).equals(full.subarray(1_000_001))).toBe(true);
	});

	it('records credentials sent to the CDN', async () => {
		const clock = manualClock();
		const sim = await start({now: clock.now});
		const {name} = await submitOne(sim);
		clock.advance(1_000);
		const location = (await redirectFor(sim, name, cookieFor('cookie-one'))).headers.get('location') ?? '';
		const leaked = await fetch(location, {headers: cookieFor('cookie-one')});
		expect(leaked.status).toBe(200);
		await leaked.arrayBuffer();
		expect(sim.stats.requests.at(-1)).toMatchObject({origin: 'cdn', hadCookie: true, account: 'acc1'});
	});
});

describe('lifecycle', () => {
	it('closes promptly with keep-alive connections open', async () => {
		const sim = await startSimulator({accounts: [{name: 'acc1', cookie: 'cookie-one'}]});
		await sessionToken(sim, 'cookie-one');
		const began = Date.now();
		await sim.close();
		expect(Date.now() - began).toBeLessThan(1_000);
		await expect(fetch(`${sim.labsUrl}/fx/api/auth/session`)).rejects.toThrow();
	});

	it('never crashes on garbage input', async () => {
		const sim = await start();
		const {token} = await ready(sim);
		const garbage = await fetch(`${sim.apiUrl}/v1/video:batchAsyncGenerateVideoText`, {
			method: 'POST',
			headers: bearer(token),
			body: '{not json',
		});
		expect(garbage.status).toBe(400);
		const wrongTypes = await post(`${sim.apiUrl}/v1/video:batchAsyncGenerateVideoText`, token, {
			requests: 'x',
		});
		expect(wrongTypes.status).toBe(400);
		const empty = await post(`${sim.apiUrl}/v1/video:batchCheckAsyncVideoGenerationStatus`, token, [1, 2]);
		expect(empty.status).toBe(400);
		expect((await fetch(`${sim.apiUrl}/v1/credits`, {headers: bearer(token)})).status).toBe(200);
	});
});

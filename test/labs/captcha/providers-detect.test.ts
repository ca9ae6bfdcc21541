import {afterEach, describe, expect, it} from 'vitest';
import {functionCaptchaProvider} from '../../../source/labs/captcha/providers.js';
import {createAccountClient, isAccountConfigError} from '../../../source/labs/index.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../wire/flow/harness.js';

let harness: FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const moved = {name: 'acc2', cookie: 'labs-moved', googleCookies: googleCookiesOf('moved'), migrated: true};
const stayed = {name: 'acc1', cookie: 'labs-stayed', googleCookies: googleCookiesOf('stayed')};

const trail = (h: FlowHarness) => h.sim.stats.requests.map((r) => `${r.origin} ${r.method} ${r.path}`);
const rpc = 'flow POST /_/AiSandboxAngularFrontend/data/batchexecute';

describe('transport detection (transport: auto, both kinds of cookie)', () => {
	it('migrated: labs /fx/tools/flow answers 308 to flow.google.com → flow, confirmed by credits', async () => {
		harness = await startFlowHarness({accounts: [moved]}, [{...moved, transport: 'auto'}]);
		const client = harness.clients[0]!;
		expect(client.transportKind).toBe('labs');
		const snapshot = await client.prepare();
		expect(snapshot.transport).toBe('flow');
		expect(client.transportKind).toBe('flow');
		expect(trail(harness)).toEqual(['labs GET /fx/tools/flow', 'flow GET /', rpc, rpc, rpc]);
	});

	it('a 308 to the configured Flow origin counts as flow.google.com too', async () => {
		harness = await startFlowHarness({accounts: [moved], migratedRedirect: 'simulator'}, [
			{...moved, transport: 'auto'},
		]);
		expect((await harness.clients[0]!.prepare()).transport).toBe('flow');
		expect(harness.sim.stats.requests.filter((r) => r.origin === 'labs')).toHaveLength(1);
	});

	it('not migrated: labs gives a session → labs, without touching flow.google.com', async () => {
		harness = await startFlowHarness({accounts: [stayed]}, [{...stayed, transport: 'auto'}]);
		const snapshot = await harness.clients[0]!.prepare();
		expect(snapshot.transport).toBe('labs');
		expect(trail(harness).slice(0, 2)).toEqual(['labs GET /fx/tools/flow', 'labs GET /fx/api/auth/session']);
		expect(harness.sim.stats.requests.some((r) => r.origin === 'flow')).toBe(false);
	});

	it('labs session {} while the Google cookies work → flow', async () => {
		harness = await startFlowHarness({accounts: [stayed]}, [
			{...stayed, cookie: 'a-labs-cookie-labs-no-longer-knows', transport: 'auto'},
		]);
		expect((await harness.clients[0]!.prepare()).transport).toBe('flow');
	});

	it('decides once per run: a second prepare does not probe labs again', async () => {
		harness = await startFlowHarness({accounts: [moved]}, [{...moved, transport: 'auto'}]);
		const client = harness.clients[0]!;
		await client.prepare();
		await client.prepare();
		expect(harness.sim.stats.requests.filter((r) => r.origin === 'labs')).toHaveLength(1);
	});

	it('expired cookies of both kinds: one auth line saying what each side answered', async () => {
		harness = await startFlowHarness({accounts: [stayed]}, [{...stayed, transport: 'auto'}]);
		harness.sim.revokeCookie('acc1');
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			'acc1: session cookie expired or revoked (labs.google gave no access token), and flow.google.com sent this account to its sign-in page: the Google cookies are expired, revoked or incomplete (export them again)',
		);
		expect(harness.clients[0]!.transportKind).toBe('labs');
	});

	it('migrated, but its exported Google cookies went stale (signed-out WIZ page): the flow auth error', async () => {
		harness = await startFlowHarness({accounts: [moved], signedOutWiz: true}, [
			{...moved, googleCookies: googleCookiesOf('moved-last-month'), transport: 'auto'},
		]);
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			"acc2: flow.google.com: the Google cookies were not accepted (signed out, expired, or another account's)",
		);
		// A WIZ page was served, and still the credits call decided.
		expect(
			harness.sim.stats.requests.filter((r) => r.origin === 'flow' && r.method === 'GET').length,
		).toBeGreaterThan(0);
	});
});

describe('transport chosen by the settings', () => {
	it('transport "labs" on a migrated account is one clear line', async () => {
		harness = await startFlowHarness({accounts: [moved]}, [{...moved, transport: 'labs'}]);
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			'acc2: Flow moved this account to flow.google.com; set "transport": "auto" or "flow" and give its googleCookies',
		);
		expect(harness.sim.stats.requests.some((r) => r.origin === 'flow')).toBe(false);
	});

	it('only a labs cookie, migrated: the line asks for its googleCookies', async () => {
		harness = await startFlowHarness({accounts: [moved]}, [{name: 'acc2', cookie: moved.cookie}]);
		const error = await caught(harness.clients[0]!.prepare());
		expect(error.message).toBe(
			'acc2: Flow moved this account to flow.google.com; give its googleCookies (see the readme)',
		);
	});

	it('only Google cookies → flow; only a labs cookie → labs; "flow" with both never asks labs', async () => {
		harness = await startFlowHarness({accounts: [moved, stayed]}, [
			{name: 'acc2', googleCookies: moved.googleCookies},
			{name: 'acc1', cookie: stayed.cookie},
			{...stayed, name: 'acc1-flow', transport: 'flow'},
		]);
		const [flow, labs, forced] = harness.clients;
		expect(flow!.transportKind).toBe('flow');
		expect(labs!.transportKind).toBe('labs');
		expect(forced!.transportKind).toBe('flow');
		await flow!.prepare();
		await forced!.prepare();
		expect(harness.sim.stats.requests.some((r) => r.origin === 'labs' || r.origin === 'api')).toBe(false);
		await labs!.prepare();
		expect(harness.sim.stats.requests.some((r) => r.origin === 'labs')).toBe(true);
	});

	it.each([
		[
			{transport: 'flow' as const, cookie: 'c'},
			'acc9: transport "flow" needs "googleCookies" (a Cookie-Editor export or Cookie header)',
		],
		[
			{transport: 'labs' as const, googleCookies: 'SAPISID=x'},
			'acc9: transport "labs" needs "cookie" (the labs.google session cookie)',
		],
		[
			{transport: 'auto' as const, googleCookies: '[{"name":"S","value":"secret-123"}]'},
			'acc9: googleCookies: not a Cookie-Editor export or Cookie header',
		],
		[
			{transport: 'auto' as const, googleCookies: 'no-such-cookie-file.json'},
			'acc9: googleCookies: cannot read no-such-cookie-file.json: no such file',
		],
		[{transport: 'auto' as const}, 'acc9: needs "cookie" (labs.google) or "googleCookies" (flow.google.com)'],
	])('settings that cannot work fail before anything is sent: %j', (settings, message) => {
		let thrown: unknown;
		try {
			createAccountClient({
				name: 'acc9',
				...settings,
				captcha: functionCaptchaProvider('none', () => 'x'),
				origins: {apiUrl: 'http://127.0.0.1:9', labsUrl: 'http://127.0.0.1:9', flowUrl: 'http://127.0.0.1:9'},
			});
		} catch (error) {
			thrown = error;
		}
		expect(isAccountConfigError(thrown)).toBe(true);
		expect((thrown as Error).message).toBe(message);
		expect((thrown as Error).message).not.toContain('secret');
	});
});

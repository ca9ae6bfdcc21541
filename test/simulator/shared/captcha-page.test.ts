import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {googleCookiesOf} from '../../labs/wire/flow/harness.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const accounts = [
	{name: 'acc1', cookie: 'labs-one'},
	{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
	{name: 'acc3', cookie: 'labs-three', googleCookies: googleCookiesOf('three')},
];

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	const sim = await startSimulator({accounts, generationMs: 50, ...options});
	started.push(sim);
	return sim;
}

const labsCookie = (value: string) => `__Secure-next-auth.session-token=${value}`;
const siteKey = '6LdsFiUsAAAAAIjVDZcuLhaHiDn5nnHVXVRQGeMV';

const get = (url: string, cookie?: string) =>
	fetch(url, {headers: cookie ? {cookie} : {}, redirect: 'manual'});

async function reload(base: string, cookie: string | undefined, key = siteKey, action = 'VIDEO_GENERATION') {
	const response = await fetch(`${base}/recaptcha/enterprise/reload?k=${encodeURIComponent(key)}`, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...(cookie ? {cookie} : {})},
		body: JSON.stringify({action}),
	});
	const text = await response.text();
	expect(text.startsWith(")]}'\n")).toBe(true);
	return JSON.parse(text.slice(5)) as unknown[];
}

describe('captcha pages on the labs origin', () => {
	it('serves a signed-in project page that loads enterprise.js?render=<key> from its own origin', async () => {
		const sim = await start();
		const response = await get(`${sim.labsUrl}/fx/tools/flow/project/p1`, labsCookie('labs-one'));
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain(`<script src="/recaptcha/enterprise.js?render=${siteKey}"`);
		const script = await get(`${sim.labsUrl}/recaptcha/enterprise.js?render=${siteKey}`);
		expect(script.headers.get('content-type')).toMatch(/javascript/);
		const body = await script.text();
		expect(body).toContain('grecaptcha');
		expect(body).toContain("credentials: 'include'");
	});

	it('sends anyone signed out to the next-auth sign-in page, which has no grecaptcha', async () => {
		const sim = await start();
		for (const cookie of [undefined, labsCookie('not-a-session')]) {
			const response = await get(`${sim.labsUrl}/fx/tools/flow/project/p1`, cookie);
			expect(response.status).toBe(307);
			const location = response.headers.get('location') ?? '';
			expect(location).toMatch(/^\/fx\/api\/auth\/signin\?callbackUrl=/);
			const signIn = await get(`${sim.labsUrl}${location}`);
			expect(signIn.status).toBe(200);
			expect(await signIn.text()).not.toContain('recaptcha');
		}
		sim.revokeCookie('acc1');
		expect((await get(`${sim.labsUrl}/fx/tools/flow/project/p1`, labsCookie('labs-one'))).status).toBe(307);
	});

	it('redirects a migrated account to flow.google.com (308)', async () => {
		const sim = await start({migratedRedirect: 'simulator'});
		const response = await get(`${sim.labsUrl}/fx/tools/flow/project/p1`, labsCookie('labs-two'));
		expect(response.status).toBe(308);
		expect(response.headers.get('location')).toBe(`${sim.flowUrl}/`);
	});

	it('mints a token for the account the session cookie signs in, bound to it', async () => {
		const sim = await start();
		const answer = await reload(sim.labsUrl, labsCookie('labs-one'));
		expect(answer[0]).toBe('rresp');
		expect(String(answer[1])).toMatch(/^0cAFcWe/);
		expect(sim.stats.captchaMints).toEqual([
			expect.objectContaining({
				origin: 'labs',
				account: 'acc1',
				carried: ['acc1'],
				cookieNames: ['__Secure-next-auth.session-token'],
				siteKeyOk: true,
				action: 'VIDEO_GENERATION',
				outcome: 'minted',
			}),
		]);
		expect(sim.stats.crossAccountCookieMints).toHaveLength(0);
		// Nothing secret in the record.
		expect(JSON.stringify(sim.stats.captchaMints)).not.toContain('labs-one');
	});

	it('refuses a wrong site key and a signed-out caller, and records both', async () => {
		const sim = await start();
		expect(await reload(sim.labsUrl, labsCookie('labs-one'), 'another-key')).toEqual([
			'rerr',
			'Invalid site key or not loaded in api.js',
		]);
		expect((await reload(sim.labsUrl, undefined))[0]).toBe('rerr');
		expect(sim.stats.captchaMints.map((m) => [m.outcome, m.siteKeyOk, m.account])).toEqual([
			['wrong-site-key', false, 'acc1'],
			['signed-out', true, undefined],
		]);
	});

	it('counts a mint that carried the cookies of two accounts', async () => {
		const sim = await start();
		await reload(sim.labsUrl, `${labsCookie('labs-one')}; ${googleCookiesOf('three')}`);
		expect(sim.stats.crossAccountCookieMints).toHaveLength(1);
		expect(sim.stats.crossAccountCookieMints[0]?.carried.sort()).toEqual(['acc1', 'acc3']);
	});

	it('fault knobs: scriptMissing drops the script tag, executeError refuses, mintDelayMs waits', async () => {
		const sim = await start({captchaPage: {scriptMissing: true}});
		const html = await (await get(`${sim.labsUrl}/fx/tools/flow/project/p1`, labsCookie('labs-one'))).text();
		expect(html).not.toContain('recaptcha');
		sim.setCaptchaPage({executeError: 'low score', mintDelayMs: 150});
		const before = Date.now();
		expect(await reload(sim.labsUrl, labsCookie('labs-one'))).toEqual(['rerr', 'low score']);
		expect(Date.now() - before).toBeGreaterThanOrEqual(140);
		expect(sim.stats.captchaMints.at(-1)?.outcome).toBe('error');
		sim.setCaptchaPage({});
		expect((await reload(sim.labsUrl, labsCookie('labs-one')))[0]).toBe('rresp');
	});
});

describe('captcha pages on the flow.google.com stand-in', () => {
	it('a signed-in project page keeps WIZ_global_data (with xZbWve) and loads enterprise.js', async () => {
		const sim = await start({captchaPage: {siteKey: 'sim-key-123'}});
		const response = await get(`${sim.flowUrl}/project/p1`, googleCookiesOf('three'));
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toMatch(/"SNlM0e":"[^"]+"/);
		expect(html).toContain('"xZbWve":"sim-key-123"');
		expect(html).toContain('<script src="/recaptcha/enterprise.js?render=sim-key-123"');
		// The app root page (the transport's bootstrap without a project) needs no reCAPTCHA.
		expect(await (await get(`${sim.flowUrl}/`, googleCookiesOf('three'))).text()).not.toContain('recaptcha');
	});

	it('sends signed-out visitors to /about, which has no grecaptcha; every cookie of the account is needed', async () => {
		const sim = await start();
		const partial = googleCookiesOf('three').split('; ').slice(0, 2).join('; ');
		for (const cookie of [undefined, partial]) {
			const response = await get(`${sim.flowUrl}/project/p1`, cookie);
			expect(response.status).toBe(302);
			expect(response.headers.get('location')).toBe(`${sim.flowUrl}/about`);
		}
		expect(await (await get(`${sim.flowUrl}/about`)).text()).not.toContain('recaptcha');
	});

	it('mints for the account its Google cookies sign in, not for a labs cookie alone', async () => {
		const sim = await start();
		const answer = await reload(sim.flowUrl, googleCookiesOf('two'));
		expect(answer[0]).toBe('rresp');
		expect(sim.stats.captchaMints.at(-1)).toMatchObject({origin: 'flow', account: 'acc2', carried: ['acc2']});
		expect((await reload(sim.flowUrl, labsCookie('labs-one')))[0]).toBe('rerr');
		expect(sim.stats.captchaMints.at(-1)).toMatchObject({origin: 'flow', outcome: 'signed-out'});
	});
});

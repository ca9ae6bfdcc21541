/**
 * The browser captcha provider against the simulator's project pages, with a real Chromium over real
 * sockets. One browser for the whole file (tests use distinct accounts so their pools do not meet);
 * the relaunch-limit test is last because it leaves the browser refusing to start for a minute.
 */

import type {AddressInfo} from 'node:net';
import {createServer} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createBrowserCaptcha} from '../../../../source/labs/captcha/browser/index.js';
import {functionCaptchaProvider} from '../../../../source/labs/captcha/providers.js';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {type AccountClient, type BrowserCaptcha, createAccountClient} from '../../../../source/labs/index.js';
import {type Simulator, startSimulator} from '../../../../source/simulator/index.js';
import {googleCookiesOf} from '../../wire/flow/harness.js';
import {
	action,
	captchaError,
	flowRequest,
	labAndFlowClients,
	labsRequest,
	round,
	skipBrowserTests,
	skipReason,
	waitUntil,
} from './helpers.js';

const cookies = {
	lab1: 'labs-cookie-lab1-7f2c',
	flo1: 'labs-cookie-flo1-c9a0',
	aut1: 'labs-cookie-aut1-0d4e',
	kil1: 'labs-cookie-kil1-5b11',
	sm1: 'labs-cookie-sm1-88aa',
	ee1: 'labs-cookie-ee1-1c3d',
};
const google = {flo1: googleCookiesOf('flo1'), aut1: googleCookiesOf('aut1'), ee1: googleCookiesOf('ee1')};

const generate = {
	prompt: 'a lighthouse at dusk',
	model: 'veo_3_1_t2v_fast',
	aspect: '16:9' as const,
	copies: 1,
};

let sim: Simulator;
let browser: BrowserCaptcha;

if (skipBrowserTests) console.warn(`browser-captcha tests skipped: ${skipReason}`);

describe.skipIf(skipBrowserTests)('browser captcha: a real Chromium against the simulator', () => {
	beforeAll(async () => {
		sim = await startSimulator({
			accounts: [
				{name: 'lab1', cookie: cookies.lab1},
				{name: 'flo1', cookie: cookies.flo1, googleCookies: google.flo1, migrated: true},
				{name: 'aut1', cookie: cookies.aut1, googleCookies: google.aut1, migrated: true},
				{name: 'kil1', cookie: cookies.kil1},
				{name: 'sm1', cookie: cookies.sm1},
				{name: 'ee1', cookie: cookies.ee1, googleCookies: google.ee1},
			],
			generationMs: 30,
			migratedRedirect: 'simulator',
		});
		browser = createBrowserCaptcha({
			mode: {kind: 'launch'},
			scriptTimeoutMs: 1500,
			mintTimeoutMs: 3000,
		});
	});

	afterAll(async () => {
		await browser?.close();
		await sim?.close();
	});

	it('mints in each account’s own context and site; a token works for its own account only, and once', async () => {
		const labs = browser.forAccount({name: 'lab1', cookie: cookies.lab1});
		const flow = browser.forAccount({name: 'flo1', googleCookies: google.flo1});
		expect(browser.forAccount({name: 'lab1', cookie: cookies.lab1})).toBe(labs);

		let started = performance.now();
		const labToken = await labs.mint(labsRequest(sim.labsUrl, 'lab1'));
		const coldWithLaunch = performance.now() - started;
		started = performance.now();
		const flowToken = await flow.mint(flowRequest(sim.flowUrl, 'flo1'));
		const coldPage = performance.now() - started;
		expect(labToken).toMatch(/^0cAFcWe/);
		expect(flowToken).toMatch(/^0cAFcWe/);
		expect(labToken).not.toBe(flowToken);

		// After the first demand each pool mints two ahead: 2 on demand + 4 pooled.
		await waitUntil(() => labs.ready === 2 && flow.ready === 2);
		expect(browser.stats().mints).toBe(6);
		started = performance.now();
		const pooled = await labs.mint(labsRequest(sim.labsUrl, 'lab1'));
		const warm = performance.now() - started;
		expect(browser.stats().pooledTakes).toBe(1);
		expect(new Set([labToken, flowToken, pooled]).size).toBe(3);
		console.info(
			`mint latency: cold incl. browser launch ${round(coldWithLaunch)} ms, cold page ${round(coldPage)} ms, ` +
				`pooled take ${round(warm)} ms; stats ${JSON.stringify(browser.stats())}`,
		);

		// What the simulator saw: each account's cookies only, on its own origin, with the page's key.
		const mints = sim.stats.captchaMints;
		expect(mints.length).toBeGreaterThanOrEqual(6);
		for (const mint of mints) {
			expect(mint.outcome).toBe('minted');
			expect(mint.siteKeyOk).toBe(true);
			expect(mint.action).toBe(action);
			expect(mint.carried).toEqual([mint.account]);
			if (mint.origin === 'labs') {
				expect(mint.account).toBe('lab1');
				expect(mint.cookieNames).toEqual(['__Secure-next-auth.session-token']);
			} else {
				expect(mint.account).toBe('flo1');
				expect(mint.cookieNames.sort()).toEqual(
					['OSID', 'SAPISID', '__Secure-1PSID', '__Secure-1PSIDTS', '__Secure-OSID'].sort(),
				);
			}
		}
		expect(sim.stats.crossAccountCookieMints).toEqual([]);
		expect(sim.stats.crossAccountAttempts).toEqual([]);

		// The simulator's generate: a token works for the account whose page minted it, once.
		let next = '';
		const fixed = functionCaptchaProvider('fixed', () => next);
		const [labClient, flowClient] = labAndFlowClients(
			sim,
			{labCookie: cookies.lab1, flowGoogleCookies: google.flo1},
			fixed,
		) as [AccountClient, AccountClient];
		try {
			await labClient.prepare();
			await flowClient.prepare();
			next = labToken;
			expect((await captchaError(flowClient.submit(generate))).message).toMatch(/reCAPTCHA|unusual/i);
			next = flowToken;
			expect((await captchaError(labClient.submit(generate))).message).toMatch(/reCAPTCHA|unusual/i);
			next = labToken;
			expect((await labClient.submit(generate)).media).toHaveLength(1);
			expect((await captchaError(labClient.submit(generate))).message).toMatch(/reCAPTCHA|unusual/i);
			next = flowToken;
			expect((await flowClient.submit(generate)).media).toHaveLength(1);
			next = pooled;
			expect((await labClient.submit(generate)).media).toHaveLength(1);
		} finally {
			await labClient.close();
			await flowClient.close();
		}
		expect(sim.stats.submits.map((s) => s.account)).toEqual(['lab1', 'flo1', 'lab1']);
	});

	it('AccountClient.submit with the browser provider works on both transports (and auto picks the flow page)', async () => {
		const origins = {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: sim.flowUrl};
		const clients = [
			...labAndFlowClients(sim, {labCookie: cookies.lab1, flowGoogleCookies: google.flo1}, browser),
			createAccountClient({
				name: 'aut1',
				cookie: cookies.aut1,
				googleCookies: google.aut1,
				transport: 'auto',
				captcha: browser.forAccount({name: 'aut1', cookie: cookies.aut1, googleCookies: google.aut1}),
				origins,
			}),
		];
		try {
			const before = sim.stats.submits.length;
			for (const client of clients) {
				const snapshot = await client.prepare();
				const result = await client.submit(generate);
				expect(result.media).toHaveLength(1);
				expect(sim.ownerOf(result.media[0]!.name)).toBe(client.name);
				expect(snapshot.transport).toBe(client.name === 'lab1' ? 'labs' : 'flow');
			}
			expect(sim.stats.submits.slice(before).map((s) => s.account)).toEqual(['lab1', 'flo1', 'aut1']);
			// aut1 was moved to flow.google.com: its tokens came from the flow page, with its Google cookies.
			const autMints = sim.stats.captchaMints.filter((m) => m.account === 'aut1');
			expect(autMints.length).toBeGreaterThan(0);
			expect(autMints.every((m) => m.origin === 'flow' && m.carried.join() === 'aut1')).toBe(true);
			expect(sim.stats.crossAccountCookieMints).toEqual([]);
		} finally {
			await Promise.all(clients.map((client) => client.close()));
		}
	});

	it('says "signed out" when the cookies open no session (labs sign-in page, flow /about)', async () => {
		const labs = browser.forAccount({name: 'ghost1', cookie: 'no-such-session'});
		const labsError = await captchaError(labs.mint(labsRequest(sim.labsUrl, 'ghost1')));
		expect(labsError.message).toMatch(
			/^ghost1: signed out \(the project page sent it to \/fx\/api\/auth\/signin\)$/,
		);
		expect(labsError.code).toBe('CAPTCHA_SIGNED_OUT');
		const flow = browser.forAccount({name: 'ghost2', googleCookies: googleCookiesOf('nobody')});
		const flowError = await captchaError(flow.mint(flowRequest(sim.flowUrl, 'ghost2')));
		expect(flowError.message).toBe('ghost2: signed out (the project page sent it to /about)');
		// A migrated labs account's labs page moves off the labs host.
		const moved = browser.forAccount({name: 'flo1-labs', cookie: cookies.flo1});
		const movedError = await captchaError(moved.mint(labsRequest(sim.labsUrl, 'flo1-labs')));
		expect(movedError.message).toMatch(/signed out \(the project page sent it to 127\.0\.0\.1:\d+\/about\)/);
		for (const error of [labsError, flowError, movedError]) {
			expect(error.message).not.toContain('no-such-session');
			expect(error.message).not.toContain(cookies.flo1);
		}
	});

	it('says "script missing" when grecaptcha.enterprise never appears, and gives the page’s execute error', async () => {
		sim.setCaptchaPage({scriptMissing: true});
		try {
			const provider = browser.forAccount({name: 'sm1', cookie: cookies.sm1});
			const error = await captchaError(provider.mint(labsRequest(sim.labsUrl, 'sm1')));
			expect(error.message).toMatch(/^sm1: script missing \(no grecaptcha\.enterprise/);
			expect(error.code).toBe('CAPTCHA_SCRIPT_MISSING');
		} finally {
			sim.setCaptchaPage({});
		}
		sim.setCaptchaPage({executeError: 'low score'});
		try {
			const provider = browser.forAccount({name: 'ee1', googleCookies: google.ee1});
			const error = await captchaError(provider.mint(flowRequest(sim.flowUrl, 'ee1')));
			expect(error.message).toBe('ee1: execute failed: low score');
			expect(error.code).toBe('CAPTCHA_EXECUTE_FAILED');
		} finally {
			sim.setCaptchaPage({});
		}
		// The same page mints again once the page's reCAPTCHA works.
		const provider = browser.forAccount({name: 'ee1', googleCookies: google.ee1});
		expect(await provider.mint(flowRequest(sim.flowUrl, 'ee1'))).toMatch(/^0cAFcWe/);
	});

	it.skipIf(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)(
		'a visible browser without a display says so in one line',
		async () => {
			const headed = createBrowserCaptcha({mode: {kind: 'launch', headed: true}});
			try {
				const provider = headed.forAccount({name: 'lab1', cookie: cookies.lab1});
				const error = await captchaError(provider.mint(labsRequest(sim.labsUrl, 'lab1')));
				expect(error.message).toBe(
					'lab1: the browser could not start (/usr/bin/chromium): no display for a visible browser (run it headless, or under xvfb-run)',
				);
			} finally {
				await headed.close();
			}
		},
	);

	it('says "no page" for an HTTP error or a dead origin, and "mint timed out" for a mint that hangs', async () => {
		const provider = browser.forAccount({name: 'lab1-pages', cookie: cookies.lab1});
		const notFound = await captchaError(
			provider.mint({
				...labsRequest(sim.labsUrl, 'lab1-pages'),
				pageUrl: `${sim.labsUrl}/fx/tools/flow/nope`,
			}),
		);
		expect(notFound.message).toBe('lab1-pages: no page (HTTP 404 for the project page)');
		expect(notFound.code).toBe('CAPTCHA_NO_PAGE');
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const {port} = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const dead = await captchaError(provider.mint(labsRequest(`http://127.0.0.1:${port}`, 'lab1-pages')));
		expect(dead.message).toMatch(/^lab1-pages: no page: net::ERR_CONNECTION_REFUSED/);
		sim.setCaptchaPage({mintDelayMs: 6000});
		try {
			const hung = await captchaError(provider.mint(labsRequest(sim.labsUrl, 'lab1-pages')));
			expect(hung.message).toBe('lab1-pages: mint timed out after 3 s');
			expect(hung.code).toBe('CAPTCHA_TIMEOUT');
		} finally {
			sim.setCaptchaPage({});
		}
		expect(await provider.mint(labsRequest(sim.labsUrl, 'lab1-pages'))).toMatch(/^0cAFcWe/);
	});

	it('lets the browser go when every account that used it has closed, and starts one for the next', async () => {
		const own = createBrowserCaptcha({mode: {kind: 'launch'}, scriptTimeoutMs: 1500, mintTimeoutMs: 3000});
		try {
			const first = own.forAccount({name: 'lab1', cookie: cookies.lab1});
			const second = own.forAccount({name: 'kil1', cookie: cookies.kil1});
			expect(await first.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
			expect(await second.mint(labsRequest(sim.labsUrl, 'kil1'))).toMatch(/^0cAFcWe/);
			const pid = await own.browserPid();
			expect(pid).toBeGreaterThan(0);
			await first.close?.();
			expect(own.stats().connected).toBe(true);
			await second.close?.();
			expect(own.stats().connected).toBe(false);
			expect(() => process.kill(pid!, 0)).toThrow();
			const again = own.forAccount({name: 'lab1', cookie: cookies.lab1});
			expect(again).not.toBe(first);
			expect(await again.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
			expect(own.stats().relaunches).toBe(0);
		} finally {
			await own.close();
		}
	});

	it('refuses to mint for another account or without a page URL', async () => {
		const provider = browser.forAccount({name: 'lab1', cookie: cookies.lab1});
		const wrong = await captchaError(provider.mint(labsRequest(sim.labsUrl, 'flo1')));
		expect(wrong.message).toBe('lab1: asked to mint a token for another account');
		const noPage = await captchaError(provider.mint({account: 'lab1', projectId: 'p', action}));
		expect(noPage.message).toBe('lab1: no project page to mint the token on');
	});

	it('a killed browser fails the mint in flight, then is relaunched; the pool refills', async () => {
		const provider = browser.forAccount({name: 'kil1', cookie: cookies.kil1});
		const request = labsRequest(sim.labsUrl, 'kil1');
		expect(await provider.mint(request)).toMatch(/^0cAFcWe/);
		await waitUntil(() => provider.ready === 2);
		const pid = await browser.browserPid();
		expect(pid).toBeGreaterThan(0);
		// The server now holds every mint: the two pooled tokens come at once, the third take waits.
		sim.setCaptchaPage({mintDelayMs: 5000});
		await provider.mint(request);
		await provider.mint(request);
		let settled = false;
		const inFlight = provider.mint(request).finally(() => {
			settled = true;
		});
		inFlight.catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(settled).toBe(false);
		process.kill(pid!, 'SIGKILL');
		const error = await captchaError(inFlight);
		expect(error.message).toBe('kil1: the browser went away while minting');
		expect(error.code).toBe('CAPTCHA_BROWSER_GONE');
		await waitUntil(() => !browser.stats().connected);
		sim.setCaptchaPage({});

		const relaunchedAt = performance.now();
		expect(await provider.mint(request)).toMatch(/^0cAFcWe/);
		console.info(
			`mint after SIGKILL (relaunch + page load + mint): ${round(performance.now() - relaunchedAt)} ms`,
		);
		expect(browser.stats().relaunches).toBe(1);
		expect(await browser.browserPid()).not.toBe(pid);
		// The pool refills in the new browser, and the other accounts get their contexts back.
		await waitUntil(() => provider.ready === 2);
		const pooledBefore = browser.stats().pooledTakes;
		await provider.mint(request);
		expect(browser.stats().pooledTakes).toBe(pooledBefore + 1);
		const other = browser.forAccount({name: 'lab1', cookie: cookies.lab1});
		while (other.ready > 0) await other.mint(labsRequest(sim.labsUrl, 'lab1'));
		expect(await other.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
		expect(sim.stats.crossAccountCookieMints).toEqual([]);
	});

	it('a browser that keeps dying is not relaunched forever: 3 restarts a minute, then a clear error', async () => {
		// One relaunch so far (the previous test); two more are allowed within the minute. A fresh
		// provider each time, so no pooled token spares the browser the trip.
		for (let i = 1; i <= 3; i++) {
			process.kill((await browser.browserPid())!, 'SIGKILL');
			await waitUntil(() => !browser.stats().connected);
			const provider = browser.forAccount({name: `lab1-again-${i}`, cookie: cookies.lab1});
			const minting = provider.mint(labsRequest(sim.labsUrl, `lab1-again-${i}`));
			if (i < 3) {
				expect(await minting).toMatch(/^0cAFcWe/);
				continue;
			}
			const error = await captchaError(minting);
			expect(error.message).toMatch(
				/^lab1-again-3: the browser went away 3 times within 60 s; not starting it again for \d+ s$/,
			);
			expect(error.code).toBe('CAPTCHA_BROWSER_UNSTABLE');
		}
		expect(browser.stats().relaunches).toBe(3);
	});
});

describe('browser captcha without a browser', () => {
	it('names the missing executable and how to fix it, in one line', async () => {
		const missing = createBrowserCaptcha({mode: {kind: 'launch', executablePath: '/nonexistent/chromium'}});
		try {
			const provider = missing.forAccount({name: 'acc1', cookie: 'c'});
			const error = await captchaError(provider.mint(labsRequest('http://127.0.0.1:9', 'acc1')));
			expect(error.message).toBe(
				'acc1: the browser could not start: no Chromium at /nonexistent/chromium (install chromium, or give the path of a Chromium or Chrome executable)',
			);
			expect(error.message).not.toContain('\n');
			expect(error).toBeInstanceOf(FlowError);
		} finally {
			await missing.close();
		}
	});

	it('refuses a CDP endpoint that is neither host:port nor a URL', () => {
		expect(() => createBrowserCaptcha({mode: {kind: 'cdp', endpoint: 'not an endpoint'}})).toThrow(
			/not host:port or a ws:\/\/ URL/,
		);
	});
});

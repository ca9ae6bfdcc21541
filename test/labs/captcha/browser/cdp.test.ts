/**
 * CDP mode: flowdeck attaches to a Chrome the user started (here: a Chromium this file starts with
 * --remote-debugging-port=0), mints in contexts of its own, and leaves the browser running on close().
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createBrowserCaptcha} from '../../../../source/labs/captcha/browser/index.js';
import {type Simulator, startSimulator} from '../../../../source/simulator/index.js';
import {googleCookiesOf} from '../../wire/flow/harness.js';
import {
	captchaError,
	chromiumPath,
	flowRequest,
	labAndFlowClients,
	labsRequest,
	skipBrowserTests,
	skipReason,
} from './helpers.js';

const cookies = {lab1: 'labs-cookie-cdp-lab1-41aa', flo1: 'labs-cookie-cdp-flo1-93bc'};
const google = {flo1: googleCookiesOf('cdp-flo1')};

let sim: Simulator;
let chrome: ChildProcess;
let profile: string;
let wsUrl: string;
let port: string;

/** Starts Chromium as a user would for remote debugging; resolves with its DevTools ws URL. */
function startChrome(): Promise<string> {
	chrome = spawn(
		chromiumPath,
		[
			'--headless=new',
			...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			'--no-first-run',
			'--disable-background-networking',
			'about:blank',
		],
		{stdio: ['ignore', 'ignore', 'pipe']},
	);
	return new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`no DevTools line from Chromium: ${text}`)), 20_000);
		chrome.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
			text += chunk;
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
			if (match?.[1]) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		chrome.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${text}`)));
	});
}

const running = () => chrome.exitCode === null && chrome.signalCode === null;

async function openTabs(): Promise<string[]> {
	const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
		type: string;
		url: string;
	}>;
	return list.filter((target) => target.type === 'page').map((target) => target.url);
}

if (skipBrowserTests) console.warn(`browser-captcha CDP tests skipped: ${skipReason}`);

describe.skipIf(skipBrowserTests)('browser captcha over CDP (the user’s own Chrome)', () => {
	beforeAll(async () => {
		profile = await mkdtemp(join(tmpdir(), 'flowdeck-cdp-'));
		wsUrl = await startChrome();
		port = new URL(wsUrl).port;
		sim = await startSimulator({
			accounts: [
				{name: 'lab1', cookie: cookies.lab1},
				{name: 'flo1', cookie: cookies.flo1, googleCookies: google.flo1, migrated: true},
			],
			generationMs: 30,
		});
	});

	afterAll(async () => {
		chrome?.kill('SIGKILL');
		await sim?.close();
		if (profile) await rm(profile, {recursive: true, force: true});
	});

	it('cdp=127.0.0.1:<port>: one tab per account in its own context; close() leaves Chrome running', async () => {
		const browser = createBrowserCaptcha({mode: {kind: 'cdp', endpoint: `127.0.0.1:${port}`}, poolSize: 0});
		try {
			const labs = browser.forAccount({name: 'lab1', cookie: cookies.lab1});
			const flow = browser.forAccount({name: 'flo1', googleCookies: google.flo1});
			expect(await labs.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
			expect(await flow.mint(flowRequest(sim.flowUrl, 'flo1'))).toMatch(/^0cAFcWe/);
			// A refused execute leaves the page as it is; every later mint reuses the account's one tab.
			sim.setCaptchaPage({executeError: 'low score'});
			await captchaError(labs.mint(labsRequest(sim.labsUrl, 'lab1')));
			sim.setCaptchaPage({});
			expect(await labs.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
			expect(await labs.mint(labsRequest(sim.labsUrl, 'lab1'))).toMatch(/^0cAFcWe/);
			const ours = (await openTabs()).filter(
				(url) => url.startsWith(sim.labsUrl) || url.startsWith(sim.flowUrl),
			);
			expect(ours.sort()).toEqual(
				[`${sim.labsUrl}/fx/tools/flow/project/p-labs`, `${sim.flowUrl}/project/p-flow`].sort(),
			);
		} finally {
			await browser.close();
		}
		expect(sim.stats.captchaMints.map((m) => [m.origin, m.account, m.carried.join(), m.outcome])).toEqual([
			['labs', 'lab1', 'lab1', 'minted'],
			['flow', 'flo1', 'flo1', 'minted'],
			['labs', 'lab1', 'lab1', 'error'],
			['labs', 'lab1', 'lab1', 'minted'],
			['labs', 'lab1', 'lab1', 'minted'],
		]);
		// One page load per account, however many mints.
		const pageLoads = sim.stats.requests.filter((r) => r.method === 'GET' && /\/project\//.test(r.path));
		expect(pageLoads.map((r) => r.account)).toEqual(['lab1', 'flo1']);
		expect(sim.stats.crossAccountCookieMints).toEqual([]);
		// Our tabs are gone; the user's browser (and its own tab) is not.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(running()).toBe(true);
		const tabs = await openTabs();
		expect(tabs.some((url) => url.startsWith(sim.labsUrl) || url.startsWith(sim.flowUrl))).toBe(false);
		expect(tabs).toContain('about:blank');
	});

	it('cdp=<ws URL>: AccountClient submits on both transports with tokens from the user’s Chrome', async () => {
		const browser = createBrowserCaptcha({mode: {kind: 'cdp', endpoint: wsUrl}});
		const clients = labAndFlowClients(
			sim,
			{labCookie: cookies.lab1, flowGoogleCookies: google.flo1},
			browser,
		);
		try {
			for (const client of clients) {
				await client.prepare();
				const result = await client.submit({
					prompt: 'a kite over a beach',
					model: 'veo_3_1_t2v_fast',
					aspect: '16:9',
					copies: 1,
				});
				expect(sim.ownerOf(result.media[0]!.name)).toBe(client.name);
			}
		} finally {
			await Promise.all(clients.map((client) => client.close()));
			await browser.close();
		}
		expect(sim.stats.submits.map((s) => s.account)).toEqual(['lab1', 'flo1']);
		expect(sim.stats.crossAccountCookieMints).toEqual([]);
		expect(running()).toBe(true);
	});

	it('says where it could not connect when the user’s Chrome is gone', async () => {
		chrome.kill('SIGKILL');
		await new Promise<void>((resolve) => (running() ? chrome.once('exit', () => resolve()) : resolve()));
		const browser = createBrowserCaptcha({mode: {kind: 'cdp', endpoint: `127.0.0.1:${port}`}});
		try {
			const error = await captchaError(
				browser.forAccount({name: 'lab1', cookie: cookies.lab1}).mint(labsRequest(sim.labsUrl, 'lab1')),
			);
			expect(error.message).toMatch(
				new RegExp(
					`^lab1: the browser could not be reached at http://127\\.0\\.0\\.1:${port} \\(is Chrome running with --remote-debugging-port\\?\\): `,
				),
			);
			expect(error.message).not.toContain('\n');
		} finally {
			await browser.close();
		}
	});
});

/**
 * Issue #6, part 4: secrets. Cookies, bearer tokens and captcha tokens never appear in stdout, stderr,
 * the journal, the manifest, run.json, NDJSON, error messages or the dashboard's frames; they go only
 * to the configured labs (cookie) and API (bearer) origins, never to a CDN, a second CDN or a foreign
 * host a redirect names; the settings file is 0600; no prompt can put a file outside the output folder.
 */
import {mkdir, mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {openSettings} from '../../source/config/settings.js';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {videoFileName} from '../../source/core/filenames.js';
import {Pipeline} from '../../source/core/pipeline/index.js';
import {formatLine} from '../../source/run/report/lines.js';
import {runCli, startCli} from '../helpers/cli.js';
import {startHarness} from '../helpers/sim.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {dashboardFramesOfRun} from './dashboard-frames.js';
import {
	chaosSeed,
	checkInvariants,
	cliWorkspace,
	credentialViolations,
	expectNoViolations,
	figure,
	findSecrets,
	listFiles,
	secretPatterns,
	size,
} from './helpers.js';

const seed = chaosSeed(0x5ec);
const accounts = [
	{name: 'acc1', cookie: 'secret-session-cookie-alpha-3b7c1d'},
	{name: 'acc2', cookie: 'secret-session-cookie-bravo-8e2a90'},
	{name: 'acc3', cookie: 'secret-session-cookie-charlie-41f6'},
];
const cookies = accounts.map((account) => account.cookie);

const workspace = perTestWorkspace();

const scanned = {texts: 0, bytes: 0, frames: 0, requests: 0, leaks: 0, prompts: 0};
afterAll(() =>
	figure(
		'secrets',
		`${scanned.texts} outputs (${Math.round(scanned.bytes / 1024)} KiB) and ${scanned.frames} dashboard frames scanned, ` +
			`${scanned.requests} requests checked for where credentials went, ${scanned.prompts} hostile prompts written; ` +
			`${scanned.leaks} leaks`,
	),
);

function scan(label: string, text: string, patterns: Array<string | RegExp>): void {
	scanned.texts++;
	scanned.bytes += text.length;
	const leaks = findSecrets(text, patterns);
	scanned.leaks += leaks.length;
	expect(leaks, `${label} leaks ${leaks.join(', ')}`).toEqual([]);
}

/** Every file of a run folder except the videos, as text. */
async function runFolderTexts(out: string): Promise<Array<[string, string]>> {
	const files = (await listFiles(out)).filter((file) => !file.endsWith('.mp4'));
	return Promise.all(
		files.map(async (file) => [file, await readFile(join(out, file), 'utf8')] as [string, string]),
	);
}

function specs(prompts: string[]): SceneSpec[] {
	return prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	}));
}

describe('secrets stay secret', () => {
	it('CLI --json and --no-tui under faults and a revoked cookie: no credential in any output or file', async () => {
		const {sim, dir} = await workspace.start(
			{
				accounts,
				seed,
				generationMs: {min: 60, max: 200},
				// Tokens renewed all through the run, by use, not by a 200 ms clock: on a busy machine a token
				// could lapse before its first use twice in a row, which rightly writes its account off as
				// auth-failed, and with all three gone the run exits 3 (seen once in five loaded runs).
				tokenUses: 4,
				errorRate: 0.05,
				htmlLoginDownloads: 1,
				// 503s that quote the request's bearer and cookie back: only redacted forms may come out.
				// (Sparse: the CLI backs off for real seconds, and the point here is what gets printed.)
				faults: {resetRate: 0.03, burst5xx: {every: 15, length: 1}, echoCredentials: true},
			},
			'flowdeck-chaos-secrets-',
		);
		const prompts = Array.from({length: size(6, 30)}, (_, i) => `secret scene ${i + 1}`);
		for (const output of ['--json', '--no-tui']) {
			const ws = await cliWorkspace(sim, accounts, prompts, await mkdtemp(join(dir, 'ws-')));
			let revoked = false;
			const result = await startCli(['run', ws.scenesFile, ...ws.runFlags, output], {
				env: ws.env,
				onLine(line) {
					// acc2's cookie dies mid-run: its reason travels through events, lines and files.
					if (!revoked && /polling|"state":"polling"/.test(line) && /acc2/.test(line)) {
						revoked = true;
						sim.revokeCookie('acc2');
					}
				},
			}).result;
			// On a failure, how the accounts fared says why (exit 3: none left to submit with).
			const accountLines = result.stdout.split('\n').filter((line) => /account/.test(line));
			expect([0, 1], `${result.stderr}\n${accountLines.join('\n')}`).toContain(result.code);
			const patterns = secretPatterns(cookies, sim);
			scan(`${output} stdout`, result.stdout, patterns);
			scan(`${output} stderr`, result.stderr, patterns);
			for (const [file, text] of await runFolderTexts(ws.out)) scan(`${output} ${file}`, text, patterns);
			// The accounts file is the user's; flowdeck copies no cookie anywhere else in its folder.
			for (const file of await listFiles(ws.dir)) {
				if (file === 'accounts.json' || file.endsWith('.mp4')) continue;
				scan(`${output} workspace ${file}`, await readFile(join(ws.dir, file), 'utf8'), patterns);
			}
		}
		scanned.requests += sim.stats.requests.length;
		expect(credentialViolations(sim)).toEqual([]);
	});

	it('the dashboard: no credential on screen in any frame of a real run, details and table included', async () => {
		const harness = workspace.closeAfter(
			await startHarness(
				{
					accounts,
					seed,
					generationMs: {min: 40, max: 150},
					tokenLifetimeMs: 150,
					faults: {resetRate: 0.08},
				},
				{timeoutMs: 500},
			),
		);
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: specs(Array.from({length: size(8, 30)}, (_, i) => `screen scene ${i + 1}`)),
			accounts: harness.clients.map((client) => ({client, maxInFlight: 2})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 50,
		});
		let revoked = false;
		pipeline.on('event', (event) => {
			if (!revoked && event.type === 'scene.state' && event.state === 'polling' && event.account === 'acc1') {
				revoked = true;
				harness.sim.revokeCookie('acc1');
			}
		});
		const frames = await dashboardFramesOfRun(pipeline, harness.dir);
		scanned.frames += frames.length;
		const patterns = secretPatterns(cookies, harness.sim);
		for (const [i, frame] of frames.entries()) scan(`frame ${i}`, frame, patterns);
		const state = pipeline.getSnapshot();
		expect(state.accounts.acc1?.health).toBe('auth-failed');
	});

	it('every event of a faulty run, as readable lines: no credential', async () => {
		const harness = workspace.closeAfter(
			await startHarness({accounts, seed, generationMs: 30, faults: {resetRate: 0.1}}),
		);
		harness.sim.revokeCookie('acc3');
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: specs(['line one', 'line two', 'line three']),
			accounts: harness.clients.map((client) => ({client, maxInFlight: 2})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 50,
		});
		const lines: string[] = [];
		pipeline.on('event', (event: RunEvent) => {
			lines.push(formatLine(event, pipeline.getSnapshot()) ?? '');
		});
		await pipeline.start();
		scan('lines', lines.join('\n'), secretPatterns(cookies, harness.sim));
	});

	it('credentials go only to their own origins: not to a second CDN, a foreign redirect, or the CDN', async () => {
		const harness = workspace.closeAfter(
			await startHarness({
				accounts,
				seed,
				generationMs: 40,
				faults: {secondCdn: true, foreignRedirects: 2, foreignMediaRedirects: 2},
			}),
		);
		const scenes = specs(Array.from({length: size(6, 24)}, (_, i) => `origin scene ${i + 1}`));
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes,
			accounts: harness.clients.map((client) => ({client, maxInFlight: 2})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 50,
		});
		const events: RunEvent[] = [];
		pipeline.on('event', (event) => events.push(event));
		const state = await pipeline.start();
		const sim = harness.sim;
		scanned.requests += sim.stats.requests.length + sim.faults.requests.length;
		expect(sim.faults.injected['foreign-redirect']).toBe(2);
		expect(sim.faults.injected['foreign-media-redirect']).toBe(2);
		// A labs or API answer pointing elsewhere is never followed; a media redirect is, bare.
		const foreign = sim.faults.requests.filter((request) => request.origin === 'foreign');
		expect(foreign.map((request) => request.path.split('/')[1])).toEqual(['video', 'video']);
		for (const request of sim.faults.requests) {
			expect(request.hadCookie || request.hadAuthorization, `${request.origin} ${request.path}`).toBe(false);
			expect(request.headerNames).not.toContain('cookie');
			expect(request.headerNames).not.toContain('authorization');
		}
		expect(sim.faults.requests.filter((request) => request.origin === 'second-cdn').length).toBeGreaterThan(
			0,
		);
		expect(credentialViolations(sim)).toEqual([]);
		// The accounts whose first answer pointed away were not trusted; the rest did the work.
		const report = await checkInvariants({state, events, sim, outDir: harness.dir});
		expectNoViolations(report, 'foreign redirects');
		expect(report.done).toBe(scenes.length);
		const redirected = Object.values(state.accounts).filter((account) =>
			/another host/.test(account.reason ?? ''),
		);
		expect(redirected.length).toBe(2);
	});

	it('the settings file that holds cookies is 0600 in a 0700 folder', async () => {
		const dir = await workspace.tempDir('flowdeck-chaos-settings-');
		const configDir = join(dir, 'config');
		const store = openSettings({FLOWDECK_CONFIG_DIR: configDir});
		store.update((settings) => ({
			...settings,
			accounts: [
				...settings.accounts,
				{name: 'acc1', cookie: cookies[0]!} as (typeof settings.accounts)[number],
			],
		}));
		expect((await stat(store.path)).mode & 0o777).toBe(0o600);
		expect((await stat(configDir)).mode & 0o777).toBe(0o700);
		expect(await readFile(store.path, 'utf8')).toContain(cookies[0]);
	});

	it('no prompt can put a file outside the output folder (in-process and through the CLI)', async () => {
		const hostile = [
			'../../etc/passwd',
			'/abs/path/to/file',
			'..\\..\\windows\\system32\\x',
			'a\0b\0../../c',
			'x'.repeat(10_000),
			'....//....//....//tmp',
			'~/.ssh/authorized_keys',
			'CON',
			'.',
			'..',
			'%2e%2e%2f%2e%2e%2fetc',
			'file:///etc/shadow',
			'🎬🎬🎬',
			'\u202egnp.exe',
		];
		scanned.prompts += hostile.length * 2;
		for (const [i, prompt] of hostile.entries()) {
			expect(videoFileName(i + 1, prompt, 1)).toMatch(/^\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*-1\.mp4$/);
		}
		const harness = workspace.closeAfter(
			await startHarness({accounts: accounts.slice(0, 1), generationMs: 20}),
		);
		const out = join(harness.dir, 'deep', 'inside', 'out');
		await mkdir(out, {recursive: true});
		const pipeline = new Pipeline({
			outDir: out,
			scenes: specs(hostile),
			accounts: [{client: harness.clients[0]!, maxInFlight: 4}],
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		const state = await pipeline.start();
		expect(state.scenes.every((scene) => scene.state === 'done')).toBe(true);
		// Only the videos, each inside out/, nothing anywhere else under the temporary root.
		const everything = await listFiles(harness.dir);
		expect(everything.every((file) => file.startsWith('deep/inside/out/'))).toBe(true);
		expect(everything.filter((file) => file.endsWith('.mp4'))).toHaveLength(hostile.length);

		// The same prompts from a scene file, through the built CLI.
		const ws = await cliWorkspace(
			harness.sim,
			accounts.slice(0, 1),
			[],
			await mkdtemp(join(harness.dir, 'cli-')),
		);
		const scenesFile = join(ws.dir, 'hostile.jsonl');
		await writeFile(scenesFile, `${hostile.map((prompt) => JSON.stringify({prompt})).join('\n')}\n`);
		const result = await runCli(['run', scenesFile, ...ws.runFlags, '--json', '--max-in-flight', '4'], {
			env: ws.env,
		});
		expect(result.code, result.stderr).toBe(0);
		const files = (await listFiles(ws.dir)).filter(
			(file) => !['accounts.json', 'hostile.jsonl', 'scenes.txt'].includes(file),
		);
		expect(
			files.every((file) => file.startsWith('out/')),
			files.join(', '),
		).toBe(true);
		expect(files.filter((file) => file.endsWith('.mp4'))).toHaveLength(hostile.length);
	});
});

import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseNdjson, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

// `--captcha browser` end to end (issue 9): the built CLI starts Debian's Chromium, one context per
// account, and mints every generate call's token on that account's stand-in project page.
const chromium = '/usr/bin/chromium';
const haveChromium = existsSync(chromium);
if (!haveChromium && process.env.FLOWDECK_REQUIRE_CHROMIUM === '1') {
	throw new Error(
		`${chromium} is missing and FLOWDECK_REQUIRE_CHROMIUM=1: install it (apt-get install chromium)`,
	);
}

const workspace = perTestWorkspace();

const google = {
	SAPISID: 'sapisid-acc2-77b1',
	'__Secure-1PSID': 'g.a000psid-acc2-c3d0',
	OSID: 'osid-acc2-9e42',
};
const googleHeader = Object.entries(google)
	.map(([name, value]) => `${name}=${value}`)
	.join('; ');
const secrets = ['labs-cookie-acc1-5a0c', 'labs-cookie-acc2-e81f', ...Object.values(google)];

/** The pids of the Chromium processes the CLI started (its direct children). */
function browserPids(cliPid: number): number[] {
	try {
		return execFileSync('pgrep', ['-P', String(cliPid)], {encoding: 'utf8'})
			.split('\n')
			.filter(Boolean)
			.map(Number)
			.filter((pid) => {
				try {
					return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], {encoding: 'utf8'}).includes('chrom');
				} catch {
					return false;
				}
			});
	} catch {
		return [];
	}
}

describe.skipIf(!haveChromium)('flowdeck run --captcha browser (built CLI, real Chromium)', () => {
	it('mints a fresh token per generate in the right account context and survives a killed browser', async () => {
		const {sim, dir} = await workspace.start(
			{
				accounts: [
					{name: 'acc1', cookie: 'labs-cookie-acc1-5a0c'},
					{name: 'acc2', cookie: 'labs-cookie-acc2-e81f', googleCookies: googleHeader, migrated: true},
				],
				generationMs: {min: 150, max: 400},
				seed: 3,
			},
			'flowdeck-browser-',
		);
		const accountsFile = join(dir, 'accounts.json');
		await writeFile(
			accountsFile,
			JSON.stringify({
				accounts: [
					{name: 'acc1', cookie: 'labs-cookie-acc1-5a0c'},
					{name: 'acc2', googleCookies: googleHeader},
				],
			}),
		);
		const prompts = Array.from(
			{length: 10},
			(_, i) => `Scene ${i + 1}: lanterns over a harbour, take ${i + 1}`,
		);
		const scenesFile = join(dir, 'scenes.txt');
		await writeFile(scenesFile, `${prompts.join('\n')}\n`);
		const out = join(dir, 'out');
		let killed: number[] = [];
		let killedAt = 0;
		let submitted = 0;
		const run = startCli(
			[
				'run',
				scenesFile,
				'--accounts',
				accountsFile,
				'--out',
				out,
				'--captcha',
				'browser',
				'--browser-path',
				chromium,
				'--max-in-flight',
				'2',
				'--poll-interval',
				'0.05',
				'--submit-gap',
				'0',
				'--json',
			],
			{
				env: {
					FLOWDECK_API_URL: sim.apiUrl,
					FLOWDECK_LABS_URL: sim.labsUrl,
					FLOWDECK_FLOW_URL: sim.flowUrl,
					FLOWDECK_CONFIG_DIR: join(dir, 'config'),
				},
				onLine: (line, child) => {
					const event = JSON.parse(line) as {type: string; state?: string};
					if (event.type !== 'scene.state' || event.state !== 'polling') return;
					submitted++;
					// Half-way through, the browser dies (OOM killer, a crash): the run must go on.
					if (submitted === 4 && killed.length === 0 && child.pid) {
						killed = browserPids(child.pid);
						killedAt = Date.now();
						for (const pid of killed) process.kill(pid, 'SIGKILL');
					}
				},
			},
		);
		const result = await run.result;
		expect(result.stderr).toBe('');
		expect(killed.length).toBeGreaterThan(0);
		expect(result.code).toBe(0);
		const events = parseNdjson(result.stdout);
		expect(events.at(-1)).toMatchObject({type: 'run.end', done: 10, failed: 0});

		// Each scene submitted once, by both accounts, each with a token nobody had used before: the
		// simulator accepts a token only from the account whose page minted it, and only once.
		const submits = sim.stats.submits;
		expect(new Set(submits.map((s) => s.prompt)).size).toBe(10);
		expect(submits).toHaveLength(10);
		expect(new Set(submits.map((s) => s.account))).toEqual(new Set(['acc1', 'acc2']));
		expect(new Set(submits.map((s) => s.captchaToken)).size).toBe(submits.length);

		// Every token came from a page: labs for acc1, the flow.google.com stand-in for acc2.
		const minted = sim.stats.captchaMints.filter((m) => m.outcome === 'minted');
		expect(minted.length).toBeGreaterThanOrEqual(submits.length);
		for (const mint of minted) {
			expect(mint.origin).toBe(mint.account === 'acc1' ? 'labs' : 'flow');
			expect(mint.carried).toEqual([mint.account]);
			expect(mint.action).toBe('VIDEO_GENERATION');
		}
		expect(sim.stats.crossAccountCookieMints).toHaveLength(0);
		expect(sim.stats.crossAccountAttempts).toHaveLength(0);

		// The killed browser was replaced: tokens were minted after it died, and no Chromium is left.
		expect(minted.filter((m) => m.ts > killedAt).length).toBeGreaterThan(0);
		expect(browserPids(run.child.pid!)).toEqual([]);
		for (const pid of killed) expect(() => process.kill(pid, 0)).toThrow();
		expect((await readdir(out)).filter((f) => f.endsWith('.mp4'))).toHaveLength(10);

		const written = [
			result.stdout,
			result.stderr,
			await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8'),
		];
		for (const text of written) for (const secret of secrets) expect(text).not.toContain(secret);
	}, 90_000);

	it.each([
		[
			['--captcha', 'browser', '--browser-path', '/nonexistent/chrome'],
			'--browser-path /nonexistent/chrome: no such executable',
		],
		[['--captcha', 'cdp=127.0.0.1:9'], '--captcha cdp=127.0.0.1:9: no Chrome answers there'],
	])('%j that cannot work is one line before anything is sent (exit 2)', async (flags, message) => {
		const {sim, dir} = await workspace.start(
			{accounts: [{name: 'acc1', cookie: 'labs-cookie-acc1-5a0c'}], seed: 4},
			'flowdeck-browser-',
		);
		const accountsFile = join(dir, 'accounts.json');
		await writeFile(
			accountsFile,
			JSON.stringify({accounts: [{name: 'acc1', cookie: 'labs-cookie-acc1-5a0c'}]}),
		);
		const scenesFile = join(dir, 'scenes.txt');
		await writeFile(scenesFile, 'a heron at dawn\n');
		const env = {
			FLOWDECK_API_URL: sim.apiUrl,
			FLOWDECK_LABS_URL: sim.labsUrl,
			FLOWDECK_FLOW_URL: sim.flowUrl,
			FLOWDECK_CONFIG_DIR: join(dir, 'config'),
		};
		const args = ['run', scenesFile, '--accounts', accountsFile, '--out', join(dir, 'out'), '--no-tui'];
		const result = await startCli([...args, ...flags], {env}).result;
		expect(result.code).toBe(2);
		expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`flowdeck: ${message}`)]);
		expect(result.stdout).toBe('');
		expect(sim.stats.requests).toHaveLength(0);
	});
});

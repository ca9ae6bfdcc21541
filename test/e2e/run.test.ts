import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {SimulatorOptions} from '../../source/simulator/index.js';
import {parseNdjson, runCli, startCli, uniqueTokenCommand} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

const workspace = perTestWorkspace();

const accounts = [
	{name: 'acc1', cookie: 'secret-cookie-one-3f9a'},
	{name: 'acc2', cookie: 'secret-cookie-two-81bc'},
	{name: 'acc3', cookie: 'secret-cookie-three-77de'},
];

async function setup(simOptions: Partial<SimulatorOptions>, prompts: string[]) {
	const {sim, dir} = await workspace.start({accounts, ...simOptions}, 'flowdeck-e2e-');
	const accountsFile = join(dir, 'accounts.json');
	await writeFile(
		accountsFile,
		JSON.stringify({accounts: accounts.map(({name, cookie}) => ({name, cookie}))}),
	);
	const scenesFile = join(dir, 'scenes.txt');
	await writeFile(scenesFile, `# e2e script\n${prompts.join('\n')}\n`);
	const out = join(dir, 'out');
	const env = {
		FLOWDECK_API_URL: sim.apiUrl,
		FLOWDECK_LABS_URL: sim.labsUrl,
		FLOWDECK_CONFIG_DIR: join(dir, 'config'),
	};
	const flags = [
		'--accounts',
		accountsFile,
		'--out',
		out,
		'--captcha-command',
		uniqueTokenCommand,
		'--poll-interval',
		'0.05',
		'--submit-gap',
		'0',
	];
	return {accountsFile, scenesFile, out, env, flags};
}

type Manifest = {
	scenes: Array<{
		index: number;
		state: string;
		account: string | null;
		files: string[];
		error: string | null;
	}>;
};

async function assertFilesByteExact(out: string, manifest: Manifest, journal: string) {
	const media = new Map<string, string>();
	for (const line of journal.trim().split('\n')) {
		const event = JSON.parse(line);
		if (event.type === 'media.state' && event.state === 'downloaded') media.set(event.file, event.name);
	}
	for (const scene of manifest.scenes.filter((s) => s.state === 'done')) {
		for (const file of scene.files) {
			const name = media.get(file);
			expect(name, file).toBeDefined();
			expect(workspace.sim!.ownerOf(name!)).toBe(scene.account);
			const bytes = await readFile(join(out, file));
			expect(bytes.equals(workspace.sim!.videoBytesFor(name!)), file).toBe(true);
		}
	}
}

function assertNoCrossAccountRequests() {
	expect(workspace.sim!.stats.crossAccountAttempts).toHaveLength(0);
	for (const request of workspace.sim!.stats.requests) {
		for (const name of request.mediaNames) {
			if (request.origin === 'cdn') {
				expect(request.hadCookie || request.hadAuthorization).toBe(false);
				continue;
			}
			expect(request.account, `${request.method} ${request.path}`).toBe(workspace.sim!.ownerOf(name));
		}
	}
}

describe('flowdeck run (built CLI against the simulator)', () => {
	it('3 accounts, 14 scenes × 2 copies, faults injected: exit 1, every other video byte-exact, nothing leaked', async () => {
		const prompts = Array.from({length: 13}, (_, i) => `Cảnh ${i + 1}: một con mèo đi dạo trên phố`);
		prompts.splice(6, 0, 'a [policy] blocked scene');
		const {out, env, flags, scenesFile} = await setup(
			{
				generationMs: {min: 80, max: 200},
				// Expiry by use, not by the clock: a busy machine cannot expire a token before its first use.
				tokenUses: 4,
				errorRate: 0.05,
				truncateDownloads: 1,
				seed: 42,
				accounts: accounts.map((a) => ({...a, maxInFlight: 3})),
			},
			prompts,
		);
		const result = await runCli(['run', scenesFile, ...flags, '--copies', '2', '--json'], {env});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(1);
		const events = parseNdjson(result.stdout);
		expect(events.at(-1)).toMatchObject({type: 'run.end', done: 13, failed: 1, skipped: 0, inDoubt: 0});
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
		expect(manifest.scenes[6]).toMatchObject({
			state: 'failed',
			error: 'blocked by policy: the safety filter refused the prompt',
		});
		const journal = await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8');
		await assertFilesByteExact(out, manifest, journal);
		expect((await readdir(out)).filter((f) => f.endsWith('.mp4'))).toHaveLength(26);
		// Each scene submitted exactly once, every account used.
		const perPrompt = new Map<string, number>();
		for (const submit of workspace.sim!.stats.submits)
			perPrompt.set(submit.prompt, (perPrompt.get(submit.prompt) ?? 0) + 1);
		expect([...perPrompt.values()].every((n) => n === 1)).toBe(true);
		expect(perPrompt.size).toBe(14);
		expect(new Set(workspace.sim!.stats.submits.map((s) => s.account))).toEqual(
			new Set(['acc1', 'acc2', 'acc3']),
		);
		assertNoCrossAccountRequests();
		// Tokens were renewed during the run (lifetime 300 ms).
		expect(
			workspace.sim!.stats.requests.filter((r) => r.path === '/fx/api/auth/session').length,
		).toBeGreaterThan(3);
		// No secret anywhere a user or a log sees.
		const manifestText = await readFile(join(out, 'manifest.json'), 'utf8');
		const runFile = await readFile(join(out, '.flowdeck', 'run.json'), 'utf8');
		for (const text of [result.stdout, result.stderr, journal, manifestText, runFile]) {
			for (const account of accounts) expect(text).not.toContain(account.cookie);
			expect(text).not.toMatch(/ya29\./);
		}
		// The video names follow <NNN>-<slug>-<copy>.mp4 with the Vietnamese transliterated.
		expect(manifest.scenes[0]?.files).toEqual([
			'001-canh-1-mot-con-meo-di-dao-tren-pho-1.mp4',
			'001-canh-1-mot-con-meo-di-dao-tren-pho-2.mp4',
		]);
	});

	it('--no-tui prints one readable line per state change', async () => {
		const {env, flags, scenesFile} = await setup({generationMs: 30}, ['a calm lake', 'a busy street']);
		const result = await runCli(['run', scenesFile, ...flags, '--no-tui'], {env});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/scene 1 \[acc\d\] submitting/);
		expect(result.stdout).toMatch(/scene 2 \[acc\d\] done 002-a-busy-street-1\.mp4/);
		expect(result.stdout).toMatch(/finished in .*: 2 done, 0 failed, 0 skipped, 0 in doubt/);
	});

	it('refuses an output folder that holds a run, and --new-run starts afresh', async () => {
		const {env, flags, scenesFile} = await setup({generationMs: 20}, ['one']);
		expect((await runCli(['run', scenesFile, ...flags, '--json'], {env})).code).toBe(0);
		const again = await runCli(['run', scenesFile, ...flags, '--json'], {env});
		expect(again.code).toBe(2);
		expect(again.stderr).toMatch(/already holds a run: `flowdeck resume .*` continues it, or pass --new-run/);
		expect(workspace.sim!.stats.submits).toHaveLength(1);
		expect((await runCli(['run', scenesFile, ...flags, '--json', '--new-run'], {env})).code).toBe(0);
		expect(workspace.sim!.stats.submits).toHaveLength(2);
	});

	it('bad input: a malformed scene file submits nothing and exits 2 naming the line', async () => {
		const {env, flags} = await setup({}, ['x']);
		const bad = join(workspace.dir!, 'scenes.jsonl');
		await writeFile(bad, '{"prompt":"ok"}\n{"prompt":"two","copies":9}\n');
		const result = await runCli(['run', bad, ...flags], {env});
		expect(result.code).toBe(2);
		expect(result.stderr.trim()).toBe('flowdeck: scenes.jsonl:2: copies must be 1-4');
		expect(workspace.sim!.stats.requests).toHaveLength(0);
	});

	it('bad usage exits 2 with one line', async () => {
		const {env, flags, scenesFile} = await setup({}, ['x']);
		const result = await runCli(['run', scenesFile, ...flags, '--copies', '7'], {env});
		expect(result.code).toBe(2);
		expect(result.stderr.trim()).toBe('flowdeck: --copies must be a whole number from 1 to 4 (got "7")');
	});

	it('no usable account: exit 3, nothing submitted, resume later continues', async () => {
		const {env, flags, scenesFile, out} = await setup({generationMs: 20}, ['a', 'b']);
		for (const account of accounts) workspace.sim!.revokeCookie(account.name);
		const result = await runCli(['run', scenesFile, ...flags, '--json'], {env});
		expect(result.code).toBe(3);
		expect(workspace.sim!.stats.submits).toHaveLength(0);
		const states = parseNdjson(result.stdout)
			.filter((e) => e.type === 'account.state')
			.map((e) => e.health);
		expect(states).toEqual(['auth-failed', 'auth-failed', 'auth-failed']);
		expect(out).toBeTruthy();
	});
});

describe('flowdeck resume after kill -9', () => {
	async function killAt(
		prompts: string[],
		simOptions: Partial<SimulatorOptions>,
		when: (event: Record<string, unknown>) => boolean,
		extra: string[] = [],
	) {
		const setupResult = await setup(simOptions, prompts);
		const {env, flags, scenesFile} = setupResult;
		let killed = false;
		const first = await startCli(['run', scenesFile, ...flags, '--json', ...extra], {
			env,
			onLine(line, child) {
				if (killed) return;
				if (when(JSON.parse(line))) {
					killed = true;
					child.kill('SIGKILL');
				}
			},
		}).result;
		expect(first.signal).toBe('SIGKILL');
		return setupResult;
	}

	async function resumeAndCheck(out: string, env: NodeJS.ProcessEnv, flags: string[], extra: string[] = []) {
		const accountsAt = flags.indexOf('--accounts');
		const resumeFlags = [
			flags[accountsAt]!,
			flags[accountsAt + 1]!,
			'--captcha-command',
			uniqueTokenCommand,
			'--poll-interval',
			'0.05',
		];
		const result = await runCli(['resume', out, ...resumeFlags, '--json', ...extra], {env});
		return result;
	}

	it('killed while polling: resume finishes, nothing acknowledged is submitted twice', async () => {
		const prompts = [
			'first scene',
			'second scene',
			'third scene',
			'fourth scene',
			'fifth scene',
			'sixth scene',
		];
		const {out, env, flags} = await killAt(
			prompts,
			{generationMs: 400},
			(e) => e.type === 'scene.state' && e.state === 'polling' && e.scene === 3,
		);
		const submittedBefore = workspace.sim!.stats.submits.length;
		expect(submittedBefore).toBeGreaterThanOrEqual(3);
		const result = await resumeAndCheck(out, env, flags);
		expect(result.stderr).toBe('');
		const events = parseNdjson(result.stdout);
		expect(events.find((e) => e.type === 'run.start')).toMatchObject({resumed: true});
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
		const counts = new Map<string, number>();
		for (const submit of workspace.sim!.stats.submits)
			counts.set(submit.prompt, (counts.get(submit.prompt) ?? 0) + 1);
		const inDoubt = manifest.scenes.filter((s) => s.state === 'in-doubt');
		// Only a scene whose submit was cut off unanswered may have reached Flow twice... and it is never resent.
		expect([...counts.values()].every((n) => n === 1)).toBe(true);
		expect(manifest.scenes.filter((s) => s.state === 'done').length + inDoubt.length).toBe(6);
		expect(result.code).toBe(inDoubt.length > 0 ? 1 : 0);
		await assertFilesByteExact(
			out,
			manifest,
			await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8'),
		);
		assertNoCrossAccountRequests();
	});

	it('killed before the first submit was acknowledged: in doubt, never resent unless asked', async () => {
		const {out, env, flags} = await killAt(
			['only scene'],
			{generationMs: 50, slowMs: 300},
			(e) => e.type === 'scene.state' && e.state === 'submitting',
		);
		const resumed = await resumeAndCheck(out, env, flags);
		expect(resumed.code).toBe(1);
		const end = parseNdjson(resumed.stdout).at(-1);
		expect(end).toMatchObject({type: 'run.end', inDoubt: 1, done: 0});
		// Give the simulator time to finish the cut-off submit, so the count is final.
		await new Promise((resolve) => setTimeout(resolve, 400));
		const before = workspace.sim!.stats.submits.length;
		expect(before).toBeLessThanOrEqual(1);
		const again = await resumeAndCheck(out, env, flags, ['--resubmit-in-doubt']);
		expect(again.code).toBe(0);
		expect(workspace.sim!.stats.submits.length).toBe(before + 1);
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
		expect(manifest.scenes[0]).toMatchObject({state: 'done'});
		await assertFilesByteExact(
			out,
			manifest,
			await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8'),
		);
	});

	it('killed mid-download: resume downloads again and leaves no .part file', async () => {
		// Killed at a download only once every submit was answered (a scene's download follows its
		// own answer, so one always comes after the last answer): no scene is left in doubt by a kill
		// that happened to cut a submit short, whatever the machine's pace.
		const answered = new Set<unknown>();
		const {out, env, flags} = await killAt(
			['big one', 'big two', 'big three'],
			{generationMs: 50, videoBytes: 24 * 1024 * 1024},
			(e) => {
				if (e.type !== 'scene.state') return false;
				if (e.state === 'polling') answered.add(e.scene);
				return e.state === 'downloading' && answered.size === 3;
			},
		);
		const result = await resumeAndCheck(out, env, flags);
		expect(result.code).toBe(0);
		const files = await readdir(out);
		expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
		expect(manifest.scenes.map((s) => s.state)).toEqual(['done', 'done', 'done']);
		await assertFilesByteExact(
			out,
			manifest,
			await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8'),
		);
		expect(workspace.sim!.stats.submits).toHaveLength(3);
	});
});

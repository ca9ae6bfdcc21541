/**
 * The built CLI in a real terminal: `flowdeck demo` inside a private tmux server, driven with
 * send-keys and read back with capture-pane, as a person over SSH would see it.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, tmuxOn} from '../helpers/tmux.js';

const cli = resolve('dist/cli.js');
const socket = `flowdeck-test-${process.pid}`;
// A UTF-8 locale for tmux itself; CI=0 because Ink draws only the last frame when it thinks it runs in CI.
const env = {...process.env, LANG: 'C.UTF-8', LC_ALL: '', CI: '0', NO_COLOR: '', FORCE_COLOR: ''};
const tmux = tmuxOn(socket, env);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

let dir = '';

function start(name: string, size: {columns: number; rows: number}, command: string): void {
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		String(size.columns),
		'-y',
		String(size.rows),
		'-c',
		dir,
		command,
	);
}

const capture = (name: string, escapes = false): string =>
	tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);

/** How the pane's command ended, as test/helpers/record-exit.cjs wrote it; undefined while it runs. */
function exitOf(name: string): {status: number; signal: string} | undefined {
	const file = join(dir, `${name}.exit.json`);
	if (!existsSync(file)) return undefined;
	const {status, signal} = JSON.parse(readFileSync(file, 'utf8')) as {status: number | null; signal: string};
	return {status: status ?? -1, signal};
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

const waitForScreen = (name: string, what: string, test: (screen: string) => boolean, timeoutMs = 20_000) =>
	waitFor(
		what,
		() => {
			const screen = capture(name);
			return test(screen) ? screen : undefined;
		},
		timeoutMs,
	).catch((error: Error) => {
		throw new Error(`${error.message}; the screen:\n${capture(name)}`);
	});

const waitForExit = (name: string, timeoutMs: number) =>
	waitFor(`${name} to exit`, () => exitOf(name), timeoutMs).catch((error: Error) => {
		throw new Error(`${error.message}; the screen:\n${capture(name)}`);
	});

const recordExit = resolve('test/helpers/record-exit.cjs');

/** The CLI in a pane, wrapped so that how it ended is written to `<dir>/<name>.exit.json`. */
const run = (name: string, args: string, extraEnv = '') =>
	`env ${extraEnv} ${process.execPath} ${recordExit} ${join(dir, `${name}.exit.json`)} ${process.execPath} ${cli} ${args}`;

describe.skipIf(!hasTmux)('flowdeck in tmux', () => {
	beforeAll(async () => {
		if (!existsSync(cli)) {
			// .ci/run builds first; a bare `vitest` run builds here (type errors elsewhere still emit).
			try {
				execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], {stdio: 'ignore'});
			} catch {}
		}
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-tmux-'));
		// A placeholder session keeps the server up, and the option below applies to every pane:
		// a finished command's pane stays, so its last screen can be read.
		tmux('new-session', '-d', '-s', 'keep', '-c', dir, 'sleep 600');
		tmux('set-option', '-g', 'remain-on-exit', 'on');
	});

	afterAll(async () => {
		try {
			tmux('kill-server');
		} catch {}
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	it('demo: columns and done scenes show; ? helps; q then y quits (130); resume finishes the run', async () => {
		start('demo', {columns: 100, rows: 30}, run('demo', 'demo'));
		const screen = await waitForScreen(
			'demo',
			'three account columns and a scene done',
			(text) =>
				['demo1', 'demo2', 'demo3'].every((name) => text.includes(name)) && /✓ [1-9]\d* done/.test(text),
			60_000,
		);
		// One line short of the pane: Ink never has to clear the screen to redraw.
		expect(screen.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(29);
		expect(capture('demo', true)).toMatch(/\x1b\[[0-9;]*m/);
		// Paused, nothing new is submitted, so the run cannot end before the keys below.
		tmux('send-keys', '-t', 'demo', 'p');
		await waitForScreen('demo', 'PAUSED', (text) => text.includes('PAUSED'));
		tmux('send-keys', '-t', 'demo', '?');
		const help = await waitForScreen('demo', 'the help', (text) => text.includes('this help'));
		expect(help).toContain('retry every failed scene');
		tmux('send-keys', '-t', 'demo', '?');
		await waitForScreen(
			'demo',
			'the help to close',
			(text) => !text.includes('this help') && text.includes('demo2'),
		);
		tmux('send-keys', '-t', 'demo', 'q');
		await waitForScreen('demo', 'the quit question', (text) => text.includes('Quit now?'));
		tmux('send-keys', '-t', 'demo', 'y');
		const quit = await waitForExit('demo', 20_000);
		expect(quit).toMatchObject({signal: '', status: 130});
		expect(capture('demo')).toContain('flowdeck resume ./flowdeck-demo');

		start('resume', {columns: 100, rows: 30}, run('resume', 'resume ./flowdeck-demo'));
		// The policy-blocked scene fails; with a person watching, the run then waits for `r` or `q`.
		await waitForScreen('resume', 'the idle hint', (text) => text.includes('nothing left to run'), 75_000);
		tmux('send-keys', '-t', 'resume', 'q');
		const resumed = await waitForExit('resume', 20_000);
		const last = capture('resume');
		expect(last).toMatch(/finished in/);
		// The scene the safety filter refuses fails (exit 1); every other one is done.
		expect(resumed.signal).toBe('');
		expect([0, 1]).toContain(resumed.status);
		const manifest = JSON.parse(await readFile(join(dir, 'flowdeck-demo', 'manifest.json'), 'utf8')) as {
			scenes: Array<{prompt: string; state: string; files: string[]}>;
		};
		expect(manifest.scenes).toHaveLength(18);
		for (const scene of manifest.scenes) {
			if (scene.prompt.includes('[policy]')) expect(scene.state).toBe('failed');
			else if (scene.prompt.includes('upscaled'))
				expect(scene).toMatchObject({
					state: 'done',
					files: [expect.stringMatching(/-1\.mp4$/), expect.stringMatching(/-1-1080p\.mp4$/)],
				});
			else expect(scene).toMatchObject({state: 'done', files: [expect.stringMatching(/\.mp4$/)]});
		}
	}, 150_000);

	it('NO_COLOR and --ascii at 80x24: no escape for colour, not one non-ASCII character', async () => {
		start('plain', {columns: 80, rows: 24}, run('plain', 'demo --ascii --out ./plain', 'NO_COLOR=1'));
		await waitForScreen(
			'plain',
			'the dashboard',
			(text) => text.includes('demo3') && text.includes('running'),
			30_000,
		);
		const screen = capture('plain', true);
		expect(screen).not.toMatch(/\x1b\[[0-9;]*m/);
		expect(screen).not.toMatch(/[^\x00-\x7F]/);
		expect(screen).toContain('+---');
		for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		// Ctrl-C twice: stop submitting, then stop at once.
		tmux('send-keys', '-t', 'plain', 'C-c');
		await waitForScreen('plain', 'STOPPING', (text) => text.includes('STOPPING'));
		tmux('send-keys', '-t', 'plain', 'C-c');
		const stopped = await waitForExit('plain', 20_000);
		expect(stopped).toMatchObject({signal: '', status: 130});
	}, 60_000);
});

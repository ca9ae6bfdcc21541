// startupMs: spawn to the dashboard's first frame, measured three ways. In a fresh child that imports
// the dashboard cold and renders into a fake terminal (startupMs); the real CLI (`flowdeck demo`) in
// a pseudo-terminal made by script(1), to its first byte (startupPtyMs); and the headless path,
// `flowdeck demo --json` with a pipe for stdout, to its first NDJSON line (startupHeadlessMs).
import {spawn, spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {forkChild} from './common.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

async function dashboardFirstFrame() {
	const started = performance.now();
	const {child, first} = forkChild('startup-child.js');
	const message = await first;
	const ms = performance.now() - started;
	child.kill('SIGKILL');
	return {ms, inChildMs: message.firstFrameMs};
}

/** Spawn to the first byte on stdout, then the process group is ended. */
export function firstOutput(command, args, cwd, env = {}) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {
			cwd,
			detached: true,
			stdio: ['ignore', 'pipe', 'ignore'],
			env: {...process.env, CI: '0', FLOWDECK_CONFIG_DIR: cwd, LANG: 'C.UTF-8', ...env},
		});
		child.once('error', reject);
		child.stdout.once('data', () => {
			const ms = performance.now() - started;
			process.kill(-child.pid, 'SIGKILL');
			resolve(ms);
		});
	});
}

export async function startup({tries = 5} = {}) {
	const dir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-start-'));
	const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;
	const frames = [];
	const pty = [];
	const headless = [];
	try {
		for (let i = 0; i < tries; i++) {
			frames.push(await dashboardFirstFrame());
			const out = join(dir, `demo-${i}`);
			headless.push(
				await firstOutput(process.execPath, [cli, 'demo', '--json', '--out', `${out}-json`], dir),
			);
			if (hasScript) {
				const command = `${process.execPath} ${cli} demo --out ${out}-tty`;
				pty.push(await firstOutput('script', ['-qfec', command, '/dev/null'], dir));
			}
		}
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
	return {
		startupMs: median(frames.map((frame) => frame.ms)),
		startupInChildMs: median(frames.map((frame) => frame.inChildMs)),
		startupPtyMs: hasScript ? median(pty) : null,
		startupHeadlessMs: median(headless),
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await startup()));
}

import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Simulator} from '../../source/simulator/index.js';
import {uniqueTokenCommand} from './cli.js';
import {startWorkspace} from './workspace.js';

/**
 * A run of the built CLI against a simulator whose clock stands still: a video it accepts stays
 * generating until the test calls `release()`, however slow the machine. A test stops the run at a
 * known point (Ctrl-C, a closed stdout), then lets the videos finish, and judges the final state,
 * never how long anything took.
 */
export type HeldRun = {
	sim: Simulator;
	dir: string;
	out: string;
	env: NodeJS.ProcessEnv;
	/** `run <scenes> <mode> …`: one account, one video in flight, so the other scenes wait their turn. */
	args(mode: '--json' | '--no-tui'): string[];
	/** Moves the simulator's clock past every generation: what was generating is done. */
	release(): void;
	journal(): Promise<Array<Record<string, unknown>>>;
	manifest(): Promise<{scenes: Array<{index: number; state: string; files: string[]}>}>;
	close(): Promise<void>;
};

const account = {name: 'acc1', cookie: 'held-run-secret-cookie-5e1f'};
const generationMs = 10_000;

/**
 * With `settings`, the account is saved in a settings file (FLOWDECK_CONFIG_DIR/config.json), as
 * `flowdeck accounts add` leaves it, so the run loads conf; else it comes from an accounts file.
 */
export async function startHeldRun({settings, scenes = 3}: {settings: boolean; scenes?: number}) {
	let clock = Date.now();
	const {sim, dir, close} = await startWorkspace(
		{accounts: [account], generationMs, now: () => clock},
		'flowdeck-held-',
	);
	const configDir = join(dir, 'config');
	const out = join(dir, 'out');
	const scenesFile = join(dir, 'scenes.txt');
	await writeFile(
		scenesFile,
		`${Array.from({length: scenes}, (_, i) => `held scene ${i + 1}`).join('\n')}\n`,
	);
	const accountsFlags: string[] = [];
	if (settings) {
		await mkdir(configDir, {recursive: true, mode: 0o700});
		await writeFile(join(configDir, 'config.json'), JSON.stringify({accounts: [account]}), {mode: 0o600});
	} else {
		const accountsFile = join(dir, 'accounts.json');
		await writeFile(accountsFile, JSON.stringify({accounts: [account]}));
		accountsFlags.push('--accounts', accountsFile);
	}
	const run: HeldRun = {
		sim,
		dir,
		out,
		env: {
			FLOWDECK_CONFIG_DIR: configDir,
			FLOWDECK_API_URL: sim.apiUrl,
			FLOWDECK_LABS_URL: sim.labsUrl,
			FLOWDECK_FLOW_URL: sim.flowUrl,
		},
		args: (mode) => [
			'run',
			scenesFile,
			mode,
			...accountsFlags,
			'--yes',
			'--out',
			out,
			'--captcha-command',
			uniqueTokenCommand,
			'--max-in-flight',
			'1',
			'--poll-interval',
			'0.05',
			'--submit-gap',
			'0',
		],
		release() {
			clock += 2 * generationMs;
		},
		async journal() {
			const text = await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8').catch(() => '');
			return text
				.split('\n')
				.filter((line) => line.trim() !== '')
				.map((line) => JSON.parse(line) as Record<string, unknown>);
		},
		async manifest() {
			return JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
		},
		close,
	};
	return run;
}

/** Waits until `check` holds: for output a process writes, never a fixed sleep. */
export async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
	while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A line with the `scene 1 … polling` state: Flow has accepted scene 1, its credits are spent. */
export function isFirstScenePolling(line: string): boolean {
	if (line.startsWith('{')) {
		const event = JSON.parse(line) as Record<string, unknown>;
		return event.type === 'scene.state' && event.scene === 1 && event.state === 'polling';
	}
	return /scene 1 \[acc1\] polling/.test(line);
}

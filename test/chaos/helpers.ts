/**
 * Shared by the chaos suite: its size (CHAOS_SCALE), a seeded RNG, a catcher for unhandled
 * rejections, and the invariants every faulty run must keep (nothing lost, nothing submitted twice,
 * nothing leaked).
 */
import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join, relative, sep} from 'node:path';
import {expect} from 'vitest';
import type {RunEvent} from '../../source/core/events.js';
import {readJournal, replay} from '../../source/core/journal/index.js';
import {readRunFile} from '../../source/core/run-file.js';
import {initialRunState, type RunState, type SceneView} from '../../source/core/run-state.js';
import type {Simulator} from '../../source/simulator/index.js';
import {seededRandom} from '../../source/simulator/shared/random.js';
import {uniqueTokenCommand} from '../helpers/cli.js';

/** `CHAOS_SCALE=full` (npm run test:chaos) runs the big numbers; the default is the short form CI runs. */
export const full = process.env.CHAOS_SCALE === 'full';
export const size = (short: number, big: number): number => (full ? big : short);

const givenSeed = Number(process.env.CHAOS_SEED);
/** Every test file draws its own base seed and prints it; `CHAOS_SEED=<it>` replays that draw. */
export const baseSeed =
	Number.isInteger(givenSeed) && process.env.CHAOS_SEED !== '' ? givenSeed >>> 0 : Date.now() % 1_000_000_007;

/** A seed for one part of a file's draw (salted, so parts do not share a stream). */
export const chaosSeed = (salt: number): number => (baseSeed ^ salt) >>> 0;

export type Rng = {
	next(): number;
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(p: number): boolean;
};

export function rng(seed: number): Rng {
	const next = seededRandom(seed);
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
		chance: (p) => next() < p,
	};
}

/** The figures the suite prints (and docs/reliability-section.md quotes). */
export function figure(area: string, text: string): void {
	console.log(`CHAOS ${area}: ${text}${full ? '' : ' (short form)'} [CHAOS_SEED=${baseSeed}]`);
}

/**
 * Collects unhandled rejections and uncaught exceptions while a test runs; `stop()` returns them.
 * A crash-proof run leaves the list empty.
 */
export function catchUnhandled(): {stop(): unknown[]} {
	const caught: unknown[] = [];
	const onError = (error: unknown) => caught.push(error);
	process.on('unhandledRejection', onError);
	process.on('uncaughtException', onError);
	return {
		stop() {
			process.off('unhandledRejection', onError);
			process.off('uncaughtException', onError);
			return caught;
		},
	};
}

/** Every credential the simulator could have handed out or been handed, as patterns. */
export function secretPatterns(cookies: string[], sim?: Simulator): Array<string | RegExp> {
	const captchas = sim?.stats.submits.map((submit) => submit.captchaToken) ?? [];
	// AJvLN6…: the shape of the flow stand-in's `at` (XSRF) tokens.
	return [
		...cookies,
		...captchas,
		/ya29\.[\w-]{8}/,
		/0cAFcWe[\w-]{8}/,
		/AJvLN6[\w-]{8}/,
		/next-auth\.session-token=/,
	];
}

export function findSecrets(text: string, patterns: Array<string | RegExp>): string[] {
	const found: string[] = [];
	for (const pattern of patterns) {
		if (typeof pattern === 'string' ? pattern !== '' && text.includes(pattern) : pattern.test(text)) {
			found.push(String(pattern).slice(0, 24));
		}
	}
	return found;
}

/** Cookies went only to labs and flow, bearers only to the API, the CDN and extra origins got neither. */
export function credentialViolations(sim: Simulator): string[] {
	const problems: string[] = [];
	for (const request of sim.stats.requests) {
		const where = `${request.origin} ${request.method} ${request.path}`;
		// flow.google.com takes Google cookies (its own account's: crossAccountAttempts below); no other origin may.
		if (!['labs', 'flow'].includes(request.origin) && request.hadCookie)
			problems.push(`cookie sent to ${where}`);
		if (request.origin !== 'flow' && request.googleCookiesOf.length > 0) {
			problems.push(`Google cookies sent to ${where}`);
		}
		if (request.origin !== 'api' && request.hadAuthorization) problems.push(`bearer sent to ${where}`);
	}
	for (const request of sim.faults.requests) {
		if (request.hadCookie || request.hadAuthorization) {
			problems.push(`credentials sent to the ${request.origin} origin: ${request.method} ${request.path}`);
		}
	}
	for (const request of sim.stats.crossAccountAttempts) {
		problems.push(`cross-account request ${request.method} ${request.path}`);
	}
	return problems;
}

export type InvariantOptions = {
	state: RunState;
	events: RunEvent[];
	sim: Simulator;
	outDir: string;
	/** Scenes whose prompt may have been submitted more than once (explicit retries), and how often. */
	allowedSubmits?: (prompt: string) => number;
};

export type InvariantReport = {
	violations: string[];
	done: number;
	failed: number;
	inDoubt: number;
	/** Submitted scenes left on an account that can no longer be asked, reported as waiting on it. */
	waiting: number;
	queued: number;
	skipped: number;
	filesChecked: number;
	submits: number;
};

const endStates = new Set(['done', 'failed', 'skipped', 'in-doubt']);

/**
 * The promises of issue #6 for one finished run: every scene ends done or with a stated reason; every
 * done scene's files are byte-exact and belong to its account; every media Flow created is downloaded
 * or its scene says why; nothing is submitted twice unasked; credentials go only where they belong.
 */
export async function checkInvariants(options: InvariantOptions): Promise<InvariantReport> {
	const {state, sim, outDir, events} = options;
	const violations: string[] = [];
	const report: InvariantReport = {
		violations,
		done: 0,
		failed: 0,
		inDoubt: 0,
		waiting: 0,
		queued: 0,
		skipped: 0,
		filesChecked: 0,
		submits: sim.stats.submits.length,
	};
	const noUsable = Object.values(state.accounts).every((account) =>
		['auth-failed', 'quota-exhausted'].includes(account.health),
	);
	const everInDoubt = new Set<number>();
	for (const event of events) {
		if (event.type === 'scene.state' && event.state === 'in-doubt') everInDoubt.add(event.scene);
	}
	for (const scene of state.scenes) {
		const label = `scene ${scene.index} (${scene.state})`;
		if (scene.state === 'done') report.done++;
		else if (scene.state === 'failed') report.failed++;
		else if (scene.state === 'in-doubt') report.inDoubt++;
		else if (scene.state === 'skipped') report.skipped++;
		if ((scene.state === 'failed' || scene.state === 'in-doubt') && !scene.error?.trim()) {
			violations.push(`${label} has no stated reason`);
		}
		if (!endStates.has(scene.state)) {
			const account = scene.account === undefined ? undefined : state.accounts[scene.account];
			if (scene.state === 'queued' && noUsable) {
				report.queued++;
				const reasons = Object.values(state.accounts).filter((a) => a.reason);
				if (reasons.length === 0) violations.push(`${label} left queued and no account says why`);
			} else if (
				(scene.state === 'polling' || scene.state === 'downloading') &&
				account?.health === 'auth-failed'
			) {
				report.waiting++;
				if (!scene.error?.includes(scene.account ?? '\0')) {
					violations.push(`${label} waits on ${scene.account} but does not say so`);
				}
			} else {
				violations.push(`${label} did not finish (account ${scene.account}: ${account?.health})`);
			}
		}
		if (scene.state === 'done') {
			for (const media of scene.media) {
				if (media.state !== 'downloaded' || !media.file) {
					violations.push(`${label}: media ${media.name} is ${media.state}`);
					continue;
				}
				if (sim.ownerOf(media.name) !== scene.account) {
					violations.push(`${label}: media ${media.name} is not ${scene.account}'s`);
				}
				const bytes = await readFile(join(outDir, media.file)).catch(() => undefined);
				report.filesChecked++;
				if (!bytes?.equals(sim.videoBytesFor(media.name))) {
					violations.push(`${label}: ${media.file} is not byte-exact`);
				}
			}
		}
	}
	// Every media Flow created: downloaded, or its scene (or the media) says why it was not.
	const byPrompt = new Map<string, SceneView>(state.scenes.map((scene) => [scene.prompt, scene]));
	const submitsPerPrompt = new Map<string, number>();
	const upscaled = new Set(
		state.scenes.flatMap((scene) => scene.media.flatMap((m) => (m.upscale ? [m.name] : []))),
	);
	for (const submit of sim.stats.submits) {
		if (submit.mode === 'upscale') {
			// An upscale names no prompt: its media must be tracked as an upscaled copy of a scene.
			for (const name of submit.mediaNames) {
				if (!upscaled.has(name)) violations.push(`upscaled media ${name} was created but is not tracked`);
			}
			continue;
		}
		submitsPerPrompt.set(submit.prompt, (submitsPerPrompt.get(submit.prompt) ?? 0) + 1);
		const scene = byPrompt.get(submit.prompt);
		if (!scene) {
			violations.push(`the simulator created media for an unknown prompt ${submit.prompt.slice(0, 40)}`);
			continue;
		}
		for (const name of submit.mediaNames) {
			const media = scene.media.find((item) => item.name === name);
			if (!media) {
				// An earlier attempt (retried) or a submit whose answer was lost (in doubt): said so.
				if (scene.attempt === 1 && !everInDoubt.has(scene.index)) {
					violations.push(`scene ${scene.index}: media ${name} was created but is not tracked`);
				}
				continue;
			}
			if (media.state === 'downloaded' || media.state === 'abandoned') continue;
			if (media.state === 'failed' && (media.error || scene.error)) continue;
			if (!endStates.has(scene.state)) continue; // waiting on its account, checked above
			violations.push(`scene ${scene.index}: media ${name} left ${media.state} without a reason`);
		}
	}
	for (const [prompt, count] of submitsPerPrompt) {
		const allowed = options.allowedSubmits?.(prompt) ?? 1;
		if (count > allowed) violations.push(`submitted ${count}× (allowed ${allowed}): ${prompt.slice(0, 40)}`);
	}
	violations.push(...credentialViolations(sim));
	for (const file of await listFiles(outDir)) {
		if (file.endsWith('.part')) violations.push(`left behind: ${file}`);
	}
	return report;
}

/** Every file under `dir`, relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {recursive: true, withFileTypes: true}).catch(() => []);
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

export function expectNoViolations(report: {violations: string[]}, context: string): void {
	expect(report.violations, `${context}:\n${report.violations.slice(0, 20).join('\n')}`).toEqual([]);
}

export type CliWorkspace = {
	dir: string;
	out: string;
	accountsFile: string;
	scenesFile: string;
	env: NodeJS.ProcessEnv;
	/** Flags for `run` (accounts, out, captcha, fast polling). */
	runFlags: string[];
	/** Flags for `resume` (no --out: the folder is the argument). */
	resumeFlags: string[];
};

/** Files and flags for driving the built CLI against an in-process simulator. */
export async function cliWorkspace(
	sim: Simulator,
	accounts: Array<{name: string; cookie: string}>,
	prompts: string[],
	dir: string,
): Promise<CliWorkspace> {
	const accountsFile = join(dir, 'accounts.json');
	await writeFile(accountsFile, JSON.stringify({accounts}));
	const scenesFile = join(dir, 'scenes.txt');
	await writeFile(scenesFile, `${prompts.join('\n')}\n`);
	const out = join(dir, 'out');
	const env = {
		FLOWDECK_API_URL: sim.apiUrl,
		FLOWDECK_LABS_URL: sim.labsUrl,
		FLOWDECK_CONFIG_DIR: join(dir, 'config'),
	};
	const common = [
		'--accounts',
		accountsFile,
		'--captcha-command',
		uniqueTokenCommand,
		'--poll-interval',
		'0.05',
	];
	return {
		dir,
		out,
		accountsFile,
		scenesFile,
		env,
		runFlags: [...common, '--out', out, '--submit-gap', '0'],
		resumeFlags: common,
	};
}

/** The run as its journal tells it: what `resume` would start from. */
export async function stateFromJournal(out: string): Promise<{state: RunState; events: RunEvent[]}> {
	const run = await readRunFile(out);
	if (!run) throw new Error(`${out} holds no run`);
	const {events} = await readJournal(out);
	return {state: replay(initialRunState(run.scenes, run.accounts), events), events};
}

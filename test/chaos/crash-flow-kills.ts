/**
 * Where crash-flow.test.ts kills the CLI: points read off its NDJSON stream and off what the
 * in-process simulator records as it records it (a request arriving, media created, bytes streamed),
 * so a point lands at the same step of a run on a fast or a slow machine.
 */
import type {ChildProcess} from 'node:child_process';
import type {Simulator} from '../../source/simulator/index.js';
import {type CliResult, startCli} from '../helpers/cli.js';
import type {CliWorkspace, Rng} from './helpers.js';

export const killKinds = [
	/** At spawn: before the run file can exist. */
	'before-run-file',
	/** After the nth NDJSON line. */
	'lines',
	/** At the nth `submitting` line: the submit is journaled, its captcha or request under way. */
	'submitting',
	/** At the first flow call to arrive after the nth `submitting` line: sent, held (slowMs), unanswered. */
	'submit-held',
	/** When the simulator creates the nth submit's media, before it writes the answer. */
	'answer-unsent',
	/** At the nth flow call to arrive once scenes poll. */
	'mid-poll',
	/** Once the nth download has streamed some bytes and not all. */
	'mid-download',
] as const;
export type KillKind = (typeof killKinds)[number];
export type Kill = {kind: KillKind; nth: number};

/** A kill point for one session; `first`: the run's first session, `big`: downloads take a while. */
export function drawKill(random: Rng, scenes: number, first: boolean, big: boolean): Kill {
	if (first && random.chance(0.2)) return {kind: 'before-run-file', nth: 1};
	const kinds: KillKind[] = ['lines', 'submitting', 'submit-held', 'answer-unsent', 'mid-poll'];
	if (big) kinds.push('mid-download', 'mid-download');
	const kind = random.pick(kinds);
	const nth =
		kind === 'lines'
			? random.int(1, 2 + 4 * scenes)
			: kind === 'mid-poll'
				? random.int(1, 3 * scenes)
				: random.int(1, Math.max(1, scenes - 1));
	return {kind, nth};
}

/** Calls `seen` with every item pushed onto `list` (the simulator's own record) until undone. */
function onPush<T>(list: T[], seen: (item: T) => void): () => void {
	const push = list.push;
	list.push = (...items: T[]) => {
		const length = push.apply(list, items);
		for (const item of items) seen(item);
		return length;
	};
	return () => {
		Reflect.deleteProperty(list, 'push');
	};
}

const parse = (line: string): Record<string, unknown> | undefined => {
	try {
		return JSON.parse(line) as Record<string, unknown>;
	} catch {
		return undefined;
	}
};

export type SessionResult = CliResult & {killed?: KillKind};

/** One CLI session against `sim`, killed with SIGKILL at `kill` if the run gets that far. */
export async function killableSession(
	args: string[],
	ws: CliWorkspace,
	sim: Simulator,
	kill: Kill | undefined,
): Promise<SessionResult> {
	let child: ChildProcess | undefined;
	let fired = false;
	const fire = () => {
		if (fired || !child) return;
		fired = true;
		child.kill('SIGKILL');
	};
	const seen = {lines: 0, submitting: 0, armed: false, polling: false, calls: 0, created: 0};
	const run = startCli(args, {
		env: ws.env,
		onLine(line) {
			seen.lines++;
			if (kill?.kind === 'lines' && seen.lines === kill.nth) fire();
			const event = parse(line);
			if (event?.type !== 'scene.state') return;
			if (event.state === 'polling') seen.polling = true;
			if (event.state !== 'submitting') return;
			seen.submitting++;
			if (kill?.kind === 'submitting' && seen.submitting === kill.nth) fire();
			if (kill?.kind === 'submit-held' && seen.submitting === kill.nth) seen.armed = true;
		},
	});
	child = run.child;
	if (kill?.kind === 'before-run-file') fire();
	const undo = [
		onPush(sim.stats.requests, (request) => {
			if (request.origin !== 'flow' || request.method !== 'POST') return;
			if (kill?.kind === 'submit-held' && seen.armed) fire();
			if (kill?.kind === 'mid-poll' && seen.polling && ++seen.calls === kill.nth) fire();
		}),
		onPush(sim.stats.submits, () => {
			if (kill?.kind === 'answer-unsent' && ++seen.created === kill.nth) fire();
		}),
	];
	const downloadsBefore = sim.stats.downloads.length;
	const watcher =
		kill?.kind === 'mid-download'
			? setInterval(() => {
					const mine = sim.stats.downloads.slice(downloadsBefore + kill.nth - 1);
					if (mine.some((download) => download.bytes > 0 && !download.complete)) fire();
				}, 1)
			: undefined;
	try {
		const result = await run.result;
		return result.signal === 'SIGKILL' && kill ? {...result, killed: kill.kind} : result;
	} finally {
		clearInterval(watcher);
		for (const stop of undo) stop();
	}
}

/**
 * Waits until no call the simulator received is still unanswered and younger than `graceMs`: a call
 * held by slowMs when its client died still acts (creates media), and the next session's look-up must
 * find what it made. A call whose client vanished mid-body never gets an answer; the grace ends that.
 */
export async function simQuiet(sim: Simulator, graceMs: number): Promise<void> {
	const open = () =>
		sim.stats.requests.some(
			(request) => request.status === 0 && request.origin !== 'cdn' && Date.now() - request.ts < graceMs,
		);
	while (open()) await new Promise((resolve) => setTimeout(resolve, 10));
}

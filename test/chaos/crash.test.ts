/**
 * Issue #6, part 2: kill -9 at random points. The built CLI runs with --json against an in-process
 * simulator and is killed after a random number of NDJSON lines or a random delay (a seeded RNG, so
 * CHAOS_SEED replays a failure); `resume` follows (itself sometimes killed) until a session ends on
 * its own, then in-doubt scenes are resubmitted on request. In the end every scene is done, every
 * file is byte-identical to what the simulator served for the media the journal recorded, and a
 * scene was submitted more than once only if it had been in doubt.
 */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {type CliResult, parseNdjson, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {
	type CliWorkspace,
	chaosSeed,
	checkInvariants,
	cliWorkspace,
	expectNoViolations,
	figure,
	findSecrets,
	listFiles,
	type Rng,
	rng,
	secretPatterns,
	size,
	stateFromJournal,
} from './helpers.js';

const seed = chaosSeed(0xdead);
const killPoints = size(5, 20);
const accounts = [
	{name: 'acc1', cookie: 'crash-cookie-one-a81c'},
	{name: 'acc2', cookie: 'crash-cookie-two-5e90'},
];

const workspace = perTestWorkspace();

const totals = {kills: 0, sessions: 0, inDoubt: 0, resubmitted: 0, files: 0, tornLines: 0};
afterAll(() =>
	figure(
		'crash',
		`${totals.kills} kill -9 points survived over ${killPoints} runs (${totals.sessions} CLI sessions); ` +
			`${totals.inDoubt} scenes left in doubt and reported, ${totals.resubmitted} resubmitted on request; ` +
			`${totals.files} files byte-identical; ${totals.tornLines} torn journal lines skipped`,
	),
);

type Kill = {kind: 'lines'; lines: number} | {kind: 'delay'; ms: number};

/** A kill that lands before the session can end: within its NDJSON lines (about 4 a scene) or its first second. */
const drawKill = (random: Rng, scenes: number): Kill =>
	random.chance(0.5)
		? {kind: 'lines', lines: random.int(1, 2 + 4 * scenes)}
		: {kind: 'delay', ms: random.int(150, 1100)};

/** One CLI session, killed with SIGKILL at `kill` (if it gets that far). */
async function session(args: string[], ws: CliWorkspace, kill: Kill | undefined): Promise<CliResult> {
	totals.sessions++;
	let lines = 0;
	let timer: NodeJS.Timeout | undefined;
	const run = startCli(args, {
		env: ws.env,
		onLine(_line, child) {
			lines++;
			if (kill?.kind === 'lines' && lines === kill.lines) child.kill('SIGKILL');
		},
	});
	if (kill?.kind === 'delay') timer = setTimeout(() => run.child.kill('SIGKILL'), kill.ms);
	const result = await run.result;
	clearTimeout(timer);
	return result;
}

describe('kill -9 at random points, then resume', () => {
	for (let point = 1; point <= killPoints; point++) {
		it(`kill point ${point} of ${killPoints}`, {timeout: 120_000}, async () => {
			const random = rng((seed + point * 7919) >>> 0);
			const big = random.chance(0.35);
			const {sim, dir} = await workspace.start(
				{
					accounts,
					generationMs: {min: 60, max: 250},
					slowMs: random.pick([0, 0, 20, 60]),
					// Big files leave room to be killed mid-download.
					videoBytes: big ? 6 * 1024 * 1024 : 64 * 1024,
					seed: random.int(1, 2 ** 30),
				},
				'flowdeck-chaos-crash-',
			);
			const prompts = Array.from(
				{length: random.int(3, size(5, 8))},
				(_, i) => `crash ${point}.${i + 1}: a paper boat`,
			);
			const ws = await cliWorkspace(sim, accounts, prompts, dir);
			const copies = String(random.int(1, 2));
			const runArgs = ['run', ws.scenesFile, ...ws.runFlags, '--copies', copies, '--json'];
			const resumeArgs = ['resume', ws.out, ...ws.resumeFlags, '--json'];
			const trail: string[] = [];

			// The first session is always killed (unless it finishes first); resumes are killed now and then.
			let kill: Kill | undefined = drawKill(random, prompts.length);
			let result = await session(runArgs, ws, kill);
			let started = false;
			for (let round = 0; round < 12; round++) {
				const killed = result.signal === 'SIGKILL';
				trail.push(killed ? `killed(${JSON.stringify(kill)})` : `exit ${result.code}`);
				if (killed) totals.kills++;
				if (!killed && result.code !== 130) {
					if (result.code === 2 && /no flowdeck run here/.test(result.stderr)) {
						// Killed before run.json existed: nothing can have been submitted; start again.
						expect(sim.stats.submits, trail.join(' → ')).toHaveLength(0);
						kill = random.chance(0.3) ? drawKill(random, prompts.length) : undefined;
						result = await session(runArgs, ws, kill);
						continue;
					}
					break;
				}
				if (killed && !started) started = true;
				kill = random.chance(0.3) ? drawKill(random, prompts.length) : undefined;
				result = await session(resumeArgs, ws, kill);
			}
			expect([0, 1], `${trail.join(' → ')}\n${result.stderr}`).toContain(result.code);
			expect(result.stderr).not.toMatch(/\n\s+at |TypeError|Unhandled/);
			totals.tornLines += (/skipped unreadable journal line\(s\) ([\d, ]+)/.exec(result.stderr)?.[1] ?? '')
				.split(',')
				.filter((n) => n.trim() !== '').length;

			// In-doubt scenes were reported; the user resubmits them explicitly.
			const before = await stateFromJournal(ws.out);
			const inDoubt = before.state.scenes.filter((scene) => scene.state === 'in-doubt');
			const end = parseNdjson(result.stdout).at(-1);
			expect(end, trail.join(' → ')).toMatchObject({type: 'run.end', inDoubt: inDoubt.length});
			if (inDoubt.length > 0) {
				expect(result.code).toBe(1);
				const said = parseNdjson(result.stdout).filter(
					(e) => e.type === 'scene.state' && e.state === 'in-doubt',
				);
				for (const scene of inDoubt) {
					expect(scene.error).toMatch(/may have reached Flow/);
					// This session's own stream names the scene, not just a count.
					expect(said.map((e) => e.scene)).toContain(scene.index);
				}
				totals.inDoubt += inDoubt.length;
				// Let the simulator finish any cut-off submit, so the submit counts are final.
				await new Promise((resolve) => setTimeout(resolve, 150));
				const again = await session([...resumeArgs, '--resubmit-in-doubt'], ws, undefined);
				trail.push(`resubmit exit ${again.code}`);
				expect(again.code, `${trail.join(' → ')}\n${again.stderr}`).toBe(0);
				totals.resubmitted += inDoubt.length;
			}

			const {state, events} = await stateFromJournal(ws.out);
			expect(
				state.scenes.map((scene) => scene.state),
				trail.join(' → '),
			).toEqual(prompts.map(() => 'done'));
			const report = await checkInvariants({
				state,
				events,
				sim,
				outDir: ws.out,
				// Each attempt submits at most once; only an in-doubt scene gets a second attempt here.
				allowedSubmits: (prompt) => state.scenes.find((scene) => scene.prompt === prompt)?.attempt ?? 1,
			});
			expectNoViolations(report, `kill point ${point} (${trail.join(' → ')})`);
			for (const scene of state.scenes) {
				if (scene.attempt > 1) {
					expect(
						inDoubt.map((s) => s.index),
						`scene ${scene.index} resubmitted unasked`,
					).toContain(scene.index);
				}
			}
			totals.files += report.filesChecked;
			// Nothing half-written is left behind, and the manifest lists exactly the videos on disk.
			const files = await listFiles(ws.out);
			expect(files.filter((file) => /\.(part|tmp)$/.test(file))).toEqual([]);
			const manifest = JSON.parse(await readFile(join(ws.out, 'manifest.json'), 'utf8')) as {
				scenes: Array<{files: string[]}>;
			};
			expect(files.filter((file) => file.endsWith('.mp4')).sort()).toEqual(
				manifest.scenes.flatMap((scene) => scene.files).sort(),
			);
			const journal = await readFile(join(ws.out, '.flowdeck', 'journal.jsonl'), 'utf8');
			expect(
				findSecrets(
					journal,
					secretPatterns(
						accounts.map((a) => a.cookie),
						sim,
					),
				),
			).toEqual([]);
		});
	}
});

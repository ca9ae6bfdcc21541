/**
 * Issue #16, item 2: kill -9 on flow.google.com. The built CLI runs with --json, flow accounts only
 * (Google cookies), against the simulator's flow origin, and is killed at seeded points of its NDJSON
 * stream and of what the simulator records (crash-flow-kills.ts): before the run file exists, while a
 * submit is journaled or held unanswered, after Flow made the media but before the answer left,
 * mid-poll, mid-download. `resume` follows, itself killed several times, until a session ends on its
 * own. Then: every scene Flow accepted was accepted exactly once and ends done (an in-doubt scene whose
 * media exist is found by its batch id, `Zzl0ze`, never sent again); only scenes Flow never saw are
 * left in doubt, and they are resubmitted on request; every file is byte-exact.
 */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/core/events.js';
import {parseNdjson} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {
	drawKill,
	type Kill,
	type KillKind,
	killableSession,
	type SessionResult,
	simQuiet,
} from './crash-flow-kills.js';
import {cookieValues, flowAccounts, flowWorkspace, simAccounts} from './crash-flow-workspace.js';
import {
	chaosSeed,
	checkInvariants,
	expectNoViolations,
	figure,
	findSecrets,
	listFiles,
	rng,
	secretPatterns,
	size,
	stateFromJournal,
} from './helpers.js';

const seed = chaosSeed(0xf10c);
const runs = size(3, 20);

const workspace = perTestWorkspace();

const kills: Record<string, number> = {};
const totals = {kills: 0, sessions: 0, foundByLookup: 0, resubmitted: 0, files: 0};
afterAll(() => {
	const where = Object.entries(kills)
		.map(([kind, n]) => `${n} ${kind}`)
		.join(', ');
	figure(
		'crash-flow',
		`${runs} runs, ${totals.kills} kills (${where}) over ${totals.sessions} CLI sessions; ` +
			`${totals.foundByLookup} in-doubt scenes found by look-up without a second submit, ` +
			`${totals.resubmitted} that never reached Flow resubmitted on request; ` +
			`${totals.files} files byte-exact; every accepted scene submitted once`,
	);
});

/**
 * Scenes a later session adopted by look-up: their submit was journaled, a new session started, and
 * the scene went on polling at the same attempt without being sent again.
 */
function adoptedByLookup(events: RunEvent[]): Set<number> {
	const pending = new Map<number, {attempt: number; crossed: boolean}>();
	const adopted = new Set<number>();
	for (const event of events) {
		if (event.type === 'run.start') for (const entry of pending.values()) entry.crossed = true;
		if (event.type !== 'scene.state') continue;
		if (event.state === 'submitting') pending.set(event.scene, {attempt: event.attempt, crossed: false});
		else if (event.state === 'polling') {
			const entry = pending.get(event.scene);
			if (entry?.crossed && entry.attempt === event.attempt) adopted.add(event.scene);
			pending.delete(event.scene);
		} else if (event.state !== 'in-doubt') pending.delete(event.scene);
	}
	return adopted;
}

const submitsOf = (prompt: string): number =>
	workspace.sim?.stats.submits.filter((s) => s.prompt === prompt).length ?? 0;

describe('kill -9 on flow.google.com, then resume', () => {
	for (let point = 1; point <= runs; point++) {
		it(`run ${point} of ${runs}`, {timeout: 180_000}, async () => {
			const random = rng((seed + point * 7919) >>> 0);
			const big = random.chance(0.35);
			const slowMs = random.pick([0, 0, 40, 150]);
			const accounts = flowAccounts(`crash${point}`, 2);
			const {sim, dir} = await workspace.start(
				{
					accounts: simAccounts(accounts),
					generationMs: {min: 60, max: 250},
					slowMs,
					// Big files leave room to be killed mid-download.
					videoBytes: big ? 6 * 1024 * 1024 : 64 * 1024,
					seed: random.int(1, 2 ** 30),
				},
				'flowdeck-chaos-crash-flow-',
			);
			const prompts = Array.from(
				{length: random.int(3, size(4, 8))},
				(_, i) => `crash-flow ${point}.${i + 1}: a kite over the dunes`,
			);
			const ws = await flowWorkspace(sim, accounts, prompts, dir);
			const copies = String(random.int(1, 2));
			const runArgs = ['run', ws.scenesFile, ...ws.runFlags, '--copies', copies, '--json'];
			const resumeArgs = ['resume', ws.out, ...ws.resumeFlags, '--json'];
			const trail: string[] = [];
			const wanted = random.int(2, size(3, 4));
			let killed = 0;
			let args = runArgs;
			let result: SessionResult | undefined;
			for (let round = 0; round < 14; round++) {
				// Run 1 always opens on the look-up's case: Flow made the media, the answer never left.
				const kill: Kill | undefined =
					point === 1 && round === 0
						? {kind: 'answer-unsent', nth: random.int(1, prompts.length)}
						: killed < wanted
							? drawKill(random, prompts.length, args === runArgs, big)
							: undefined;
				// A call the last session left held in the simulator acts before this one looks anything up.
				await simQuiet(sim, slowMs + 500);
				totals.sessions++;
				result = await killableSession(args, ws, sim, kill);
				if (result.killed) {
					trail.push(`killed(${kill?.kind} ${kill?.nth})`);
					killed++;
					count(result.killed);
					args = resumeArgs;
					continue;
				}
				trail.push(`exit ${result.code}`);
				if (result.code === 2 && /no flowdeck run here/.test(result.stderr)) {
					// Killed before run.json existed: nothing can have been submitted; start again.
					expect(sim.stats.submits, trail.join(' → ')).toHaveLength(0);
					args = runArgs;
					continue;
				}
				break;
			}
			const context = () =>
				`${trail.join(' → ')}\n${result?.stderr}\n${result?.stdout.split('\n').slice(-4).join('\n')}`;
			expect([0, 1], context()).toContain(result?.code);
			expect(result?.stderr).not.toMatch(/\n\s+at |TypeError|Unhandled/);

			// Left in doubt: only scenes Flow never saw (one it saw is found by its batch id on resume).
			await simQuiet(sim, slowMs + 500);
			const before = await stateFromJournal(ws.out);
			const inDoubt = before.state.scenes.filter((scene) => scene.state === 'in-doubt');
			expect(parseNdjson(result?.stdout ?? '').at(-1), context()).toMatchObject({
				type: 'run.end',
				inDoubt: inDoubt.length,
			});
			for (const scene of inDoubt) {
				expect(submitsOf(scene.prompt), `scene ${scene.index} is in Flow but was not looked up`).toBe(0);
			}
			const acceptedBefore = new Set(sim.stats.submits.map((submit) => submit.prompt));
			if (inDoubt.length > 0) {
				const again = await killableSession([...resumeArgs, '--resubmit-in-doubt'], ws, sim, undefined);
				totals.sessions++;
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
				allowedSubmits: (prompt) => state.scenes.find((scene) => scene.prompt === prompt)?.attempt ?? 1,
			});
			expectNoViolations(report, `run ${point} (${trail.join(' → ')})`);
			// Every scene Flow accepted: accepted once, done on that first attempt.
			for (const scene of state.scenes) {
				const label = `scene ${scene.index} (${trail.join(' → ')})`;
				expect(submitsOf(scene.prompt), label).toBe(1);
				if (acceptedBefore.has(scene.prompt)) expect(scene.attempt, label).toBe(1);
			}
			const adopted = adoptedByLookup(events);
			totals.foundByLookup += adopted.size;
			for (const index of adopted) expect(state.scenes[index - 1]?.attempt).toBe(1);
			if (point === 1) expect(adopted.size, trail.join(' → ')).toBeGreaterThan(0);
			totals.files += report.filesChecked;
			expect(report.filesChecked).toBe(prompts.length * Number(copies));

			// Nothing half-written is left; the manifest lists exactly the videos on disk; no secret kept.
			const files = await listFiles(ws.out);
			expect(files.filter((file) => /\.(part|tmp)$/.test(file))).toEqual([]);
			const manifest = JSON.parse(await readFile(join(ws.out, 'manifest.json'), 'utf8')) as {
				scenes: Array<{files: string[]}>;
			};
			expect(files.filter((file) => file.endsWith('.mp4')).sort()).toEqual(
				manifest.scenes.flatMap((scene) => scene.files).sort(),
			);
			const journal = await readFile(join(ws.out, '.flowdeck', 'journal.jsonl'), 'utf8');
			expect(findSecrets(journal, secretPatterns(cookieValues(accounts), sim))).toEqual([]);
		});
	}
});

function count(kind: KillKind): void {
	totals.kills++;
	kills[kind] = (kills[kind] ?? 0) + 1;
}

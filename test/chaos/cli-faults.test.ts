/**
 * Issue #6, part 1 through the front door: the built CLI (`--json`) against a faulty simulator. The
 * process must never crash (exit 0/1/3 with nothing but NDJSON on stdout and no stack on stderr), and
 * the journal it leaves must keep the same invariants as the in-process runs.
 */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {SimulatorOptions} from '../../source/simulator/index.js';
import {parseNdjson, runCli, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {
	chaosSeed,
	checkInvariants,
	cliWorkspace,
	expectNoViolations,
	figure,
	findSecrets,
	secretPatterns,
	size,
	stateFromJournal,
} from './helpers.js';

const seed = chaosSeed(0xc11);
const accounts = [
	{name: 'acc1', cookie: 'cli-chaos-cookie-1-7f3a'},
	{name: 'acc2', cookie: 'cli-chaos-cookie-2-19bd'},
];
const cookies = accounts.map((account) => account.cookie);

const workspaces = perTestWorkspace();

const runs: string[] = [];
afterAll(() => figure('cli-faults', `${runs.length} CLI runs survived: ${runs.join('; ')}`));

async function workspace(options: Partial<SimulatorOptions>, prompts: string[]) {
	const {sim, dir} = await workspaces.start(
		{accounts, generationMs: {min: 30, max: 120}, seed, ...options},
		'flowdeck-chaos-cli-',
	);
	return cliWorkspace(sim, accounts, prompts, dir);
}

/** No crash: a documented exit code, only NDJSON on stdout, no stack trace, no secret anywhere. */
async function expectCleanExit(
	result: {code: number | null; stdout: string; stderr: string},
	codes: number[],
) {
	expect(codes, `exit ${result.code}; stderr: ${result.stderr}`).toContain(result.code);
	expect(result.stderr).not.toMatch(/\n\s+at |TypeError|ReferenceError|Unhandled/);
	const events = parseNdjson(result.stdout);
	expect(events.at(-1)?.type).toBe('run.end');
	expect(findSecrets(result.stdout + result.stderr, secretPatterns(cookies, workspaces.sim))).toEqual([]);
	return events;
}

async function journalInvariants(out: string, context: string) {
	const {state, events} = await stateFromJournal(out);
	const report = await checkInvariants({state, events, sim: workspaces.sim!, outDir: out});
	expectNoViolations(report, context);
	const journal = await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8');
	const manifest = await readFile(join(out, 'manifest.json'), 'utf8');
	expect(findSecrets(journal + manifest, secretPatterns(cookies, workspaces.sim))).toEqual([]);
	return report;
}

describe('the built CLI under faults', () => {
	it('resets, 429s, 5xx bursts, stalls and bad downloads: exits 0 or 1, never crashes', async () => {
		const prompts = Array.from({length: size(8, 40)}, (_, i) => `cli chaos ${i + 1}: rain on a tin roof`);
		const {runFlags, env, scenesFile, out} = await workspace(
			{
				errorRate: 0.05,
				truncateDownloads: 2,
				faults: {
					resetRate: 0.06,
					throttleRate: 0.08,
					retryAfterSeconds: 0.05,
					burst5xx: {every: 13, length: 2},
					corruptDownloads: 1,
					htmlDownloads: 1,
					expiredDownloads: 1,
				},
			},
			prompts,
		);
		const result = await runCli(['run', scenesFile, ...runFlags, '--copies', '2', '--json'], {env});
		const events = await expectCleanExit(result, [0, 1]);
		const report = await journalInvariants(out, 'CLI under faults');
		const end = events.at(-1)!;
		expect(end.done).toBe(report.done);
		expect(end.inDoubt).toBe(report.inDoubt);
		// Every in-doubt scene says why on the stream.
		for (const event of events) {
			if (event.type === 'scene.state' && event.state === 'in-doubt') expect(event.error).toBeTruthy();
		}
		runs.push(`faults exit ${result.code} (${report.done} done, ${report.inDoubt} in doubt)`);
	});

	it('a cookie revoked mid-run: exit 1, its submitted scenes reported as waiting on it', async () => {
		const prompts = Array.from({length: size(6, 20)}, (_, i) => `cli revoke ${i + 1}`);
		const {runFlags, env, scenesFile, out} = await workspace({generationMs: {min: 150, max: 250}}, prompts);
		let revoked = false;
		const result = await startCli(['run', scenesFile, ...runFlags, '--max-in-flight', '2', '--json'], {
			env,
			onLine(line) {
				const event = JSON.parse(line) as Record<string, unknown>;
				if (
					!revoked &&
					event.type === 'scene.state' &&
					event.state === 'polling' &&
					event.account === 'acc1'
				) {
					revoked = true;
					workspaces.sim!.revokeCookie('acc1');
				}
			},
		}).result;
		const events = await expectCleanExit(result, [1]);
		const report = await journalInvariants(out, 'CLI cookie revoked');
		expect(report.waiting).toBeGreaterThan(0);
		expect(events).toContainEqual(
			expect.objectContaining({type: 'account.state', account: 'acc1', health: 'auth-failed'}),
		);
		const waiting = events.filter(
			(e) => e.type === 'scene.state' && String(e.error ?? '').startsWith('waiting on account acc1'),
		);
		expect(waiting.length).toBe(report.waiting);
		runs.push(`revoked exit ${result.code} (${report.waiting} waiting on acc1)`);
	});

	it('every account out of credits mid-run: exit 3, the rest stays queued for resume', async () => {
		const prompts = Array.from({length: size(6, 20)}, (_, i) => `cli quota ${i + 1}`);
		const {runFlags, env, scenesFile, out} = await workspace({}, prompts);
		let drained = false;
		const result = await startCli(['run', scenesFile, ...runFlags, '--max-in-flight', '1', '--json'], {
			env,
			onLine(line) {
				const event = JSON.parse(line) as Record<string, unknown>;
				if (!drained && event.type === 'scene.state' && event.state === 'polling') {
					drained = true;
					for (const account of accounts) workspaces.sim!.setCredits(account.name, 0);
				}
			},
		}).result;
		await expectCleanExit(result, [3]);
		const report = await journalInvariants(out, 'CLI quota');
		expect(report.queued).toBeGreaterThan(0);
		runs.push(`quota exit ${result.code} (${report.done} done, ${report.queued} queued)`);
	});
});

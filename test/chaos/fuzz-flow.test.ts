/**
 * Issue 16, item 3: the batchexecute envelope and payloads fuzzed. Every RPC the flow client calls
 * (the project page, nzlxg, jHPbke, YhhmEf, jwpduf, as29s, Zzl0ze) is answered by a loopback server
 * of this file's own with random and broken answers (fuzz-flow-answers.ts) and with the captured
 * replies mutated slot by slot, through the real account client. Each call must end in a typed
 * result or one classified FlowError, within its bounded tries and time, with nothing unhandled.
 * `CHAOS_SEED=<seed>` replays a draw; a failure prints the case and the answer that broke it.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	everySlot,
	type FuzzCase,
	pageKindAnswer,
	pageKinds,
	rpcKindAnswer,
	rpcKinds,
	slotCase,
} from './fuzz-flow-answers.js';
import {type Target, targets} from './fuzz-flow-captures.js';
import {type FuzzServer, type Outcome, startFuzzServer} from './fuzz-flow-drive.js';
import {baseSeed, catchUnhandled, chaosSeed, figure, full, rng, size} from './helpers.js';

const seed = chaosSeed(0xf10e);
/** Short per call: every answer here comes at once, so only a client that loops would reach it. */
const timeoutMs = 1500;

type Tally = {answers: number; ok: number; kinds: Map<string, number>; maxTries: number};
const newTally = (): Tally => ({answers: 0, ok: 0, kinds: new Map(), maxTries: 0});
const byTarget = new Map<Target, Tally>(targets.map((t) => [t, newTally()]));
const byKind = new Map<string, Tally>();
let failures = 0;
let bugs = 0;
let hangs = 0;
let unhandled: unknown[] = [];

let server: FuzzServer;
let dir: string;
let catcher: ReturnType<typeof catchUnhandled>;

beforeAll(async () => {
	catcher = catchUnhandled();
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-fuzz-flow-'));
	server = await startFuzzServer(timeoutMs);
});

afterAll(async () => {
	await server?.close();
	unhandled = catcher?.stop() ?? [];
	await rm(dir, {recursive: true, force: true});
	const total = [...byTarget.values()].reduce((n, t) => n + t.answers, 0);
	const ok = [...byTarget.values()].reduce((n, t) => n + t.ok, 0);
	figure(
		'fuzz-flow',
		`${total} answers, ${ok} typed results, ${total - ok} classified FlowErrors, ` +
			`TypeErrors ${bugs}, hangs ${hangs}, unhandled ${unhandled.length}, failures ${failures}`,
	);
	for (const [target, t] of byTarget) figure(`fuzz-flow ${target}`, line(t));
	figure('fuzz-flow kinds', [...byKind].map(([kind, t]) => `${kind} ${t.answers}/${t.ok} ok`).join(', '));
	// Checked once the server is closed, so a rejection from its last calls is caught too.
	expect(unhandled.map(String)).toEqual([]);
});

const line = (t: Tally): string =>
	`${t.answers} answers, ${t.ok} ok, ${[...t.kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'no errors'}, at most ${t.maxTries} tries`;

function count(tally: Tally, outcome: Outcome): void {
	tally.answers++;
	if (outcome.ok) tally.ok++;
	else tally.kinds.set(outcome.kind ?? '?', (tally.kinds.get(outcome.kind ?? '?') ?? 0) + 1);
	tally.maxTries = Math.max(tally.maxTries, outcome.tries);
}

const shown = (fuzz: FuzzCase): string => {
	const body = fuzz.answer.body;
	const text =
		typeof body === 'string' ? body : `<${body.length} bytes> ${body.toString('hex').slice(0, 200)}`;
	return `HTTP ${fuzz.answer.status}${fuzz.answer.cut ? ' (cut)' : ''} ${JSON.stringify(text.slice(0, 1200))}`;
};

/** Runs one case and tallies it; the failure, told with its seed and answer, if it broke the invariant. */
async function runCase(fuzz: FuzzCase, index: number): Promise<string | undefined> {
	const outcome = await server.run(fuzz, dir);
	count(byTarget.get(fuzz.target) as Tally, outcome);
	if (!byKind.has(fuzz.kind)) byKind.set(fuzz.kind, newTally());
	count(byKind.get(fuzz.kind) as Tally, outcome);
	if (outcome.kind === 'hang') hangs++;
	if (outcome.problem?.includes('Error inside') || outcome.problem?.startsWith('not a FlowError')) bugs++;
	if (!outcome.problem) return undefined;
	failures++;
	return `case ${index} [CHAOS_SEED=${baseSeed}] ${fuzz.target} ${fuzz.kind} (${fuzz.from}): ${outcome.problem}\n  answer: ${shown(fuzz)}`;
}

/** Runs cases in order; the first few failures, for the test's message. */
async function runAll(cases: Iterable<[number, FuzzCase]>): Promise<string[]> {
	const failed: string[] = [];
	for (const [index, fuzz] of cases) {
		const failure = await runCase(fuzz, index);
		if (failure && failed.length < 10) failed.push(failure);
	}
	return failed;
}

/** One case's own RNG, so a case can be rebuilt from the seed and its index alone. */
const caseRng = (index: number) => rng((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);

/** Random kinds of answer for `target`, spread evenly over the kinds. */
function randomCases(target: Target, n: number, offset: number): FuzzCase[] {
	const kinds: readonly string[] = target === 'page' ? pageKinds : rpcKinds;
	const cases: FuzzCase[] = [];
	for (let i = 0; i < n; i++) {
		const r = caseRng(offset + i);
		const kind = kinds[i % kinds.length] as string;
		if (target === 'page') {
			cases.push({target, kind, answer: pageKindAnswer(r, kind), from: 'random'});
			continue;
		}
		const bases = server.captures.filter((c) => c.target === target);
		const base = r.pick(bases);
		cases.push({
			target,
			kind,
			answer: rpcKindAnswer(r, kind, base),
			...(base.ref ? {ref: base.ref} : {}),
			...(base.batchId ? {batchId: base.batchId} : {}),
			from: base.file,
		});
	}
	return cases;
}

describe('fuzz-flow: batchexecute answers through the account client', () => {
	const perTarget = size(110, 1000);
	for (const [t, target] of targets.entries()) {
		it(
			`${target}: random and broken answers end typed or classified`,
			async () => {
				const offset = (t + 1) * 1_000_000;
				const cases = randomCases(target, perTarget, offset);
				const failed = await runAll(cases.map((fuzz, i): [number, FuzzCase] => [offset + i, fuzz]));
				expect(failed, failed.join('\n')).toEqual([]);
			},
			size(60_000, 600_000),
		);
	}

	it(
		'the captured replies, mutated slot by slot, end typed or classified',
		async () => {
			const all = everySlot(server.captures);
			// The full form walks every slot with every change; the short form a seeded sample of them.
			const r = rng(chaosSeed(0x5107));
			const picked = full ? all : Array.from({length: Math.min(all.length, 550)}, () => r.pick(all));
			const cases = function* (): Generator<[number, FuzzCase]> {
				for (const [i, spec] of picked.entries())
					yield [i, slotCase(caseRng(i), spec.capture, spec.path, spec.op)];
			};
			const failed = await runAll(cases());
			expect(failed, failed.join('\n')).toEqual([]);
		},
		size(60_000, 600_000),
	);

	it('nothing was left unhandled and no call hung', () => {
		expect(hangs).toBe(0);
		expect(bugs).toBe(0);
	});
});

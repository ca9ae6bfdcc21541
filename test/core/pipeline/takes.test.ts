import {appendFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {PickRule, RunEvent, SceneSpec} from '../../../source/core/events.js';
import {Journal, readJournal, replay} from '../../../source/core/journal/index.js';
import {type FlowAccount, Pipeline} from '../../../source/core/pipeline/index.js';
import {chosenFileOf, initialRunState, type RunState} from '../../../source/core/run-state.js';
import type {AccountClient} from '../../../source/labs/account-client.js';
import {type SimHarness, standIn, startHarness} from '../../helpers/sim.js';

// Takes (issue 19, docs/design.md §4 `chosen`): a done scene keeps one of its copies, by the run's
// `--pick` rule unless a person picks another; the choice is journaled and survives a resume.

let harness: SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const specs = (prompts: string[], copies: number): SceneSpec[] =>
	prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies,
	}));

/**
 * The simulator serves every video at one size; here take `copy` of each scene is saved with
 * `extra(copy)` more bytes on disk (and says so), so the takes really differ in size.
 */
function sized(real: AccountClient, extra: (copy: number) => number): FlowAccount {
	return {
		...standIn(real, {}),
		async download(media, dest, options) {
			const result = await real.download(media, dest, options);
			const copy = Number(/-(\d)\.mp4$/.exec(dest)?.[1]);
			const more = extra(copy);
			if (more > 0) await appendFile(dest, Buffer.alloc(more));
			return {...result, bytes: result.bytes + more};
		},
	};
}

/** Every video the same size (no playable clips of their own sizes): only `sized` makes them differ. */
const simulator = {accounts: [{name: 'acc1', cookie: 'c1'}], generationMs: 20, videoBytes: 64 * 1024};

type Run = {state: RunState; events: RunEvent[]; pipeline: Pipeline};

async function run(
	spec: SceneSpec[],
	options: {
		pick?: PickRule;
		extra?: (copy: number) => number;
		initialState?: RunState;
		journal?: Journal;
	} = {},
): Promise<Run> {
	harness ??= await startHarness(simulator);
	const pipeline = new Pipeline({
		outDir: harness.dir,
		scenes: spec,
		accounts: harness.clients.map((client) => ({
			client: options.extra ? sized(client, options.extra) : client,
			maxInFlight: 4,
		})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		pick: options.pick,
		initialState: options.initialState,
		sink: options.journal,
	});
	const events: RunEvent[] = [];
	pipeline.on('event', (event) => events.push(event));
	return {state: await pipeline.start(), events, pipeline};
}

const chosen = (events: RunEvent[]) =>
	events.flatMap((event) =>
		event.type === 'take.chosen' ? [{scene: event.scene, copy: event.copy, by: event.by}] : [],
	);

describe('the pipeline chooses a take when a scene is done', () => {
	it('first (the default): the lowest copy saved, once per scene, right after done', async () => {
		const {state, events} = await run(specs(['one', 'two'], 2), {extra: (copy) => (copy === 2 ? 5000 : 0)});
		expect(state.scenes.map((scene) => scene.state)).toEqual(['done', 'done']);
		expect(chosen(events).sort((a, b) => a.scene - b.scene)).toEqual([
			{scene: 1, copy: 1, by: 'first'},
			{scene: 2, copy: 1, by: 'first'},
		]);
		for (const scene of state.scenes) {
			expect(scene.chosen).toBe(1);
			const done = events.findIndex(
				(e) => e.type === 'scene.state' && e.scene === scene.index && e.state === 'done',
			);
			expect(events[done + 1]).toMatchObject({type: 'take.chosen', scene: scene.index});
		}
	});

	it('largest: the take with the most bytes on disk', async () => {
		const {state, events} = await run(specs(['one'], 3), {
			pick: 'largest',
			extra: (copy) => (copy === 2 ? 9000 : copy === 3 ? 4000 : 0),
		});
		expect(chosen(events)).toEqual([{scene: 1, copy: 2, by: 'largest'}]);
		const scene = state.scenes[0]!;
		const file = chosenFileOf(scene)!;
		expect(file).toMatch(/-2\.mp4$/);
		const sizes = await Promise.all(
			scene.media.map(async (media) => (await stat(join(harness!.dir, media.file!))).size),
		);
		expect(Math.max(...sizes)).toBe((await stat(join(harness!.dir, file))).size);
	});

	it('largest on a tie keeps the lower copy', async () => {
		const {events} = await run(specs(['one'], 3), {pick: 'largest', extra: (copy) => (copy === 1 ? 0 : 700)});
		expect(chosen(events)).toEqual([{scene: 1, copy: 2, by: 'largest'}]);
	});

	it('a scene of one copy has its take chosen too', async () => {
		const {state, events} = await run(specs(['one'], 1));
		expect(chosen(events)).toEqual([{scene: 1, copy: 1, by: 'first'}]);
		expect(chosenFileOf(state.scenes[0]!)).toBe(state.scenes[0]!.media[0]!.file);
	});

	it('a failed scene has no take chosen', async () => {
		const {state, events} = await run(specs(['refused [policy]'], 2));
		expect(state.scenes[0]?.state).toBe('failed');
		expect(chosen(events)).toEqual([]);
	});
});

describe("a person's pick", () => {
	it('is allowed for a saved take of a done scene only, and not once the run has ended', async () => {
		harness = await startHarness(simulator);
		const spec = specs(['one', 'two'], 2);
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: spec,
			accounts: harness.clients.map((client) => ({client, maxInFlight: 4})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
		});
		const events: RunEvent[] = [];
		pipeline.on('event', (event) => events.push(event));
		// Before anything is done: nothing to pick.
		expect(pipeline.pick(1, 1)).toBe(false);
		const answers: boolean[] = [];
		pipeline.on('event', (event) => {
			// Scene 1 has just been done and chosen by the rule; the run is still going.
			if (event.type === 'take.chosen' && event.scene === 1 && event.by === 'first') {
				// No third take; the second; the second again (yes, and nothing new journaled).
				answers.push(pipeline.pick(1, 3), pipeline.pick(1, 2), pipeline.pick(1, 2));
			}
		});
		const state = await pipeline.start();
		expect(answers).toEqual([false, true, true]);
		expect(state.scenes[0]?.chosen).toBe(2);
		expect(chosen(events).filter((item) => item.scene === 1)).toEqual([
			{scene: 1, copy: 1, by: 'first'},
			{scene: 1, copy: 2, by: 'user'},
		]);
		// The journal is closed with the run: a pick now would not last.
		expect(pipeline.pick(1, 1)).toBe(false);
	});

	it('survives a resume: the replayed choice stands and the rule does not replace it', async () => {
		harness = await startHarness(simulator);
		const spec = specs(['one', 'two'], 2);
		const journal = await Journal.open(harness.dir);
		const first = new Pipeline({
			outDir: harness.dir,
			scenes: spec,
			accounts: harness.clients.map((client) => ({client, maxInFlight: 4})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			sink: journal,
		});
		first.on('event', (event) => {
			if (event.type === 'take.chosen' && event.scene === 2 && event.by === 'first') first.pick(2, 2);
		});
		await first.start();
		await journal.close();

		const {events: journaled} = await readJournal(harness.dir);
		expect(chosen(journaled)).toContainEqual({scene: 2, copy: 2, by: 'user'});
		const replayed = replay(initialRunState(spec, ['acc1'], 0), journaled);
		expect(replayed.scenes.map((scene) => scene.chosen)).toEqual([1, 2]);

		// Resumed under the other rule (a run keeps its own; this proves a choice is never redone).
		const again = await run(spec, {pick: 'largest', initialState: replayed});
		expect(chosen(again.events)).toEqual([]);
		expect(again.state.scenes.map((scene) => scene.chosen)).toEqual([1, 2]);
	});

	it('on resume, a done scene an earlier session left unchosen gets the rule', async () => {
		harness = await startHarness(simulator);
		const spec = specs(['one'], 2);
		const journal = await Journal.open(harness.dir);
		const earlier = await run(spec, {journal});
		await journal.close();
		// As a journal from before takes: no take.chosen line.
		const {events: journaled} = await readJournal(harness.dir);
		const before = replay(
			initialRunState(spec, ['acc1'], 0),
			journaled.filter((event) => event.type !== 'take.chosen'),
		);
		expect(before.scenes[0]?.chosen).toBeUndefined();
		expect(earlier.state.scenes[0]?.chosen).toBe(1);
		const again = await run(spec, {initialState: before});
		expect(chosen(again.events)).toEqual([{scene: 1, copy: 1, by: 'first'}]);
	});
});

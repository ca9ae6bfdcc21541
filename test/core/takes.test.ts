import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {buildManifest, manifestText} from '../../source/core/manifest.js';
import {chooseTake} from '../../source/core/pipeline/takes.js';
import {pickRuleOf, type RunFile, readRunFile, runFilePath} from '../../source/core/run-file.js';
import {
	chosenFileOf,
	initialRunState,
	type RunState,
	reduceRun,
	takesOf,
} from '../../source/core/run-state.js';

// Takes (issue 19): the reducer keeps the chosen copy, the rules choose among saved clips only, and
// manifest.json names the chosen clip.

const spec: SceneSpec = {
	index: 1,
	id: '001',
	prompt: 'a fox',
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 3,
};

/** Scene 1 done with three clips of the given sizes (null: not saved) and an upscaled copy of take 1. */
function doneScene(sizes: Array<number | null>, attempt = 1): RunEvent[] {
	const media = sizes.map((_, i) => ({name: `m${attempt}-${i + 1}`, copy: i + 1}));
	return [
		{type: 'scene.state', ts: 1, scene: 1, id: '001', state: 'polling', attempt, account: 'acc1', media},
		...sizes.map(
			(bytes, i): RunEvent =>
				bytes === null
					? {type: 'media.state', ts: 2, scene: 1, attempt, name: `m${attempt}-${i + 1}`, state: 'failed'}
					: {
							type: 'media.state',
							ts: 2,
							scene: 1,
							attempt,
							name: `m${attempt}-${i + 1}`,
							state: 'downloaded',
							file: `001-a-fox-${i + 1}.mp4`,
							bytes,
						},
		),
		// Bigger than any clip, and a copy of take 1: never a take of its own.
		{
			type: 'media.state',
			ts: 3,
			scene: 1,
			attempt,
			name: `m${attempt}-1_upsampled`,
			state: 'downloaded',
			upscale: '1080p',
			source: `m${attempt}-1`,
			copy: 1,
		},
		{
			type: 'media.state',
			ts: 3,
			scene: 1,
			attempt,
			name: `m${attempt}-1_upsampled`,
			state: 'downloaded',
			file: '001-a-fox-1-1080p.mp4',
			bytes: 99_000,
		},
		{type: 'scene.state', ts: 4, scene: 1, id: '001', state: 'done', attempt},
	];
}

const stateOf = (events: RunEvent[]): RunState =>
	events.reduce(reduceRun, initialRunState([spec], ['acc1'], 0));

describe('take.chosen in the run state', () => {
	it('sets the chosen copy; a later one replaces it; an unknown scene changes nothing', () => {
		const done = stateOf(doneScene([10, 20, 30]));
		expect(done.scenes[0]?.chosen).toBeUndefined();
		const first = reduceRun(done, {type: 'take.chosen', ts: 5, scene: 1, copy: 1, by: 'first'});
		expect(first.scenes[0]?.chosen).toBe(1);
		const user = reduceRun(first, {type: 'take.chosen', ts: 6, scene: 1, copy: 3, by: 'user'});
		expect(user.scenes[0]?.chosen).toBe(3);
		expect(reduceRun(user, {type: 'take.chosen', ts: 7, scene: 9, copy: 1, by: 'user'})).toBe(user);
	});

	it('a new attempt forgets the choice: its takes are new clips', () => {
		const chosen = reduceRun(stateOf(doneScene([10, 20, 30])), {
			type: 'take.chosen',
			ts: 5,
			scene: 1,
			copy: 2,
			by: 'user',
		});
		const again = reduceRun(chosen, {
			type: 'scene.state',
			ts: 6,
			scene: 1,
			id: '001',
			state: 'queued',
			attempt: 2,
		});
		expect(again.scenes[0]?.chosen).toBeUndefined();
		// The same attempt moving on keeps it.
		const same = reduceRun(chosen, {
			type: 'scene.state',
			ts: 6,
			scene: 1,
			id: '001',
			state: 'done',
			attempt: 1,
		});
		expect(same.scenes[0]?.chosen).toBe(2);
	});
});

describe('the rules (chooseTake)', () => {
	it('first: the lowest copy saved, not an upscaled copy', () => {
		expect(chooseTake(stateOf(doneScene([10, 20, 30])).scenes[0]!, 'first')).toBe(1);
		expect(chooseTake(stateOf(doneScene([null, 20, 30])).scenes[0]!, 'first')).toBe(2);
	});

	it('largest: the most bytes among the clips; a tie keeps the lower copy; the upscale never counts', () => {
		const scene = (sizes: Array<number | null>) => stateOf(doneScene(sizes)).scenes[0]!;
		expect(chooseTake(scene([10, 30, 20]), 'largest')).toBe(2);
		expect(chooseTake(scene([10, 30, 30]), 'largest')).toBe(2);
		expect(chooseTake(scene([40, 30, 30]), 'largest')).toBe(1);
		expect(chooseTake(scene([null, 20, 30]), 'largest')).toBe(3);
	});

	it('nothing saved: nothing to choose', () => {
		const scene = stateOf(doneScene([null, null, null])).scenes[0]!;
		expect(takesOf(scene)).toEqual([]);
		expect(chooseTake(scene, 'first')).toBeUndefined();
		expect(chooseTake(scene, 'largest')).toBeUndefined();
	});
});

describe('manifest.json chosen', () => {
	it('is the chosen clip, after files; null before a choice', () => {
		const done = stateOf(doneScene([10, 20, 30]));
		expect(buildManifest(done).scenes[0]?.chosen).toBeNull();
		const picked = reduceRun(done, {type: 'take.chosen', ts: 5, scene: 1, copy: 1, by: 'user'});
		const [scene] = buildManifest(picked).scenes;
		// Take 1's clip, not its upscaled copy.
		expect(scene?.chosen).toBe('001-a-fox-1.mp4');
		expect(scene?.files).toContain('001-a-fox-1-1080p.mp4');
		expect(Object.keys(scene ?? {}).join()).toBe(
			'index,id,prompt,mode,inputs,state,account,files,chosen,error',
		);
		expect([...manifestText(picked)].join('')).toBe(`${JSON.stringify(buildManifest(picked), null, 2)}\n`);
	});

	it('a choice of a take that is not saved names no file', () => {
		const done = stateOf(doneScene([10, null, 30]));
		const odd = reduceRun(done, {type: 'take.chosen', ts: 5, scene: 1, copy: 2, by: 'user'});
		expect(chosenFileOf(odd.scenes[0]!)).toBeNull();
	});
});

describe('run.json settings.pick', () => {
	let outDir: string;
	afterEach(async () => {
		await rm(outDir, {recursive: true, force: true});
	});

	const runFile = (pick?: unknown): Record<string, unknown> => ({
		version: 1,
		runId: 'r1',
		createdAt: '2026-01-02T03:04:05.000Z',
		sceneFile: '/home/me/scenes.txt',
		sceneHash: 'abc',
		settings: {
			model: 'veo_3_1_t2v_fast',
			aspect: '16:9',
			copies: 2,
			maxInFlight: 4,
			pollIntervalMs: 5000,
			mode: 'parallel',
			...(pick === undefined ? {} : {pick}),
		},
		accounts: ['acc1'],
		scenes: [spec],
	});

	const write = async (run: Record<string, unknown>) => {
		outDir = await mkdtemp(join(tmpdir(), 'flowdeck-takes-'));
		await mkdir(join(outDir, '.flowdeck'));
		await writeFile(runFilePath(outDir), JSON.stringify(run));
	};

	it('is kept by the run; an older run.json without it means first', async () => {
		await write(runFile('largest'));
		expect(pickRuleOf((await readRunFile(outDir)) as RunFile)).toBe('largest');
		await rm(outDir, {recursive: true, force: true});
		await write(runFile());
		expect(pickRuleOf((await readRunFile(outDir)) as RunFile)).toBe('first');
	});

	it('refuses a rule it does not know', async () => {
		await write(runFile('best'));
		await expect(readRunFile(outDir)).rejects.toThrow('settings.pick is not first or largest');
	});
});

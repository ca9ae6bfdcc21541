import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {writeFileAtomic} from '../../source/core/atomic-file.js';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {Journal} from '../../source/core/journal/index.js';
import {buildManifest, manifestText, writeManifest} from '../../source/core/manifest.js';
import {hasRun, type RunFile, readRunFile, runFilePath, writeRunFile} from '../../source/core/run-file.js';
import {initialRunState, type RunState, reduceRun} from '../../source/core/run-state.js';

let outDir: string;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-manifest-'));
});

afterEach(async () => {
	await rm(outDir, {recursive: true, force: true});
});

const spec = (index: number): SceneSpec => ({
	index,
	id: `scene-${index}`,
	prompt: `a fox, take ${index}`,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 2,
});

/** Scene 1 done with two files, its second take chosen; scene 2 failed on acc2, scene 3 still queued. */
function finishedRun(): RunState {
	const events: RunEvent[] = [
		{type: 'scene.state', ts: 1, scene: 1, id: 'scene-1', state: 'submitting', attempt: 1, account: 'acc1'},
		{
			type: 'scene.state',
			ts: 2,
			scene: 1,
			id: 'scene-1',
			state: 'polling',
			attempt: 1,
			account: 'acc1',
			projectId: 'secret-project',
			media: [
				{name: 'media-1', copy: 1},
				{name: 'media-2', copy: 2},
			],
		},
		{
			type: 'media.state',
			ts: 3,
			scene: 1,
			attempt: 1,
			name: 'media-2',
			state: 'downloaded',
			file: '001-a-fox-2.mp4',
		},
		{
			type: 'media.state',
			ts: 4,
			scene: 1,
			attempt: 1,
			name: 'media-1',
			state: 'downloaded',
			file: '001-a-fox-1.mp4',
		},
		{type: 'scene.state', ts: 5, scene: 1, id: 'scene-1', state: 'done', attempt: 1},
		{type: 'take.chosen', ts: 5, scene: 1, copy: 2, by: 'user'},
		{
			type: 'scene.state',
			ts: 6,
			scene: 2,
			id: 'scene-2',
			state: 'failed',
			attempt: 1,
			account: 'acc2',
			error: 'blocked by the safety filter',
		},
	];
	return events.reduce(reduceRun, initialRunState([spec(1), spec(2), spec(3)], ['acc1', 'acc2'], 0));
}

const run = (): RunFile => ({
	version: 1,
	runId: 'run-1',
	createdAt: '2026-01-02T03:04:05.000Z',
	sceneFile: '/home/me/scenes.txt',
	sceneHash: 'abc123',
	settings: {
		model: 'veo_3_1_t2v_fast',
		aspect: '9:16',
		copies: 2,
		maxInFlight: 4,
		pollIntervalMs: 5000,
		mode: 'parallel',
		maxCredits: 300,
	},
	accounts: ['acc1', 'acc2'],
	scenes: [spec(1), {...spec(2), seed: 42, line: 7}],
});

describe('buildManifest', () => {
	it('has exactly the public keys, in order, with null for no account, inputs, chosen take or error', () => {
		const manifest = buildManifest(finishedRun());
		expect(Object.keys(manifest)).toEqual(['scenes']);
		for (const scene of manifest.scenes) {
			expect(Object.keys(scene).join()).toBe('index,id,prompt,mode,inputs,state,account,files,chosen,error');
		}
		expect(manifest).toEqual({
			scenes: [
				{
					index: 1,
					id: 'scene-1',
					prompt: 'a fox, take 1',
					mode: 'text',
					inputs: null,
					state: 'done',
					account: 'acc1',
					files: ['001-a-fox-1.mp4', '001-a-fox-2.mp4'],
					chosen: '001-a-fox-2.mp4',
					error: null,
				},
				{
					index: 2,
					id: 'scene-2',
					prompt: 'a fox, take 2',
					mode: 'text',
					inputs: null,
					state: 'failed',
					account: 'acc2',
					files: [],
					chosen: null,
					error: 'blocked by the safety filter',
				},
				{
					index: 3,
					id: 'scene-3',
					prompt: 'a fox, take 3',
					mode: 'text',
					inputs: null,
					state: 'queued',
					account: null,
					files: [],
					chosen: null,
					error: null,
				},
			],
		});
		// null, not a missing key: JSON keeps it.
		expect(JSON.parse(JSON.stringify(manifest)).scenes[2]).toHaveProperty('account', null);
	});

	it('lists the files of a scene in copy order when Flow named its media out of order', () => {
		const media = (name: string, file: string): RunEvent => {
			return {type: 'media.state', ts: 2, scene: 1, attempt: 1, name, state: 'downloaded', file};
		};
		const polling: RunEvent = {
			type: 'scene.state',
			ts: 1,
			scene: 1,
			id: 'scene-1',
			state: 'polling',
			attempt: 1,
		};
		const events: RunEvent[] = [
			{
				...polling,
				media: [
					{name: 'media-2', copy: 2},
					{name: 'media-1', copy: 1},
				],
			},
			media('media-1', 'fox-1.mp4'),
			media('media-2', 'fox-2.mp4'),
		];
		const state = events.reduce(reduceRun, initialRunState([spec(1)], ['acc1'], 0));
		expect(buildManifest(state).scenes[0]?.files).toEqual(['fox-1.mp4', 'fox-2.mp4']);
	});
});

describe('writeManifest', () => {
	it('writes manifest.json and leaves no .tmp behind', async () => {
		await writeManifest(outDir, finishedRun());
		expect(await readdir(outDir)).toEqual(['manifest.json']);
		const text = await readFile(join(outDir, 'manifest.json'), 'utf8');
		expect(JSON.parse(text)).toEqual(buildManifest(finishedRun()));
		expect(text).not.toContain('secret-project');
		expect(text).not.toContain('media-1');
	});

	it('is written a scene at a time, byte for byte what JSON.stringify makes of buildManifest', async () => {
		const odd = finishedRun();
		// More than one 64 KiB write.
		const many = initialRunState(
			Array.from({length: 2000}, (_, i) => spec(i + 1)),
			[],
			0,
		);
		const tricky = {
			...odd,
			scenes: odd.scenes.map((scene) => ({...scene, prompt: `line\nbreak "quoted" ${scene.prompt}`})),
		};
		for (const state of [
			finishedRun(),
			tricky,
			initialRunState([], [], 0),
			initialRunState([spec(1)], [], 0),
			many,
		]) {
			const expected = `${JSON.stringify(buildManifest(state), null, 2)}\n`;
			expect([...manifestText(state)].join('')).toBe(expected);
			await writeManifest(outDir, state);
			expect(await readFile(join(outDir, 'manifest.json'), 'utf8')).toBe(expected);
		}
	});

	it('replaces an earlier manifest', async () => {
		await writeFile(join(outDir, 'manifest.json'), 'old and broken');
		await writeManifest(outDir, finishedRun());
		expect(JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')).scenes).toHaveLength(3);
	});

	it('survives overlapping writes: the last call wins and nothing is left behind', async () => {
		const states = [finishedRun(), initialRunState([spec(1)], [], 0), finishedRun()];
		const last = initialRunState([spec(1), spec(2)], [], 0);
		await Promise.all([...states, last].map((state) => writeManifest(outDir, state)));
		expect(await readdir(outDir)).toEqual(['manifest.json']);
		expect(JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8'))).toEqual(buildManifest(last));
	});
});

describe('writeFileAtomic', () => {
	it('removes its .tmp and keeps the old file when the rename fails', async () => {
		// A directory in the target's place makes the rename fail after the .tmp is written.
		const target = join(outDir, 'taken');
		await mkdir(join(target, 'inside'), {recursive: true});
		await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
		expect((await readdir(outDir)).sort()).toEqual(['taken']);
	});
});

describe('run file', () => {
	it('round-trips run.json in .flowdeck, without a .tmp', async () => {
		await writeRunFile(outDir, run());
		expect(await readRunFile(outDir)).toEqual(run());
		expect(await readdir(join(outDir, '.flowdeck'))).toEqual(['run.json']);
	});

	it('reads a folder without a run as undefined', async () => {
		expect(await readRunFile(outDir)).toBeUndefined();
		expect(await readRunFile(join(outDir, 'does-not-exist'))).toBeUndefined();
	});

	it('names the file when run.json is broken', async () => {
		await mkdir(join(outDir, '.flowdeck'));
		await writeFile(runFilePath(outDir), '{"version": 1, "runId": ');
		await expect(readRunFile(outDir)).rejects.toThrow(
			`${runFilePath(outDir)}: not a flowdeck run file (invalid JSON`,
		);
	});

	it.each([
		['an array', []],
		['another version', {...run(), version: 2}],
		['no run id', {...run(), runId: undefined}],
		['account credentials instead of names', {...run(), accounts: [{name: 'acc1', cookie: 'x'}]}],
		['bad settings', {...run(), settings: {...run().settings, aspect: '4:3'}}],
		['scenes out of order', {...run(), scenes: [spec(2), spec(1)]}],
		['a scene without a prompt', {...run(), scenes: [{...spec(1), prompt: 3}]}],
	])('rejects %s, naming the file and the reason', async (_, value) => {
		await mkdir(join(outDir, '.flowdeck'));
		await writeFile(runFilePath(outDir), JSON.stringify(value));
		await expect(readRunFile(outDir)).rejects.toThrow(
			new RegExp(`^${escapeRegExp(runFilePath(outDir))}: not a flowdeck run file \\(.+\\)$`),
		);
	});
});

describe('hasRun', () => {
	it('is false for an empty or missing folder', async () => {
		expect(await hasRun(outDir)).toBe(false);
		expect(await hasRun(join(outDir, 'nope'))).toBe(false);
	});

	it('is true once run.json exists', async () => {
		await writeRunFile(outDir, run());
		expect(await hasRun(outDir)).toBe(true);
	});

	it('is true when only a journal exists', async () => {
		const journal = await Journal.open(outDir);
		await journal.close();
		expect(await hasRun(outDir)).toBe(true);
	});

	it('is not fooled by videos and a manifest alone', async () => {
		await writeFile(join(outDir, '001-a-fox-1.mp4'), '');
		await writeManifest(outDir, finishedRun());
		expect(await hasRun(outDir)).toBe(false);
	});
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

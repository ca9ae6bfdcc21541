// Proves what the run state says about media and results: media events of the current attempt,
// download progress, the totals by state and downloaded files, the files a scene lists (only
// downloaded ones, in copy order, as the manifest shows them), and the exit code.
import {describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {
	exitCodeFor,
	filesOf,
	initialRunState,
	isActive,
	isFinished,
	type RunState,
	reduceRun,
	totals,
} from '../../source/core/run-state.js';

const spec = (index: number): SceneSpec => ({
	index,
	id: `scene-${index}`,
	prompt: `prompt ${index}`,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 2,
});

const fresh = (scenes = 3): RunState =>
	initialRunState(
		Array.from({length: scenes}, (_, i) => spec(i + 1)),
		['acc1', 'acc2'],
		100,
	);

const reduceAll = (state: RunState, events: RunEvent[]): RunState => events.reduce(reduceRun, state);

const sceneEvent = (
	scene: number,
	state: Extract<RunEvent, {type: 'scene.state'}>['state'],
	extra: Partial<Extract<RunEvent, {type: 'scene.state'}>> = {},
): RunEvent => ({type: 'scene.state', ts: 1000, scene, id: `scene-${scene}`, state, attempt: 1, ...extra});

const mediaEvent = (
	scene: number,
	name: string,
	state: Extract<RunEvent, {type: 'media.state'}>['state'],
	extra: Partial<Extract<RunEvent, {type: 'media.state'}>> = {},
): RunEvent => ({type: 'media.state', ts: 2000, scene, attempt: 1, name, state, ...extra});

/** Scene 1 submitted on acc1 with two copies, Flow's media in the given copy order. */
const polling = (state = fresh(), copies = [1, 2]): RunState =>
	reduceAll(state, [
		sceneEvent(1, 'submitting', {account: 'acc1'}),
		sceneEvent(1, 'polling', {
			ts: 1500,
			account: 'acc1',
			projectId: 'p1',
			media: copies.map((copy) => ({name: copy === 1 ? 'm-a' : 'm-b', copy})),
		}),
	]);

describe('reduceRun: media.state and download.progress', () => {
	it('updates one media item of the current attempt', () => {
		const state = reduceAll(polling(), [
			mediaEvent(1, 'm-b', 'ready'),
			mediaEvent(1, 'm-b', 'downloaded', {file: '001-a-2.mp4', bytes: 1234}),
		]);
		expect(state.scenes[0]!.media).toEqual([
			{name: 'm-a', copy: 1, state: 'generating'},
			{name: 'm-b', copy: 2, state: 'downloaded', file: '001-a-2.mp4', bytes: 1234, error: undefined},
		]);
	});

	it('ignores media.state for a stale attempt', () => {
		const retried = reduceRun(
			polling(),
			sceneEvent(1, 'polling', {attempt: 2, media: [{name: 'm-a', copy: 1}]}),
		);
		const after = reduceRun(retried, mediaEvent(1, 'm-a', 'failed', {attempt: 1, error: 'late answer'}));
		expect(after).toBe(retried);
		expect(after.scenes[0]!.media[0]!.state).toBe('generating');
	});

	it('download.progress records received and total bytes', () => {
		const state = reduceRun(polling(), {
			type: 'download.progress',
			ts: 1,
			scene: 1,
			name: 'm-a',
			receivedBytes: 10,
			totalBytes: 100,
		});
		expect(state.scenes[0]!.media[0]).toMatchObject({receivedBytes: 10, totalBytes: 100});
		expect(state.scenes[0]!.media[1]!.receivedBytes).toBeUndefined();
	});
});

describe('totals, filesOf, isFinished, isActive', () => {
	it('counts scenes by state and downloaded files', () => {
		const state = reduceAll(polling(fresh(4)), [
			mediaEvent(1, 'm-a', 'downloaded', {file: 'a.mp4'}),
			mediaEvent(1, 'm-b', 'downloading'),
			sceneEvent(2, 'failed'),
			sceneEvent(3, 'in-doubt'),
		]);
		expect(totals(state)).toEqual({
			total: 4,
			files: 1,
			queued: 1,
			submitting: 0,
			polling: 1,
			downloading: 0,
			done: 0,
			failed: 1,
			skipped: 0,
			'in-doubt': 1,
		});
	});

	it('filesOf lists downloaded files in copy order, not download order', () => {
		const state = reduceAll(polling(), [
			mediaEvent(1, 'm-b', 'downloaded', {file: 'x-2.mp4'}),
			mediaEvent(1, 'm-a', 'downloaded', {file: 'x-1.mp4'}),
		]);
		const scene = state.scenes[0]!;
		expect(filesOf(scene)).toEqual(['x-1.mp4', 'x-2.mp4']);
		// Sorting must not reorder the scene's own media list.
		expect(scene.media.map((m) => m.name)).toEqual(['m-a', 'm-b']);
	});

	it('counts every downloaded file and nothing else', () => {
		const state = reduceAll(polling(fresh(2)), [
			mediaEvent(1, 'm-a', 'downloaded', {file: 'a-1.mp4'}),
			mediaEvent(1, 'm-b', 'downloaded', {file: 'a-2.mp4'}),
		]);
		expect(totals(state).files).toBe(2);
		expect(totals(reduceRun(state, sceneEvent(1, 'queued', {attempt: 2}))).files).toBe(0);
	});

	it('filesOf lists files in copy order when Flow named the media out of order', () => {
		const state = reduceAll(polling(fresh(), [2, 1]), [
			mediaEvent(1, 'm-a', 'downloaded', {file: 'x-1.mp4'}),
			mediaEvent(1, 'm-b', 'downloaded', {file: 'x-2.mp4'}),
		]);
		const scene = state.scenes[0]!;
		expect(scene.media.map((m) => m.copy)).toEqual([2, 1]);
		expect(filesOf(scene)).toEqual(['x-1.mp4', 'x-2.mp4']);
	});

	it('filesOf leaves out a downloaded media with no file name', () => {
		const state = reduceAll(polling(), [
			mediaEvent(1, 'm-a', 'downloaded'),
			mediaEvent(1, 'm-b', 'downloaded', {file: 'x-2.mp4'}),
		]);
		expect(filesOf(state.scenes[0]!)).toEqual(['x-2.mp4']);
	});

	it('filesOf leaves out media that are not downloaded, even with a file name', () => {
		const state = reduceAll(polling(), [
			mediaEvent(1, 'm-a', 'downloading', {file: 'x-1.mp4'}),
			mediaEvent(1, 'm-b', 'downloaded', {file: 'x-2.mp4'}),
		]);
		expect(filesOf(state.scenes[0]!)).toEqual(['x-2.mp4']);
	});

	it('isFinished and isActive follow the state sets', () => {
		const state = reduceAll(fresh(4), [
			sceneEvent(1, 'done'),
			sceneEvent(2, 'downloading'),
			sceneEvent(3, 'in-doubt'),
		]);
		expect(state.scenes.map(isFinished)).toEqual([true, false, true, false]);
		expect(state.scenes.map(isActive)).toEqual([false, true, false, false]);
	});
});

describe('exitCodeFor', () => {
	it('is 0 when every scene is done or skipped', () => {
		expect(exitCodeFor(reduceAll(fresh(2), [sceneEvent(1, 'done'), sceneEvent(2, 'skipped')]))).toBe(0);
	});

	it('is 1 when a scene failed', () => {
		expect(exitCodeFor(reduceAll(fresh(2), [sceneEvent(1, 'done'), sceneEvent(2, 'failed')]))).toBe(1);
	});

	it('is 1 when a scene is in doubt', () => {
		expect(exitCodeFor(reduceAll(fresh(2), [sceneEvent(1, 'done'), sceneEvent(2, 'in-doubt')]))).toBe(1);
	});
});

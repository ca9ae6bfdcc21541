// Proves the run reducer: the initial state, and what each run, account and scene event does to it,
// without ever mutating the state it is given (run-state-views.test.ts: media, totals and files).
import {describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {initialRunState, type RunState, reduceRun} from '../../source/core/run-state.js';

const spec = (index: number): SceneSpec => ({
	index,
	id: `scene-${index}`,
	prompt: `prompt ${index}`,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 2,
});

const fresh = (scenes = 3, accounts = ['acc1', 'acc2']): RunState =>
	initialRunState(
		Array.from({length: scenes}, (_, i) => spec(i + 1)),
		accounts,
		100,
	);

const reduceAll = (state: RunState, events: RunEvent[]): RunState => events.reduce(reduceRun, state);

/** Freezes every object and array reachable from `value`, so a mutating reducer throws. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}

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

/** Scene 1 submitted on acc1 with two copies. */
const polling = (state = fresh()): RunState =>
	reduceAll(state, [
		sceneEvent(1, 'submitting', {account: 'acc1'}),
		sceneEvent(1, 'polling', {
			ts: 1500,
			account: 'acc1',
			projectId: 'p1',
			media: [
				{name: 'm-a', copy: 1},
				{name: 'm-b', copy: 2},
			],
		}),
	]);

describe('initialRunState', () => {
	it('queues every scene at attempt 1 with no media and knows every account as ok', () => {
		const state = fresh(2);
		expect(state.scenes.map((s) => [s.index, s.state, s.attempt, s.media.length, s.since])).toEqual([
			[1, 'queued', 1, 0, 100],
			[2, 'queued', 1, 0, 100],
		]);
		expect(state.accountOrder).toEqual(['acc1', 'acc2']);
		expect(state.accounts.acc2).toEqual({name: 'acc2', health: 'ok'});
		expect(state.paused).toBe(false);
		expect(state.stopping).toBe(false);
		expect(state.idle).toBe(false);
	});
});

describe('reduceRun: run events', () => {
	it('run.start records the run id and the first start time and clears endedAt', () => {
		let state = reduceRun(fresh(), {
			type: 'run.start',
			ts: 10,
			runId: 'r1',
			resumed: false,
			scenes: 3,
			accounts: [],
		});
		expect(state.runId).toBe('r1');
		expect(state.startedAt).toBe(10);
		state = reduceRun(state, {
			type: 'run.end',
			ts: 20,
			done: 0,
			failed: 0,
			skipped: 0,
			inDoubt: 0,
			durationMs: 10,
		});
		expect(state.endedAt).toBe(20);
		state = reduceRun(state, {
			type: 'run.start',
			ts: 30,
			runId: 'r1',
			resumed: true,
			scenes: 3,
			accounts: [],
		});
		expect(state.startedAt).toBe(10);
		expect(state.endedAt).toBeUndefined();
	});

	it('run.start of a resumed session clears an earlier pause and stop', () => {
		const stopped = reduceAll(fresh(), [
			{type: 'run.paused', ts: 1, paused: true},
			{type: 'run.stopping', ts: 2, now: false},
		]);
		expect(stopped.paused).toBe(true);
		expect(stopped.stopping).toBe(true);
		const resumed = reduceRun(stopped, {
			type: 'run.start',
			ts: 3,
			runId: 'r1',
			resumed: true,
			scenes: 3,
			accounts: [],
		});
		expect(resumed.paused).toBe(false);
		expect(resumed.stopping).toBe(false);
	});

	it('run.plan stores the plan', () => {
		const accounts = [{account: 'acc1', scenes: [1, 2], cost: 40}];
		const state = reduceRun(fresh(), {type: 'run.plan', ts: 1, accounts, totalCost: 40});
		expect(state.plan).toEqual({accounts, totalCost: 40});
	});

	it('run.paused toggles paused', () => {
		const paused = reduceRun(fresh(), {type: 'run.paused', ts: 1, paused: true});
		expect(paused.paused).toBe(true);
		expect(reduceRun(paused, {type: 'run.paused', ts: 2, paused: false}).paused).toBe(false);
	});

	it('run.idle sets and clears idle, and a new session starts not idle', () => {
		const idle = reduceRun(fresh(), {type: 'run.idle', ts: 1, idle: true});
		expect(idle.idle).toBe(true);
		expect(reduceRun(idle, {type: 'run.idle', ts: 2, idle: false}).idle).toBe(false);
		const resumed = reduceRun(idle, {
			type: 'run.start',
			ts: 3,
			runId: 'r1',
			resumed: true,
			scenes: 3,
			accounts: [],
		});
		expect(resumed.idle).toBe(false);
	});

	it('run.stopping sets stopping whether or not it is immediate', () => {
		expect(reduceRun(fresh(), {type: 'run.stopping', ts: 1, now: false}).stopping).toBe(true);
		expect(reduceRun(fresh(), {type: 'run.stopping', ts: 1, now: true}).stopping).toBe(true);
	});
});

describe('reduceRun: account.state', () => {
	it('updates health and keeps what the event does not say', () => {
		let state = reduceRun(fresh(), {
			type: 'account.state',
			ts: 1,
			account: 'acc1',
			health: 'ok',
			transport: 'labs',
			credits: 500,
			tier: 'PAYGATE_TIER_ONE',
			projectId: 'p1',
		});
		state = reduceRun(state, {
			type: 'account.state',
			ts: 2,
			account: 'acc1',
			health: 'cooling-down',
			until: 5000,
			reason: 'throttled',
		});
		expect(state.accounts.acc1).toEqual({
			name: 'acc1',
			health: 'cooling-down',
			transport: 'labs',
			credits: 500,
			tier: 'PAYGATE_TIER_ONE',
			projectId: 'p1',
			until: 5000,
			reason: 'throttled',
		});
		// until and reason belong to one health: the next state clears them.
		state = reduceRun(state, {type: 'account.state', ts: 3, account: 'acc1', health: 'ok'});
		expect(state.accounts.acc1?.until).toBeUndefined();
		expect(state.accounts.acc1?.reason).toBeUndefined();
		expect(state.accountOrder).toEqual(['acc1', 'acc2']);
	});

	it('adds an account it has not seen to the end of the order', () => {
		const state = reduceRun(fresh(), {type: 'account.state', ts: 1, account: 'acc3', health: 'auth-failed'});
		expect(state.accountOrder).toEqual(['acc1', 'acc2', 'acc3']);
		expect(state.accounts.acc3).toMatchObject({name: 'acc3', health: 'auth-failed'});
	});
});

describe('reduceRun: scene.state', () => {
	it('moves a scene and records account, project, media and since', () => {
		const state = polling();
		const scene = state.scenes[0]!;
		expect(scene.state).toBe('polling');
		expect(scene.account).toBe('acc1');
		expect(scene.projectId).toBe('p1');
		expect(scene.since).toBe(1500);
		expect(scene.media).toEqual([
			{name: 'm-a', copy: 1, state: 'generating'},
			{name: 'm-b', copy: 2, state: 'generating'},
		]);
		expect(state.scenes[1]!.state).toBe('queued');
	});

	it('keeps since when the state does not change and the attempt is the same', () => {
		const state = reduceRun(polling(), sceneEvent(1, 'polling', {ts: 9999}));
		expect(state.scenes[0]!.since).toBe(1500);
	});

	it('keeps media, account and project within one attempt', () => {
		const state = reduceRun(polling(), sceneEvent(1, 'downloading', {ts: 3000}));
		const scene = state.scenes[0]!;
		expect(scene.state).toBe('downloading');
		expect(scene.account).toBe('acc1');
		expect(scene.projectId).toBe('p1');
		expect(scene.media.map((m) => m.name)).toEqual(['m-a', 'm-b']);
		expect(scene.since).toBe(3000);
	});

	it('a new attempt resets media, account and project', () => {
		const failed = reduceRun(polling(), sceneEvent(1, 'failed', {error: 'PUBLIC_ERROR_UNSAFE'}));
		expect(failed.scenes[0]!.error).toBe('PUBLIC_ERROR_UNSAFE');
		const retried = reduceRun(failed, sceneEvent(1, 'queued', {attempt: 2, ts: 4000}));
		const scene = retried.scenes[0]!;
		expect(scene.attempt).toBe(2);
		expect(scene.media).toEqual([]);
		expect(scene.account).toBeUndefined();
		expect(scene.projectId).toBeUndefined();
		expect(scene.error).toBeUndefined();
		expect(scene.since).toBe(4000);
	});

	it('ignores an unknown scene without making a new state', () => {
		const state = fresh();
		expect(reduceRun(state, sceneEvent(7, 'done'))).toBe(state);
		expect(reduceRun(state, sceneEvent(0, 'done'))).toBe(state);
	});
});

describe('purity', () => {
	it('never mutates the state it is given, for any event type', () => {
		const base = deepFreeze(polling());
		const snapshot = structuredClone(base);
		const events: RunEvent[] = [
			{type: 'run.start', ts: 1, runId: 'r', resumed: true, scenes: 3, accounts: ['acc1']},
			{type: 'run.plan', ts: 1, accounts: [], totalCost: 0},
			{type: 'run.paused', ts: 1, paused: true},
			{type: 'run.stopping', ts: 1, now: true},
			{type: 'run.end', ts: 1, done: 0, failed: 0, skipped: 0, inDoubt: 0, durationMs: 0},
			{type: 'account.state', ts: 1, account: 'acc1', health: 'quota-exhausted'},
			{type: 'account.state', ts: 1, account: 'acc9', health: 'ok'},
			sceneEvent(1, 'downloading'),
			sceneEvent(1, 'queued', {attempt: 2}),
			sceneEvent(2, 'submitting', {account: 'acc2'}),
			mediaEvent(1, 'm-a', 'downloaded', {file: 'f.mp4'}),
			{type: 'download.progress', ts: 1, scene: 1, name: 'm-b', receivedBytes: 5},
		];
		for (const event of events) {
			const next = reduceRun(base, event);
			expect(next).not.toBe(base);
		}
		expect(base).toEqual(snapshot);
	});
});

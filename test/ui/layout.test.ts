import {describe, expect, it} from 'vitest';
import type {SceneState} from '../../source/core/events.js';
import type {SceneView} from '../../source/core/run-state.js';
import {asciiRunState} from '../../source/ui/ascii-state.js';
import {columnsOf, navigationOrder, pageOf, queueKey} from '../../source/ui/columns.js';
import {columnRows} from '../../source/ui/fold.js';
import {StateBuilder, specs} from './fixtures.js';

function scenes(states: SceneState[]): SceneView[] {
	return specs(states.length).map((spec, i) => ({
		...spec,
		state: states[i] as SceneState,
		attempt: 1,
		account: 'acc1',
		media: [],
		since: i,
	}));
}

const shownIndexes = (rows: ReturnType<typeof columnRows>) =>
	rows.flatMap((row) => (row.kind === 'scene' ? [row.scene.index] : []));
const height = (rows: ReturnType<typeof columnRows>) =>
	rows.reduce((sum, row) => sum + (row.kind === 'scene' ? row.lines : 1), 0);

describe('columnRows (folding)', () => {
	it('shows everything when it fits', () => {
		const rows = columnRows(scenes(['done', 'polling', 'queued']), undefined, 10);
		expect(rows.map((row) => row.kind)).toEqual(['scene', 'scene', 'scene']);
		expect(height(rows)).toBe(4);
	});

	it('folds the earliest finished scenes into one count line so the running ones stay in view', () => {
		const states: SceneState[] = [...Array(30).fill('done'), 'failed', ...Array(4).fill('polling')];
		const list = scenes(states);
		const rows = columnRows(list, undefined, 12);
		expect(height(rows)).toBeLessThanOrEqual(12);
		expect(rows[0]).toMatchObject({kind: 'folded'});
		const folded = rows[0] as Extract<(typeof rows)[number], {kind: 'folded'}>;
		// Every running scene is still there; only finished ones were folded.
		expect(shownIndexes(rows)).toEqual(expect.arrayContaining([32, 33, 34, 35]));
		expect(folded.count + shownIndexes(rows).length).toBe(35);
		expect(folded.states.done).toBeGreaterThan(0);
	});

	it('never folds the selected scene', () => {
		const list = scenes([...Array(30).fill('done'), 'polling'] as SceneState[]);
		const rows = columnRows(list, 1, 6);
		expect(shownIndexes(rows)).toContain(1);
		expect(shownIndexes(rows)).toContain(31);
	});

	it('with too many running scenes, a window around the selection with "more" lines', () => {
		const list = scenes(Array(40).fill('queued') as SceneState[]);
		const rows = columnRows(list, 20, 9);
		expect(height(rows)).toBeLessThanOrEqual(9);
		expect(shownIndexes(rows)).toContain(20);
		expect(rows[0]).toMatchObject({kind: 'more', direction: 'up'});
		expect(rows.at(-1)).toMatchObject({kind: 'more', direction: 'down'});
		const up = rows[0] as {count: number};
		const down = rows.at(-1) as {count: number};
		expect(up.count + shownIndexes(rows).length + down.count).toBe(40);
	});
});

describe('columns and pages', () => {
	it('queued scenes (and unplaced ones) form the leading queue column; the rest sit with their account', () => {
		const b = new StateBuilder(5, ['a', 'b']);
		b.scene(1, 'polling', 'a').scene(2, 'done', 'b').scene(3, 'queued', 'a', {error: 'HTTP 503'});
		const {queue, accounts} = columnsOf(b.state);
		expect(queue?.scenes.map((scene) => scene.index)).toEqual([3, 4, 5]);
		expect(accounts.map((column) => column.scenes.map((scene) => scene.index))).toEqual([[1], [2]]);
		b.scene(3, 'polling', 'a').scene(4, 'polling', 'b').scene(5, 'polling', 'a');
		expect(columnsOf(b.state).queue).toBeUndefined();
	});

	it('8 accounts at 80 columns: pages of whole columns, the queue on each; the focus picks the page', () => {
		const b = new StateBuilder(20, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
		const columns = columnsOf(b.state);
		const first = pageOf(columns, 'a1', 80);
		expect(first.pages).toBe(3);
		expect(first.page).toBe(0);
		expect(first.visible.map((column) => column.key)).toEqual([queueKey, 'a1', 'a2', 'a3']);
		expect(first.widths.reduce((a, b) => a + b, 0)).toBe(80);
		expect(pageOf(columns, 'a5', 80).visible.map((column) => column.key)).toEqual([
			queueKey,
			'a4',
			'a5',
			'a6',
		]);
		expect(pageOf(columns, 'a8', 80).page).toBe(2);
		expect(pageOf(columns, 'a8', 200).pages).toBe(1);
		expect(navigationOrder(columns).map((column) => column.key)[0]).toBe(queueKey);
	});
});

describe('frames share what did not change (memoised columns and lines skip it)', () => {
	it('columnsOf: a column whose scenes and account are unchanged is the same object as last frame', () => {
		const b = new StateBuilder(6, ['a', 'b']);
		b.scene(1, 'polling', 'a').scene(2, 'polling', 'b');
		const first = columnsOf(b.state);
		b.scene(1, 'done', 'a');
		const second = columnsOf(b.state, first);
		expect(second.accounts[1]).toBe(first.accounts[1]);
		expect(second.queue).toBe(first.queue);
		expect(second.accounts[0]).not.toBe(first.accounts[0]);
		expect(second.accounts[0]?.scenes.map((scene) => scene.state)).toEqual(['done']);
		// A scene leaving the queue changes the queue column; the account's health, its column.
		b.scene(3, 'polling', 'b').health('a', 'cooling-down', {until: 1});
		const third = columnsOf(b.state, second);
		expect(third.queue).not.toBe(second.queue);
		expect(third.queue?.scenes.map((scene) => scene.index)).toEqual([4, 5, 6]);
		expect(third.accounts[0]).not.toBe(second.accounts[0]);
		expect(third.accounts[1]?.scenes.map((scene) => scene.index)).toEqual([2, 3]);
	});

	it('asciiRunState: a scene the run did not change is the same object as last frame', () => {
		const b = new StateBuilder(3, ['a']);
		b.scene(1, 'polling', 'a');
		const first = asciiRunState(b.state);
		b.scene(2, 'polling', 'a');
		const second = asciiRunState(b.state);
		expect(second.scenes[0]).toBe(first.scenes[0]);
		expect(second.scenes[2]).toBe(first.scenes[2]);
		expect(second.scenes[1]).not.toBe(first.scenes[1]);
		expect(second.scenes[1]?.state).toBe('polling');
		expect(second.scenes.every((scene) => /^[\x20-\x7e]*$/.test(scene.prompt))).toBe(true);
	});
});

import type {SceneState} from '../core/events.js';
import {isActive, isFinished, type SceneView} from '../core/run-state.js';

export type ColumnRow =
	| {kind: 'scene'; scene: SceneView; lines: 1 | 2}
	| {kind: 'folded'; count: number; states: Partial<Record<SceneState, number>>}
	| {kind: 'more'; direction: 'up' | 'down'; count: number};

/** A second line says what a running scene is doing, or why one failed or waits again. */
const hasDetailLine = (scene: SceneView): boolean =>
	isActive(scene) ||
	(scene.error !== undefined &&
		(scene.state === 'queued' || scene.state === 'failed' || scene.state === 'in-doubt'));

const heightOf = (scene: SceneView): 1 | 2 => (hasDetailLine(scene) ? 2 : 1);

/** Lines the rows take. */
export const rowsHeight = (rows: readonly ColumnRow[]): number =>
	rows.reduce((sum, row) => sum + (row.kind === 'scene' ? row.lines : 1), 0);

/**
 * What a column shows in `lines` rows. When its scenes do not fit, finished ones (earliest first,
 * never the selected one) fold into one count line so the running ones stay in view; if that is
 * still too much, a window around the selection with "N more" lines above and below.
 */
export function columnRows(scenes: SceneView[], selected: number | undefined, lines: number): ColumnRow[] {
	const total = scenes.reduce((sum, scene) => sum + heightOf(scene), 0);
	if (total <= lines) return scenes.map((scene) => ({kind: 'scene', scene, lines: heightOf(scene)}));

	const candidates = scenes
		.filter((scene) => isFinished(scene) && scene.index !== selected)
		.sort((a, b) => a.since - b.since || a.index - b.index);
	const folded = new Set<number>();
	let shown = total;
	for (const scene of candidates) {
		if (shown + 1 <= lines) break;
		folded.add(scene.index);
		shown -= heightOf(scene);
	}
	const rest = scenes.filter((scene) => !folded.has(scene.index));
	const rows: ColumnRow[] = [];
	if (folded.size > 0) {
		const states: Partial<Record<SceneState, number>> = {};
		for (const scene of scenes)
			if (folded.has(scene.index)) states[scene.state] = (states[scene.state] ?? 0) + 1;
		rows.push({kind: 'folded', count: folded.size, states});
	}
	const room = lines - rows.length;
	if (shown <= room || rest.length === 0) {
		for (const scene of rest) rows.push({kind: 'scene', scene, lines: heightOf(scene)});
		return rows;
	}
	return [...rows, ...windowAround(rest, selected, room)];
}

/** The largest run of scenes around the selection that fits with its "more" lines; centred. */
function windowAround(scenes: SceneView[], selected: number | undefined, room: number): ColumnRow[] {
	const anchor = Math.max(
		0,
		scenes.findIndex((scene) => scene.index === selected),
	);
	let start = anchor;
	let end = anchor + 1;
	let used: number = heightOf(scenes[anchor] as SceneView);
	const cost = (from: number, to: number, lines: number) =>
		lines + (from > 0 ? 1 : 0) + (to < scenes.length ? 1 : 0);
	let grew = true;
	let downward = true;
	while (grew) {
		grew = false;
		for (const down of downward ? [true, false] : [false, true]) {
			if (down && end < scenes.length) {
				const next = used + heightOf(scenes[end] as SceneView);
				if (cost(start, end + 1, next) <= room) {
					used = next;
					end++;
					grew = true;
					break;
				}
			}
			if (!down && start > 0) {
				const next = used + heightOf(scenes[start - 1] as SceneView);
				if (cost(start - 1, end, next) <= room) {
					used = next;
					start--;
					grew = true;
					break;
				}
			}
		}
		downward = !downward;
	}
	const rows: ColumnRow[] = [];
	if (start > 0) rows.push({kind: 'more', direction: 'up', count: start});
	for (const scene of scenes.slice(start, end)) rows.push({kind: 'scene', scene, lines: heightOf(scene)});
	if (end < scenes.length) rows.push({kind: 'more', direction: 'down', count: scenes.length - end});
	return rows;
}

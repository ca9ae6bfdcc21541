/**
 * A window of lines over a longer text (the details pane's prompt). Pure: the offset lives in the
 * view state and every frame recomputes the window, so a resize or a shorter text never leaves it
 * pointing past the end.
 */

export type ScrollWindow<T = string> = {
	/** The lines in view. */
	lines: T[];
	/** Lines above the window (clamped, so the window is always as full as the text allows). */
	offset: number;
	height: number;
	total: number;
	/** 1-based numbers of the first and last line in view, for "lines 9-16 of 62". */
	first: number;
	last: number;
	/** Some lines are out of view: only then does the pane show where the window is. */
	clipped: boolean;
};

export type ScrollStep = {by: 'line' | 'page' | 'end'; direction: -1 | 1};

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(value, max));

/** The largest offset: the last line at the bottom of the window. */
export const maxOffset = (total: number, height: number): number => Math.max(0, total - Math.max(0, height));

export function scrollWindow<T>(lines: readonly T[], height: number, offset: number): ScrollWindow<T> {
	const rows = Math.max(0, Math.floor(height));
	const start = clamp(Math.floor(offset), 0, maxOffset(lines.length, rows));
	const shown = lines.slice(start, start + rows);
	return {
		lines: shown,
		offset: start,
		height: rows,
		total: lines.length,
		first: start + 1,
		last: start + shown.length,
		clipped: lines.length > rows,
	};
}

/**
 * The offset after one step, clamped at both ends: a key pressed past the end does nothing, so the
 * first key back moves at once. A page keeps one line of the previous one, for the eye to follow.
 */
export function scrollBy(offset: number, step: ScrollStep, total: number, height: number): number {
	const rows = Math.max(1, Math.floor(height));
	const max = maxOffset(total, rows);
	const from = clamp(Math.floor(offset), 0, max);
	const distance = step.by === 'line' ? 1 : step.by === 'page' ? Math.max(1, rows - 1) : max;
	return clamp(from + step.direction * distance, 0, max);
}

/** Where the window is, for the line above it. */
export const windowLabel = (window: ScrollWindow<unknown>): string =>
	`lines ${window.first}-${window.last} of ${window.total}`;

import {describe, expect, it} from 'vitest';
import {
	maxOffset,
	type ScrollStep,
	scrollBy,
	scrollWindow,
	windowLabel,
} from '../../source/ui/scroll-window.js';

const numbered = (count: number) => Array.from({length: count}, (_, i) => `line ${i + 1}`);
const down = (by: ScrollStep['by']): ScrollStep => ({by, direction: 1});
const up = (by: ScrollStep['by']): ScrollStep => ({by, direction: -1});

describe('scrollWindow', () => {
	it('shows `height` lines from the offset and says which ones', () => {
		const window = scrollWindow(numbered(62), 8, 0);
		expect(window.lines).toEqual(numbered(8));
		expect(window).toMatchObject({offset: 0, height: 8, total: 62, first: 1, last: 8, clipped: true});
		expect(windowLabel(window)).toBe('lines 1-8 of 62');
		const later = scrollWindow(numbered(62), 8, 10);
		expect(later.lines[0]).toBe('line 11');
		expect(windowLabel(later)).toBe('lines 11-18 of 62');
	});

	it('clamps the offset so the window stays full: never before the first line or past the last', () => {
		const past = scrollWindow(numbered(62), 8, 500);
		expect(past.offset).toBe(54);
		expect(past.lines).toEqual(numbered(62).slice(54));
		expect(windowLabel(past)).toBe('lines 55-62 of 62');
		expect(scrollWindow(numbered(62), 8, -3).offset).toBe(0);
	});

	it('a text that fits is not clipped, whatever the offset', () => {
		const window = scrollWindow(numbered(5), 8, 3);
		expect(window.lines).toEqual(numbered(5));
		expect(window).toMatchObject({offset: 0, first: 1, last: 5, clipped: false});
		expect(scrollWindow([], 8, 0)).toMatchObject({lines: [], total: 0, clipped: false});
	});

	it('no room at all: nothing in view, and it says so', () => {
		expect(scrollWindow(numbered(3), 0, 0)).toMatchObject({lines: [], height: 0, clipped: true});
	});
});

describe('scrollBy', () => {
	it('a line, a page (one line of overlap) or to the ends', () => {
		expect(scrollBy(0, down('line'), 62, 8)).toBe(1);
		expect(scrollBy(5, up('line'), 62, 8)).toBe(4);
		expect(scrollBy(0, down('page'), 62, 8)).toBe(7);
		expect(scrollBy(20, up('page'), 62, 8)).toBe(13);
		expect(scrollBy(20, down('end'), 62, 8)).toBe(54);
		expect(scrollBy(20, up('end'), 62, 8)).toBe(0);
	});

	it('stops at both ends', () => {
		expect(scrollBy(0, up('line'), 62, 8)).toBe(0);
		expect(scrollBy(3, up('page'), 62, 8)).toBe(0);
		expect(scrollBy(54, down('line'), 62, 8)).toBe(54);
		expect(scrollBy(50, down('page'), 62, 8)).toBe(54);
		expect(scrollBy(0, down('line'), 5, 8)).toBe(0);
	});

	it('from an offset past the end (the terminal grew), the first key back moves at once', () => {
		expect(maxOffset(62, 20)).toBe(42);
		expect(scrollBy(54, up('line'), 62, 20)).toBe(41);
		expect(scrollBy(54, down('line'), 62, 20)).toBe(42);
	});
});

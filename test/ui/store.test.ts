import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {frameStore} from '../../source/ui/store.js';

function source<T>(initial: T) {
	let value = initial;
	const listeners = new Set<() => void>();
	return {
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => value,
		set(next: T) {
			value = next;
			for (const listener of listeners) listener();
		},
		listeners,
	};
}

describe('frameStore', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('coalesces a burst of changes into at most one frame per dataMs', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 250, tickMs: 0});
		const seen: number[] = [];
		store.subscribe(() => seen.push(store.getSnapshot().state.n));
		// 1,000 events inside one second, like download progress across many scenes.
		for (let i = 1; i <= 1000; i++) {
			src.set({n: i});
			vi.advanceTimersByTime(1);
		}
		vi.advanceTimersByTime(500);
		expect(seen.length).toBeLessThanOrEqual(5);
		expect(seen.length).toBeGreaterThanOrEqual(4);
		expect(seen.at(-1)).toBe(1000);
	});

	it('never publishes synchronously, and not at all when the snapshot did not change', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 100, tickMs: 0});
		const listener = vi.fn();
		store.subscribe(listener);
		src.set({n: 1});
		expect(listener).not.toHaveBeenCalled();
		expect(store.getSnapshot().state.n).toBe(0);
		vi.advanceTimersByTime(0);
		expect(listener).toHaveBeenCalledTimes(1);
		expect(store.getSnapshot().state.n).toBe(1);
		// A notification with the same snapshot (e.g. an event the reducer ignored) draws nothing.
		for (const notify of src.listeners) notify();
		vi.advanceTimersByTime(5000);
		expect(listener).toHaveBeenCalledTimes(1);
	});

	it('shows the first change after a quiet spell at once (a key that changed the run)', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 250, tickMs: 1000});
		const listener = vi.fn();
		store.subscribe(listener);
		vi.advanceTimersByTime(600);
		src.set({n: 1});
		vi.advanceTimersByTime(0);
		expect(listener).toHaveBeenCalledTimes(1);
		expect(store.getSnapshot().state.n).toBe(1);
	});

	it('without changes, a frame with the new time once per tickMs; same snapshot otherwise', () => {
		const src = source({n: 0});
		let time = 5000;
		const store = frameStore(src, {dataMs: 250, tickMs: 1000, clock: () => time});
		const frames: Array<{n: number; now: number}> = [];
		store.subscribe(() => frames.push({n: store.getSnapshot().state.n, now: store.getSnapshot().now}));
		const before = store.getSnapshot();
		expect(store.getSnapshot()).toBe(before);
		time = 6000;
		vi.advanceTimersByTime(999);
		expect(frames).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(frames).toEqual([{n: 0, now: 6000}]);
		time = 7000;
		vi.advanceTimersByTime(3000);
		expect(frames.length).toBe(4);
		expect(store.getSnapshot().state).toBe(before.state);
	});

	it('a data frame counts as the tick: the clock alone waits a whole tickMs after it', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 250, tickMs: 1000});
		const listener = vi.fn();
		store.subscribe(listener);
		vi.advanceTimersByTime(700);
		src.set({n: 1});
		vi.advanceTimersByTime(0);
		expect(listener).toHaveBeenCalledTimes(1);
		// Without the data frame at 700 ms a tick would come at 1000 ms.
		vi.advanceTimersByTime(999);
		expect(listener).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(1);
		expect(listener).toHaveBeenCalledTimes(2);
	});

	it('quietMs: a burst is one frame once it is over; a change that never stops, one per dataMs', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 250, tickMs: 0, quietMs: 50});
		const seen: Array<{n: number; at: number}> = [];
		const start = Date.now();
		store.subscribe(() => seen.push({n: store.getSnapshot().state.n, at: Date.now() - start}));
		// A dozen scenes finishing 10 ms apart.
		for (let i = 1; i <= 12; i++) {
			src.set({n: i});
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(1000);
		// The last one at 110 ms, then 50 ms of quiet.
		expect(seen).toEqual([{n: 12, at: 160}]);
		// Events every 10 ms for a second: never quiet, still a frame every 250 ms.
		for (let i = 13; i <= 112; i++) {
			src.set({n: i});
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(1000);
		expect(seen.length).toBeGreaterThanOrEqual(5);
		expect(seen.length).toBeLessThanOrEqual(6);
		expect(seen.at(-1)?.n).toBe(112);
		for (let i = 1; i < seen.length; i++)
			expect((seen[i]?.at ?? 0) - (seen[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(250);
	});

	it('tickMs 0: the time stands still (the run has ended)', () => {
		const src = source({n: 0});
		const store = frameStore(src, {dataMs: 0, tickMs: 0});
		const listener = vi.fn();
		store.subscribe(listener);
		vi.advanceTimersByTime(10_000);
		expect(listener).not.toHaveBeenCalled();
	});

	it('unsubscribes from the source, and stops ticking, when the last listener leaves', () => {
		const src = source(0);
		const store = frameStore(src, {dataMs: 100, tickMs: 1000});
		const listener = vi.fn();
		const off = store.subscribe(listener);
		expect(src.listeners.size).toBe(1);
		off();
		expect(src.listeners.size).toBe(0);
		vi.advanceTimersByTime(5000);
		expect(listener).not.toHaveBeenCalled();
		expect(vi.getTimerCount()).toBe(0);
	});
});

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {throttleStore} from '../../source/ui/store.js';

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

describe('throttleStore', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('coalesces a burst of changes into at most one publish per interval', () => {
		const src = source({n: 0});
		const store = throttleStore(src, 100);
		const seen: number[] = [];
		store.subscribe(() => seen.push(store.getSnapshot().n));
		// 1,000 events inside one second, like download progress across many scenes.
		for (let i = 1; i <= 1000; i++) {
			src.set({n: i});
			vi.advanceTimersByTime(1);
		}
		vi.advanceTimersByTime(200);
		expect(seen.length).toBeLessThanOrEqual(11);
		expect(seen.length).toBeGreaterThanOrEqual(9);
		expect(seen.at(-1)).toBe(1000);
	});

	it('never publishes synchronously, and not at all when the snapshot did not change', () => {
		const src = source({n: 0});
		const store = throttleStore(src, 100);
		const listener = vi.fn();
		store.subscribe(listener);
		src.set({n: 1});
		expect(listener).not.toHaveBeenCalled();
		expect(store.getSnapshot().n).toBe(0);
		vi.advanceTimersByTime(0);
		expect(listener).toHaveBeenCalledTimes(1);
		expect(store.getSnapshot().n).toBe(1);
		// A notification with the same snapshot (e.g. an event the reducer ignored) draws nothing.
		for (const notify of src.listeners) notify();
		vi.advanceTimersByTime(500);
		expect(listener).toHaveBeenCalledTimes(1);
	});

	it('unsubscribes from the source when the last listener leaves', () => {
		const src = source(0);
		const store = throttleStore(src, 100);
		const off = store.subscribe(() => {});
		expect(src.listeners.size).toBe(1);
		off();
		expect(src.listeners.size).toBe(0);
	});
});

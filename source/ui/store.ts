/** What the pipeline offers the UI (DESIGN.md §1): a store read with useSyncExternalStore. */
export type Store<T> = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): T;
};

export type Timers = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

const realTimers: Timers = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A view of `source` that publishes at most once per `intervalMs`, and only when the snapshot has
 * changed. A 1,000-scene run emits events in bursts (and download progress all the time); the
 * screen over a slow SSH link should see one frame per burst, not one per event.
 */
export function throttleStore<T>(
	source: Store<T>,
	intervalMs: number,
	timers: Timers = realTimers,
): Store<T> {
	let snapshot = source.getSnapshot();
	let lastPublish = Number.NEGATIVE_INFINITY;
	let timer: unknown;
	let unsubscribe: (() => void) | undefined;
	const listeners = new Set<() => void>();

	const publish = () => {
		timer = undefined;
		const next = source.getSnapshot();
		if (next === snapshot) return;
		snapshot = next;
		lastPublish = timers.now();
		for (const listener of listeners) listener();
	};

	const onChange = () => {
		if (timer !== undefined) return;
		// Always deferred: a render must not run inside the pipeline's own event dispatch.
		const wait = Math.max(0, lastPublish + intervalMs - timers.now());
		timer = timers.setTimeout(publish, wait);
	};

	return {
		subscribe(listener) {
			listeners.add(listener);
			if (!unsubscribe) {
				unsubscribe = source.subscribe(onChange);
				// Changes between creating this view and the first subscriber must not be lost.
				if (source.getSnapshot() !== snapshot) onChange();
			}
			return () => {
				listeners.delete(listener);
				if (listeners.size > 0) return;
				unsubscribe?.();
				unsubscribe = undefined;
				if (timer !== undefined) timers.clearTimeout(timer);
				timer = undefined;
			};
		},
		getSnapshot: () => snapshot,
	};
}

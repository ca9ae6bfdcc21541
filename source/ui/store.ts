/** What the pipeline offers the UI (docs/design.md §1): a store read with useSyncExternalStore. */
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

/** One screenful of input: the run as it was, and the time the screen shows. */
export type Frame<T> = {readonly state: T; readonly now: number};

export type FrameOptions = {
	/** A changed snapshot is shown at most once per this many ms (0: every change, still deferred). */
	dataMs: number;
	/**
	 * A change waits until the source has been quiet this long (default 0), but never more than
	 * `dataMs` in all: a burst of events (a dozen scenes finishing together) is one frame, not a
	 * frame for its first event and another for the rest.
	 */
	quietMs?: number;
	/**
	 * With nothing else to show, a frame this long after the last one, so that clocks ("elapsed",
	 * "polling 12s", the spinner) move on. 0: the time stands still (the run has ended).
	 */
	tickMs: number;
	/** The time a frame shows (tests: a hand-driven clock). Scheduling always uses `timers`. */
	clock?: () => number;
};

/**
 * The dashboard's one source of frames: `source`'s snapshot and the time, published together (one
 * render for both). A changed snapshot is published at most once per `dataMs`, once the source has
 * been quiet for `quietMs` (or `dataMs` after the first change, if it never is), and only if it
 * really changed; the time alone at most once per `tickMs`, counted from the last frame of either
 * kind, so a frame for the run already shows the new seconds and no tick follows it at once. A
 * 1,000-scene run emits events in bursts (and download progress all the time): every frame is a
 * full render and layout, and a terminal over a slow SSH link should see a few a second, not one per
 * event.
 */
export function frameStore<T>(
	source: Store<T>,
	options: FrameOptions,
	timers: Timers = realTimers,
): Store<Frame<T>> {
	const {dataMs, tickMs} = options;
	const quietMs = options.quietMs ?? 0;
	const clock = options.clock ?? timers.now;
	let frame: Frame<T> = {state: source.getSnapshot(), now: clock()};
	/** When the last frame went out: data frames keep `dataMs` from it, ticks `tickMs`. */
	let lastPublish = Number.NEGATIVE_INFINITY;
	let tickFrom = timers.now();
	/** The first and the last change not shown yet. */
	let changedFirst: number | undefined;
	let changedLast = 0;
	let timer: unknown;
	let due = Number.POSITIVE_INFINITY;
	let unsubscribe: (() => void) | undefined;
	const listeners = new Set<() => void>();

	const schedule = (at: number) => {
		if (timer !== undefined && due <= at) return;
		if (timer !== undefined) timers.clearTimeout(timer);
		due = at;
		// Always deferred: a render must not run inside the pipeline's own event dispatch.
		timer = timers.setTimeout(fire, Math.max(0, at - timers.now()));
	};

	/** When the changes not shown yet are due: after a quiet spell, within `dataMs` of the first. */
	const dataDue = (first: number) =>
		Math.min(first + dataMs, Math.max(lastPublish + dataMs, changedLast + quietMs));

	const arm = () => {
		if (listeners.size === 0) return;
		if (changedFirst !== undefined) schedule(dataDue(changedFirst));
		if (tickMs > 0) schedule(tickFrom + tickMs);
	};

	function fire() {
		timer = undefined;
		due = Number.POSITIVE_INFINITY;
		const state = source.getSnapshot();
		const at = timers.now();
		const ticking = tickMs > 0 && at - tickFrom >= tickMs;
		const changed = changedFirst !== undefined && state !== frame.state;
		if (ticking || (changed && at >= dataDue(changedFirst as number))) {
			changedFirst = undefined;
			frame = {state, now: clock()};
			lastPublish = at;
			tickFrom = at;
			for (const listener of listeners) listener();
		} else if (!changed) changedFirst = undefined;
		arm();
	}

	const onChange = () => {
		if (source.getSnapshot() === frame.state) return;
		changedLast = timers.now();
		if (changedFirst === undefined) {
			changedFirst = changedLast;
			schedule(dataDue(changedFirst));
		}
		// Later changes of the same burst only move the due time later, which fire() finds out.
	};

	return {
		subscribe(listener) {
			listeners.add(listener);
			if (!unsubscribe) {
				unsubscribe = source.subscribe(onChange);
				// Changes between creating this view and the first subscriber must not be lost.
				onChange();
				arm();
			}
			return () => {
				listeners.delete(listener);
				if (listeners.size > 0) return;
				unsubscribe?.();
				unsubscribe = undefined;
				if (timer !== undefined) timers.clearTimeout(timer);
				timer = undefined;
				due = Number.POSITIVE_INFINITY;
				changedFirst = undefined;
			};
		},
		getSnapshot: () => frame,
	};
}

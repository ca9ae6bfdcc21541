import {useEffect, useMemo, useSyncExternalStore} from 'react';
import type {RunState} from '../../core/run-state.js';
import {type Frame, type FrameOptions, frameStore, type Store} from '../store.js';

/**
 * The run and the time as the screen sees them: the pipeline's store through a frame store, so a
 * change of either is one render, a few times a second at most (store.ts).
 */
export function useFrame(store: Store<RunState>, options: FrameOptions): Frame<RunState> {
	const {dataMs, quietMs, tickMs, clock} = options;
	const frames = useMemo(
		() => frameStore(store, {dataMs, quietMs, tickMs, clock}),
		[store, dataMs, quietMs, tickMs, clock],
	);
	return useSyncExternalStore(frames.subscribe, frames.getSnapshot);
}

/** Calls `listener` for each warning the run reports while mounted. */
export function useWarnings(
	subscribe: ((listener: (message: string) => void) => () => void) | undefined,
	listener: (message: string) => void,
): void {
	useEffect(() => subscribe?.(listener), [subscribe, listener]);
}

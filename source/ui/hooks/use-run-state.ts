import {useEffect, useMemo, useSyncExternalStore} from 'react';
import type {RunState} from '../../core/run-state.js';
import {type Store, throttleStore} from '../store.js';

/** The run as the screen sees it: the pipeline's store, at most one new snapshot per frame. */
export function useRunState(store: Store<RunState>, frameMs: number): RunState {
	const throttled = useMemo(() => throttleStore(store, frameMs), [store, frameMs]);
	return useSyncExternalStore(throttled.subscribe, throttled.getSnapshot);
}

/** Calls `listener` for each warning the run reports while mounted. */
export function useWarnings(
	subscribe: ((listener: (message: string) => void) => () => void) | undefined,
	listener: (message: string) => void,
): void {
	useEffect(() => subscribe?.(listener), [subscribe, listener]);
}

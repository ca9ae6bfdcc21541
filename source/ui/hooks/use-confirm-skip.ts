import {type Dispatch, useEffect} from 'react';
import type {SceneState} from '../../core/events.js';
import type {RunState, SceneView} from '../../core/run-state.js';
import type {PendingSkip, ViewAction} from '../view.js';

/** The submit went out: Flow has charged for the videos, whatever becomes of them now. */
const spentStates: ReadonlySet<SceneState> = new Set<SceneState>(['submitting', 'polling', 'downloading']);

/** Skipping this scene would throw away paid work (and `r` would pay again): ask first. */
export const creditsSpent = (scene: SceneView): boolean => spentStates.has(scene.state);

/** What `s` asks about, as a pending question: this scene, this attempt. */
export const askSkip = (scene: SceneView): PendingSkip => ({scene: scene.index, attempt: scene.attempt});

/**
 * The scene the skip question is about while the question still stands: the same attempt, its
 * credits still spent. A scene that finished (or went back to the queue) meanwhile has nothing to
 * ask about any more; the keys then do what they normally do.
 */
export function pendingSkip(skip: PendingSkip | undefined, state: RunState): SceneView | undefined {
	if (!skip) return undefined;
	const scene = state.scenes[skip.scene - 1];
	return scene && scene.attempt === skip.attempt && creditsSpent(scene) ? scene : undefined;
}

/** The standing skip question, if any; one that no longer stands is dropped so it cannot come back. */
export function usePendingSkip(
	skip: PendingSkip | undefined,
	state: RunState,
	dispatch: Dispatch<ViewAction>,
): SceneView | undefined {
	const scene = pendingSkip(skip, state);
	const stale = skip !== undefined && scene === undefined;
	useEffect(() => {
		if (stale) dispatch({type: 'confirmSkip', skip: undefined});
	}, [stale, dispatch]);
	return scene;
}

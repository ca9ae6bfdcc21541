import type {RunEvent} from '../events.js';
import {type RunState, reduceRun} from '../run-state.js';

export const inDoubtError = 'the submit may have reached Flow but no answer was recorded';

/**
 * Reduces a journal into the state a resumed run starts from. A scene caught in `submitting` had its
 * submit sent but no answer recorded: it may exist in Flow, so it becomes in-doubt, never re-queued.
 */
export function replay(initial: RunState, events: RunEvent[]): RunState {
	let state = events.reduce(reduceRun, initial);
	const ts = events.at(-1)?.ts ?? 0;
	for (const scene of state.scenes) {
		if (scene.state !== 'submitting') continue;
		state = reduceRun(state, {
			type: 'scene.state',
			ts,
			scene: scene.index,
			id: scene.id,
			state: 'in-doubt',
			attempt: scene.attempt,
			account: scene.account,
			projectId: scene.projectId,
			error: inDoubtError,
		});
	}
	return state;
}

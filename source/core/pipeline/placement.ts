import type {RunState, SceneView} from '../run-state.js';
import {imagesOf} from '../scenes/inputs.js';

/**
 * Where a queued scene may go, by what it owns (docs/design.md §3): a clip to extend lives on one
 * account, so the scene runs there or nowhere; a scene whose images an account already holds goes
 * there first. Pure, over RunState.
 */
export type Placement =
	| {kind: 'any'; prefer?: ReadonlySet<string>}
	| {kind: 'only'; account: string; source: number}
	/** Its source clip is not made yet. */
	| {kind: 'wait'}
	| {kind: 'fail'; error: string};

const anywhere: Placement = {kind: 'any'};

export function placementOf(scene: SceneView, state: RunState): Placement {
	const extend = scene.inputs?.extend;
	if (extend !== undefined) return extendPlacement(extend, state);
	const files = imagesOf(scene.inputs);
	if (files.length === 0) return anywhere;
	const prefer = new Set<string>();
	for (const account of state.accountOrder) {
		const held = new Set(state.uploads.filter((upload) => upload.account === account).map((u) => u.file));
		if (files.every((file) => held.has(file))) prefer.add(account);
	}
	return prefer.size > 0 ? {kind: 'any', prefer} : anywhere;
}

function extendPlacement(index: number, state: RunState): Placement {
	const source = state.scenes[index - 1];
	if (source === undefined)
		return {kind: 'fail', error: `it extends scene ${index}, which the run does not have`};
	switch (source.state) {
		case 'done': {
			if (source.account === undefined || sourceClip(source) === undefined) {
				return {kind: 'fail', error: `scene ${index}, which it extends, has no clip to continue`};
			}
			return {kind: 'only', account: source.account, source: index};
		}
		case 'failed':
		case 'skipped':
		case 'in-doubt': {
			const why = source.error === undefined ? '' : `: ${source.error}`;
			return {kind: 'fail', error: `scene ${index}, which it extends, is ${source.state}${why}`};
		}
		default:
			return {kind: 'wait'};
	}
}

/** The clip an extend continues: the source's first saved take (not an upscaled copy). */
export function sourceClip(source: SceneView): {name: string; projectId: string} | undefined {
	const clip = source.media
		.filter((media) => media.upscale === undefined && media.state === 'downloaded')
		.sort((a, b) => a.copy - b.copy)[0];
	if (clip === undefined || source.projectId === undefined) return undefined;
	return {name: clip.name, projectId: source.projectId};
}

import {imagesOf, type SceneInputs} from '../scenes/inputs.js';
import type {FlowAccount} from './options.js';

/**
 * What a scene needs of the account that takes it beyond a generate call, and what each account's
 * wire can do (flow.google.com cannot extend or upscale yet: docs/protocol-flow.md). A scene whose
 * clip another scene extends needs `extend` too: the continuation must run where the clip is.
 */
export const abilities = ['upload', 'extend', 'upscale'] as const;
export type Ability = (typeof abilities)[number];

export const abilityWords: Record<Ability, string> = {
	upload: 'upload images',
	extend: 'extend clips',
	upscale: 'upscale clips',
};

/** What abilities are read from: a scene's place and inputs (a SceneSpec, a plan's scene). */
type SceneWithInputs = {index: number; inputs?: SceneInputs};

/** Scenes whose clip a later scene continues. */
export function extendSources(scenes: readonly SceneWithInputs[]): ReadonlySet<number> {
	return new Set(
		scenes.flatMap((scene) => (scene.inputs?.extend === undefined ? [] : [scene.inputs.extend])),
	);
}

export function needsOf(scene: SceneWithInputs, sources: ReadonlySet<number>): Ability[] {
	const needs: Ability[] = [];
	if (imagesOf(scene.inputs).length > 0) needs.push('upload');
	if (scene.inputs?.extend !== undefined || sources.has(scene.index)) needs.push('extend');
	if (scene.inputs?.upscale !== undefined) needs.push('upscale');
	return needs;
}

/** What the account's wire can do; a client that does not say is judged by the calls it has. */
export function abilitiesOf(client: FlowAccount): ReadonlySet<Ability> {
	return new Set(
		abilities.filter((ability) => {
			const said = client.supports?.(ability);
			if (said !== undefined) return said;
			if (ability === 'upload') return client.upload !== undefined;
			if (ability === 'upscale') return client.upscale !== undefined;
			return true;
		}),
	);
}

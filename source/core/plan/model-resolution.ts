// Model keys against the catalogue (before anything touches the network)

import {type ModelLookup, modelForAspect} from '../../labs/models.js';
import type {Aspect} from '../../labs/types.js';
import {unknownModelProblem} from '../unknown-model.js';
import {where} from './where.js';

export type ModelScene = {index: number; line?: number; model: string; aspect: Aspect};

export type ModelResolution<T> = {
	/** The scenes with the key each will be sent with (a portrait twin for 9:16, …). */
	scenes: T[];
	/** One line per unusable key (first scene that uses it); non-empty: refuse with exit 2. */
	problems: string[];
};

export type ModelResolutionOptions = {
	models: ModelLookup;
	knownKeys: readonly string[];
	/**
	 * Keys the user typed on purpose (--model): Flow adds keys faster than flowdeck ships, so an
	 * explicit unknown key is sent as it is. An unknown key anywhere else is most likely a typo.
	 */
	trusted?: ReadonlySet<string>;
	sceneFile?: string;
};

export function resolveSceneModels<T extends ModelScene>(
	scenes: readonly T[],
	options: ModelResolutionOptions,
): ModelResolution<T> {
	const {models, sceneFile} = options;
	const problems: string[] = [];
	const reported = new Set<string>();
	const report = (model: string, text: string) => {
		if (reported.has(model)) return;
		reported.add(model);
		problems.push(text);
	};
	const resolved = scenes.map((scene) => {
		const info = models(scene.model);
		if (!info) {
			if (!options.trusted?.has(scene.model)) {
				report(scene.model, unknownModelProblem(where(scene, sceneFile), scene.model, options.knownKeys));
			}
			return scene;
		}
		const key = modelForAspect(info, scene.aspect, models);
		if (key === undefined) {
			report(
				`${scene.model}@${scene.aspect}`,
				`${where(scene, sceneFile)}: model ${scene.model} is ${info.orientation}-only and has no twin for ${scene.aspect}`,
			);
			return scene;
		}
		// Not {...scene, model}: V8 (Node 20) gives each object spread this way a hidden class of its
		// own, which a 10,000-scene run in 9:16 keeps for its whole length.
		return key === scene.model ? scene : Object.assign({}, scene, {model: key});
	});
	return {scenes: resolved, problems};
}

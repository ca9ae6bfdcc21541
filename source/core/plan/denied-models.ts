import {type ModelLookup, modelAllowed} from '../../labs/models.js';
import type {PaygateTier} from '../../labs/types.js';

/** Models each account must not be given, from the catalogue's tier rules (PipelineAccount.deniedModels). */
export function deniedModelsFor(
	tier: PaygateTier | undefined,
	sceneModels: Iterable<string>,
	models: ModelLookup,
): string[] {
	return [...new Set(sceneModels)].filter((model) => !modelAllowed(tier, model, models));
}

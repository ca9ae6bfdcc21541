/**
 * The preflight plan: before any credit is spent, which account would take which scene, what it
 * would cost, and whether the run should start at all. Pure: accounts come in as snapshots and the
 * model catalogue as a lookup function, so every rule is testable without a network.
 */

export {buildPlan} from './build.js';
export {deniedModelsFor} from './denied-models.js';
export {planEvent} from './event.js';
export {
	type ModelResolution,
	type ModelResolutionOptions,
	type ModelScene,
	resolveSceneModels,
} from './model-resolution.js';
export type {
	Plan,
	PlanAccountInput,
	PlanInput,
	PlannedAccount,
	PlanSceneInput,
	PlanVerdict,
	PlanWarning,
} from './types.js';

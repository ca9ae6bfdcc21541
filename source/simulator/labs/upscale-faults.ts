/**
 * `failUpscales` and `failUpscaleRenders` (fault-options.ts), shaped as failUploads is: an upscale call
 * that would have made its copy answers 500 INTERNAL instead, or its copy fails when its time is up
 * (docs/protocol-labs.md §6.1: a 500 is transient; §4.4: a failed media carries a PUBLIC_ERROR code).
 */
import type {World} from '../shared/world.js';
import {count, type FaultState, states} from './fault-state.js';

/** The code a failed upscaled copy carries (the simulator's default for a failure with no cause). */
export const failedRenderCode = 'PUBLIC_ERROR_SOMETHING_WENT_WRONG';

/** Adds one to the account's counter and says whether it is still within the first `limit`. */
function withinFirst(calls: Map<string, number>, account: string, limit: number | undefined): boolean {
	const n = (calls.get(account) ?? 0) + 1;
	calls.set(account, n);
	return n <= (limit ?? 0);
}

/** True when this upscale call of the account is to answer 500; counts it either way. */
export function upscaleCallFault(world: World, account: string): boolean {
	return served(states.get(world), 'call', account);
}

/** True when the copy this upscale makes is to fail; counts it either way. */
export function upscaleRenderFault(world: World, account: string): boolean {
	return served(states.get(world), 'render', account);
}

function served(state: FaultState | undefined, what: 'call' | 'render', account: string): boolean {
	if (!state) return false;
	const {options} = state;
	const hit =
		what === 'call'
			? withinFirst(state.upscaleCalls, account, options.failUpscales)
			: withinFirst(state.upscaleRenders, account, options.failUpscaleRenders);
	if (hit) count(state, what === 'call' ? 'failed-upscale' : 'failed-upscale-render');
	return hit;
}

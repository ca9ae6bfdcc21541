/** The running state of one simulator's faults: what is left to serve, and its own seeded PRNG. */
import type {Random} from '../shared/random.js';
import type {World} from '../shared/world.js';
import type {FaultKind, FaultOptions, SimFaults} from './fault-options.js';

export type FaultState = {
	options: FaultOptions;
	random: Random;
	view: SimFaults;
	apiRequests: number;
	burstLeft: number;
	corruptLeft: number;
	htmlLeft: number;
	expiredLeft: number;
	foreignLeft: number;
	foreignMediaLeft: number;
	/** Upload calls that reached the fault, per account (failUploads counts them). */
	uploadCalls: Map<string, number>;
	/** Upscale calls that reached the fault, per account (failUpscales counts them). */
	upscaleCalls: Map<string, number>;
	/** Upscaled copies made, per account (failUpscaleRenders counts them). */
	upscaleRenders: Map<string, number>;
};

/** World → its faults; a WeakMap keeps the World type (shared with the flow engineer's files) untouched. */
export const states = new WeakMap<World, FaultState>();

export const chance = (state: FaultState, rate: number | undefined): boolean =>
	rate !== undefined && rate > 0 && state.random() < rate;

export function count(state: FaultState, kind: FaultKind): void {
	state.view.injected[kind]++;
}

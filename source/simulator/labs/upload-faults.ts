/**
 * `failUploads` and `failUploadRate` (fault-options.ts): an upload call that would have kept its
 * image answers 500 INTERNAL instead, as the real server sometimes does (docs/protocol-labs.md §6.1).
 */
import type {World} from '../shared/world.js';
import {chance, count, states} from './fault-state.js';

/** True when this upload call of the account is to fail; counts it either way. */
export function uploadFault(world: World, account: string): boolean {
	const state = states.get(world);
	if (!state) return false;
	const calls = (state.uploadCalls.get(account) ?? 0) + 1;
	state.uploadCalls.set(account, calls);
	// The first N go before the PRNG is drawn, so adding them does not shift a seeded rate's draws.
	if (calls > (state.options.failUploads ?? 0) && !chance(state, state.options.failUploadRate)) return false;
	count(state, 'failed-upload');
	return true;
}

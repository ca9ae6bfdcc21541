/**
 * Fault injection beyond the simulator's built-in knobs, for the chaos suite (test/chaos): connections
 * cut before or after the headers, 429 with Retry-After, bursts of 503, answers slower than a client's
 * timeout, downloads that are not MP4s, login pages or already expired, and two extra loopback origins:
 * a second CDN the media redirect can point at, and a foreign host that records whatever reaches it
 * (no credential ever may). Random faults draw from their own seeded PRNG so a failing run replays.
 *
 * This file decides, per request, which fault (if any) it gets; fault-options.ts holds the knobs,
 * fault-origins.ts starts them, and connection-, answer- and download-faults.ts serve them.
 */
import type {Ctx} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import type {SimOrigin} from '../types.js';
import {apiAnswerFault, foreignRedirectFault} from './answer-faults.js';
import {resetFault, stallFault} from './connection-faults.js';
import {cdnFault} from './download-faults.js';
import {states} from './fault-state.js';

/**
 * Called for every request before it is handled. Returns true when the fault answered (or cut) it;
 * false to let the normal handler run, possibly with a response rigged to break after its headers.
 */
export async function injectFault(world: World, origin: SimOrigin, ctx: Ctx): Promise<boolean> {
	const state = states.get(world);
	if (!state) return false;
	if (origin === 'cdn') return cdnFault(state, ctx);
	if (foreignRedirectFault(state, ctx)) return true;
	const hits = (state.options.origins ?? ['labs', 'api']).some((hit) => hit === origin);
	// Order matters for replay: the PRNG is drawn for a stall, then throttling, then a reset.
	await stallFault(state, ctx, hits);
	if (origin === 'api' && apiAnswerFault(state, ctx)) return true;
	return hits && resetFault(state, ctx);
}

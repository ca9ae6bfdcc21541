/** Answer-level faults on labs and api requests: redirects to the foreign host, 503 bursts, 429 throttling. */

import {googleError} from '../shared/google-error.js';
import {type Ctx, redirect, sendGoogleError} from '../shared/http-util.js';
import {chance, count, type FaultState} from './fault-state.js';

const mediaRedirectPath = '/fx/api/trpc/media.getMediaUrlRedirect';

/** Returns true when the request was answered with a redirect to the foreign host. */
export function foreignRedirectFault(state: FaultState, ctx: Ctx): boolean {
	const {view} = state;
	const path = ctx.url.pathname;
	if (state.foreignLeft > 0 && path !== mediaRedirectPath) {
		state.foreignLeft--;
		count(state, 'foreign-redirect');
		ctx.req.resume();
		redirect(ctx, 302, `${view.foreignUrl}${path}`);
		return true;
	}
	if (state.foreignMediaLeft > 0 && path === mediaRedirectPath) {
		state.foreignMediaLeft--;
		count(state, 'foreign-media-redirect');
		redirect(
			ctx,
			307,
			`${view.foreignUrl}/video/${encodeURIComponent(ctx.url.searchParams.get('name') ?? '')}`,
		);
		return true;
	}
	return false;
}

/** For api requests only. Returns true when the request was answered with a 503 or a 429. */
export function apiAnswerFault(state: FaultState, ctx: Ctx): boolean {
	const {options} = state;
	state.apiRequests++;
	const burst = options.burst5xx;
	if (burst && burst.every > 0 && state.apiRequests % burst.every === 0) state.burstLeft = burst.length;
	if (state.burstLeft > 0) {
		state.burstLeft--;
		count(state, 'burst-5xx');
		ctx.req.resume();
		const echo = options.echoCredentials
			? ` (request had ${ctx.req.headers.authorization ?? 'no authorization'}; cookie ${ctx.req.headers.cookie ?? 'none'})`
			: '';
		sendGoogleError(ctx, googleError(503, 'UNAVAILABLE', `The service is currently unavailable.${echo}`));
		return true;
	}
	if (chance(state, options.throttleRate)) {
		count(state, 'throttle');
		ctx.req.resume();
		const retryAfter = String(options.retryAfterSeconds ?? 0.2);
		sendGoogleError(
			ctx,
			googleError(
				429,
				'RESOURCE_EXHAUSTED',
				'Resource has been exhausted (e.g. check quota).',
				'PUBLIC_ERROR_USER_REQUESTS_THROTTLED',
				{'retry-after': retryAfter},
			),
		);
		return true;
	}
	return false;
}

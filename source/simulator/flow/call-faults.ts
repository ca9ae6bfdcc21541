/**
 * The flow faults that answer a call instead of its handler (flow/faults.ts has the knobs): xsrf
 * challenges, bursts of 5xx, coded refusals, a fresh `at` per page load and the mp4 URL published late.
 */
import type {FlowFaultState} from './faults.js';
import {codeEntry, type Entry, erEntry} from './wire.js';

export type FlowFault = {kind: 'xsrf'} | {kind: 'entries'; entries: Entry[]} | {kind: 'http'; status: number};

/** Decides, for one otherwise acceptable call, whether a fault answers it instead of its handler. */
export function flowFault(state: FlowFaultState, account: string, rpcid: string): FlowFault | undefined {
	const {options, injected} = state;
	const xsrf = options.xsrfOn;
	if (xsrf && xsrf.every > 0 && xsrf.rpcids.includes(rpcid)) {
		const key = `${account}\0${rpcid}`;
		const n = (state.perRpc.get(key) ?? 0) + 1;
		state.perRpc.set(key, n);
		if (n % xsrf.every === 0) {
			injected.xsrf++;
			return {kind: 'xsrf'};
		}
	}
	const burst = options.burst5xx;
	state.calls++;
	if (burst && burst.every > 0 && state.calls % burst.every === 0) state.burstLeft = burst.length;
	if (state.burstLeft > 0) {
		state.burstLeft--;
		injected['burst-5xx']++;
		// An `er` with an HTTP-style status (flow/wire.ts erEntry, as F2A-cur reads it); a front end that
		// gives up answers in HTTP itself, with Google's error page (the form of the 400 in flow/routes.ts).
		return state.burstLeft % 2 === 0
			? {kind: 'entries', entries: [erEntry(503)]}
			: {kind: 'http', status: 503};
	}
	for (const [i, rule] of (options.errorFrames ?? []).entries()) {
		if (rule.rpcids && !rule.rpcids.includes(rpcid)) continue;
		if (rule.accounts && !rule.accounts.includes(account)) continue;
		const seen = (state.frameSeen[i] ?? 0) + 1;
		state.frameSeen[i] = seen;
		if (seen <= (rule.after ?? 0)) continue;
		if ((state.frameServed[i] ?? 0) >= (rule.limit ?? Number.POSITIVE_INFINITY)) continue;
		if (state.random() >= (rule.rate ?? 1)) continue;
		state.frameServed[i] = (state.frameServed[i] ?? 0) + 1;
		injected['error-frame']++;
		return {kind: 'entries', entries: [codeEntry(rpcid, rule.code, rule.reason)]};
	}
	return undefined;
}

/** Whether a page load hands out a fresh `at` (counted when it does). */
export function rotatesOnPageLoad(state: FlowFaultState): boolean {
	if (!state.options.rotateAtOnPageLoad) return false;
	state.injected['at-rotated']++;
	return true;
}

/** Whether as29s holds back the URL of a done media this time (counted when it does). */
export function urlHeldBack(state: FlowFaultState, mediaName: string): boolean {
	const late = state.options.urlLateAnswers ?? 0;
	const asks = (state.urlAsks.get(mediaName) ?? 0) + 1;
	state.urlAsks.set(mediaName, asks);
	if (asks > late) return false;
	state.injected['url-late']++;
	return true;
}

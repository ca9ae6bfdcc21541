/**
 * How the flow.google.com answer readers (wire/flow/payload-answers.ts, wire/flow/payload-status.ts)
 * show and refuse an answer they cannot read. Pure: no I/O.
 */
import type {FlowError} from '../../errors/index.js';
import {publicErrorIn, wireChanged} from './batchexecute.js';

export function show(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		// Only depth makes a parsed answer unprintable, and String() would recurse as deep (RangeError).
		return '(an answer nested too deep to show)';
	}
}

/** A changed answer, or a refusal the payload itself carries (PUBLIC_ERROR_* inside it). */
export const unreadable = (payload: unknown, rpc: string): FlowError =>
	publicErrorIn(payload) ?? wireChanged(show(payload), rpc);

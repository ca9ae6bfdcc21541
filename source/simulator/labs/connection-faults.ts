/** Connection-level faults on labs and api requests: answers held past a client's timeout, connections cut. */
import type {ServerResponse} from 'node:http';
import {type Ctx, sleep} from '../shared/http-util.js';
import {chance, count, type FaultState} from './fault-state.js';

/** Holds the request for `stallMs` when `hits` (its origin is one the options name) and the dice say so. */
export async function stallFault(state: FaultState, ctx: Ctx, hits: boolean): Promise<void> {
	const {options} = state;
	const stalls = options.stallPaths?.some((part) => ctx.url.pathname.includes(part)) ?? true;
	if (hits && stalls && chance(state, options.stallRate)) {
		count(state, 'stall');
		await sleep(options.stallMs ?? 2000);
	}
}

/**
 * Returns true when the connection was cut before the request was handled; a reset after instead
 * rigs the response to break after its headers and returns false, so the handler still runs.
 */
export function resetFault(state: FaultState, ctx: Ctx): boolean {
	if (!chance(state, state.options.resetRate)) return false;
	if (state.random() < 0.5) {
		count(state, 'reset-before');
		ctx.req.socket.destroy();
		return true;
	}
	count(state, 'reset-after');
	breakAfterHeaders(ctx.res);
	return false;
}

/** The handler runs (and acts) normally; its answer then stops halfway and the connection drops. */
function breakAfterHeaders(res: ServerResponse): void {
	const cut = (chunk?: unknown) => {
		const bytes =
			typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.alloc(0);
		const socket = res.socket;
		if (bytes.length === 0 || !socket) {
			socket?.destroy();
			return res;
		}
		// Raw write: ServerResponse would hold these back or complete the message on end().
		res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => socket.destroy());
		return res;
	};
	res.end = cut as ServerResponse['end'];
}

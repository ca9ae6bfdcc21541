/**
 * The captures the wire-shapes-*.test.ts files hold the simulator's answers and flowdeck's requests
 * against (test/fixtures/wire/flow), by RPC and state, each read as one side of a comparison.
 */
import {readRpcOutcome} from '../../../../source/labs/wire/flow/batchexecute.js';
import {capturedCalls, decodedForm, innerOf, type Path} from './shape.js';

// ---------------------------------------------------------------------------------------------------
// The captures, by RPC and state
// ---------------------------------------------------------------------------------------------------

export type State = 'credits' | 'submitted' | 'running' | 'done';
/** t2v: text to video; r2v: reference to video (the record carries the reference image). */
export type Kind = 't2v' | 'r2v' | 'none';

export type Side = {
	/** Where it comes from, for messages. */
	name: string;
	rpcid: string;
	state: State;
	kind: Kind;
	request: unknown;
	freq: string;
	query: string[];
	reply: unknown;
	replyText: string;
};

const day1 = '2026-09-24_video-rpcs.masked.jsonl';
const day2 = '2026-09-25_video-rpcs.masked.jsonl';

function captured(jsonl: string, line: number, state: State, kind: Kind): Side {
	const call = capturedCalls(jsonl)[line]!;
	const {freq} = decodedForm(call.reqBody);
	const outcome = readRpcOutcome(call.respBody, call.rpcid);
	if (outcome.kind !== 'payload') throw new Error(`${jsonl} #${line} is not a payload`);
	return {
		name: `${jsonl} #${line}`,
		rpcid: call.rpcid,
		state,
		kind,
		request: innerOf(freq).payload,
		freq,
		query: (call.url.split('?')[1] ?? '').split('&').map((pair) => pair.split('=')[0]!),
		reply: outcome.payload,
		replyText: call.respBody,
	};
}

/** Every capture of the RPCs flowdeck speaks, by state (the r2v MZZa6b submits have no counterpart here). */
export const captures = {
	credits: [captured(day1, 3, 'credits', 'none')],
	submitted: [captured(day1, 0, 'submitted', 't2v'), captured(day2, 4, 'submitted', 't2v')],
	// The only running poll captured is of an Omni reference-to-video job.
	running: [captured(day2, 1, 'running', 'r2v')],
	done: [
		captured(day1, 1, 'done', 't2v'),
		captured(day2, 2, 'done', 'r2v'),
		captured(day2, 6, 'done', 'r2v'),
	],
	mediaUrl: [captured(day1, 2, 'done', 't2v'), captured(day2, 3, 'done', 'r2v')],
};

/**
 * Where the (first) media record sits in each answer, as captured: the generate answer lists its
 * records at [3] and a poll at [2], one level deep both (`[null, n, [heading], [record]]`,
 * `[null, n, [record]]`); as29s is the record.
 */
export const recordAt: Record<string, Path | undefined> = {
	YhhmEf: [3, 0],
	jwpduf: [2, 0],
	as29s: [],
	nzlxg: undefined,
};

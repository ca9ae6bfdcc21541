/**
 * Fault knobs of the flow.google.com stand-in, for the chaos suite (test/chaos/flow-faults*.test.ts):
 * xsrf challenges on chosen RPCs, an `at` that rotates on every page load, coded refusals in the
 * error slot, bursts of 5xx, the mp4 URL published late, length lines that lie by more than one, and
 * error answers that quote the request's secrets back. The labs-side knobs stay in faults.ts; the
 * ones that already work on both wires (resetRate with `origins: ['flow']`, the download faults,
 * dropSubmitReply, xsrfEvery, errorRate) are reused, not repeated here. Random choices draw from a
 * PRNG seeded from the simulator's seed, so a failing run replays. call-faults.ts and answer-faults.ts
 * serve them.
 */
import {type Random, randomSeed, seededRandom} from '../shared/random.js';

/** One kind of coded refusal, in the error-slot form docs/wire-captures.md ("Errors") gives. */
export type FlowErrorFrame = {
	/** google.rpc.Code (docs/wire-captures.md, "Errors"): 16 signed out, 7 permission, 8 quota/throttle, 13 internal. */
	code: number;
	/** The PUBLIC_ERROR_* reason in the slot's ErrorInfo; without one the slot is the bare `[code]`. */
	reason?: string;
	/** RPC ids it hits. Default: every one. */
	rpcids?: string[];
	/** Accounts it hits. Default: every one. */
	accounts?: string[];
	/** 0..1 chance per matching call (seeded). Default 1. */
	rate?: number;
	/** Matching calls let through before the first refusal. Default 0. */
	after?: number;
	/** At most this many refusals. Default: no limit. */
	limit?: number;
};

export type FlowFaultOptions = {
	/** Every `every`-th call of these RPCs (per account) meets an xsrf challenge with a fresh `at`. */
	xsrfOn?: {rpcids: string[]; every: number};
	/** Every signed-in page load hands out a fresh `at`: the one calls in flight carry goes stale. */
	rotateAtOnPageLoad?: boolean;
	/** Coded refusals; the first rule that fires answers the call (nothing is done). */
	errorFrames?: FlowErrorFrame[];
	/** Every `every`-th batchexecute call starts `length` answers of 5xx (alternately `er` 503 and HTTP 503). */
	burst5xx?: {every: number; length: number};
	/**
	 * The URL is published late: each done media's first N as29s answers are its record without the
	 * URLs (a count, not a time, so a slow machine cannot make the fault vanish).
	 */
	urlLateAnswers?: number;
	/**
	 * Every length line is off by 1..N (either way, seeded) instead of flow/wire.ts's ±1: the captured
	 * length lines do not match their chunks either (test/fixtures/wire/flow, SOURCES.md).
	 */
	lengthSkew?: number;
	/**
	 * Every error answer (`er` entries and coded refusals) quotes the request back, as a chatty server
	 * might: the whole Cookie header, the `at`, `f.sid` and the generate call's captcha token, in a
	 * google.rpc.DebugInfo detail. For the secret-scan tests: none of it may reach flowdeck's output.
	 */
	echoSecrets?: boolean;
};

const flowFaultKinds = ['xsrf', 'at-rotated', 'error-frame', 'burst-5xx', 'url-late', 'echo'] as const;
export type FlowFaultKind = (typeof flowFaultKinds)[number];

export type FlowFaultState = {
	options: FlowFaultOptions;
	random: Random;
	injected: Record<FlowFaultKind, number>;
	calls: number;
	burstLeft: number;
	perRpc: Map<string, number>;
	/** as29s answers so far per done media (urlLateAnswers). */
	urlAsks: Map<string, number>;
	frameSeen: number[];
	frameServed: number[];
};

/** Options object → what was injected under it, so a test holding its options can read the counts. */
const counts = new WeakMap<FlowFaultOptions, Record<FlowFaultKind, number>>();

/** How many faults of each kind the simulator(s) started with `options` injected so far. */
export function flowFaultsInjected(options: FlowFaultOptions): Record<FlowFaultKind, number> {
	return counts.get(options) ?? zero();
}

const zero = () =>
	Object.fromEntries(flowFaultKinds.map((kind) => [kind, 0])) as Record<FlowFaultKind, number>;

export function createFlowFaults(
	options: FlowFaultOptions | undefined,
	seed: number | undefined,
): FlowFaultState {
	const opts = options ?? {};
	const injected = counts.get(opts) ?? zero();
	if (options) counts.set(options, injected);
	return {
		options: opts,
		random: seededRandom((seed ?? randomSeed()) ^ 0x6a09e667),
		injected,
		calls: 0,
		burstLeft: 0,
		perRpc: new Map(),
		urlAsks: new Map(),
		frameSeen: (opts.errorFrames ?? []).map(() => 0),
		frameServed: (opts.errorFrames ?? []).map(() => 0),
	};
}

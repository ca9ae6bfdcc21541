/**
 * Fault knobs of the flow.google.com stand-in, for the chaos suite (test/chaos/flow-faults*.test.ts):
 * xsrf challenges on chosen RPCs, an `at` that rotates on every page load, coded refusals in the
 * error slot, bursts of 5xx, the mp4 URL published late, length lines that lie by more than one, and
 * error answers that quote the request's secrets back. The labs-side knobs stay in faults.ts; the
 * ones that already work on both wires (resetRate with `origins: ['flow']`, the download faults,
 * dropSubmitReply, xsrfEvery, errorRate) are reused, not repeated here. Random choices draw from a
 * PRNG seeded from the simulator's seed, so a failing run replays.
 */
import type {IncomingMessage} from 'node:http';
import {type Random, randomSeed, seededRandom} from '../shared/random.js';
import {codeEntry, type Entry, erEntry} from './wire.js';

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

export const flowFaultKinds = ['xsrf', 'at-rotated', 'error-frame', 'burst-5xx', 'url-late', 'echo'] as const;
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

/** Rewrites every length line of a framed answer to lie by 1..lengthSkew, either way. */
export function skewLengths(state: FlowFaultState, text: string): string {
	const skew = Math.floor(state.options.lengthSkew ?? 0);
	if (skew <= 0) return text;
	// Frames are `<length>\n<one-line json>\n`: a line of digits is always a length line.
	return text
		.split('\n')
		.map((line) => {
			if (!/^\d+$/.test(line)) return line;
			const by = 1 + Math.floor(state.random() * skew);
			return String(Math.max(0, Number(line) + (state.random() < 0.5 ? -by : by)));
		})
		.join('\n');
}

/** The request's secrets, as a chatty server would quote them. */
export type Quoted = {req: IncomingMessage; at: string | null; fsid: string | null; payload: unknown};

/** The generate call's reCAPTCHA token (`payload[1][10][0]`, flow/rpcs.ts), if the call has one. */
function captchaOf(payload: unknown): string | undefined {
	const context = Array.isArray(payload) ? payload[1] : undefined;
	const pair = Array.isArray(context) ? context[10] : undefined;
	return Array.isArray(pair) && typeof pair[0] === 'string' ? pair[0] : undefined;
}

/**
 * echoSecrets: error entries get a google.rpc.DebugInfo detail quoting the request, in the form the
 * ErrorInfo detail of the error slot has (docs/wire-captures.md, "Errors": `[type, [fields…]]`), with
 * DebugInfo's public fields (stack_entries, detail; googleapis google/rpc/error_details.proto).
 * Other entries pass unchanged.
 */
export function echoSecrets(state: FlowFaultState, quoted: Quoted, entries: Entry[]): Entry[] {
	if (!state.options.echoSecrets) return entries;
	const text =
		`request had Cookie: ${quoted.req.headers.cookie ?? 'none'}; at=${quoted.at ?? 'none'}; ` +
		`f.sid=${quoted.fsid ?? 'none'}; captcha=${captchaOf(quoted.payload) ?? 'none'}`;
	const debug = ['type.googleapis.com/google.rpc.DebugInfo', [[], text]];
	return entries.map((entry) => {
		if (entry[0] === 'er') {
			state.injected.echo++;
			return [...entry, [debug]];
		}
		const slot = entry[5];
		if (entry[0] !== 'wrb.fr' || !Array.isArray(slot)) return entry;
		state.injected.echo++;
		const details = Array.isArray(slot[2]) ? slot[2] : [];
		return [...entry.slice(0, 5), [slot[0], null, [...details, debug]], ...entry.slice(6)];
	});
}

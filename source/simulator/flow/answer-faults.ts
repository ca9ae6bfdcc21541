/**
 * The flow faults that rewrite an answer on its way out (flow/faults.ts has the knobs): length lines
 * that lie, and error answers that quote the request's secrets back.
 */
import type {IncomingMessage} from 'node:http';
import type {FlowFaultState} from './faults.js';
import type {Entry} from './wire.js';

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

/** The generate call's reCAPTCHA token (`payload[1][10][0]`, flow/generate.ts), if the call has one. */
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

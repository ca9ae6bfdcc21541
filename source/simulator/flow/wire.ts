/**
 * How the flow.google.com stand-in frames its answers, as the captures in test/fixtures/wire/flow
 * show it: the `)]}'` guard and a blank line, `<length>\n<chunk>` pairs, a `wrb.fr` entry with the
 * payload as a JSON string, `di` and `af.httprm` beside it and a final `["e",4,null,null,<n>]` chunk.
 * The length lines are off on purpose: masking made the captured ones wrong, so a client must not
 * trust them. The records themselves are built in flow-records.ts.
 */
import {randomInt} from 'node:crypto';

export type Entry = unknown[];

const guard = ")]}'\n\n";

/**
 * Chunks as `<length>\n<json>\n`, every length one off the truth, alternately over and under: a
 * client that trusts the prefixes cuts a chunk short or runs into the next one.
 */
function frame(chunks: Entry[][]): string {
	return (
		guard +
		chunks
			.map((chunk, i) => {
				const json = JSON.stringify(chunk);
				return `${json.length + (i % 2 === 0 ? 1 : -1)}\n${json}\n`;
			})
			.join('')
	);
}

/** One answer: the entries, then `di` and `af.httprm` beside them and a final `e` chunk (captured). */
export function reply(entries: Entry[]): string {
	const ms = randomInt(20, 400);
	const first: Entry[] = [...entries, ['di', ms], ['af.httprm', ms - 1, String(-randomInt(1e9, 9e9)), 7]];
	const size = JSON.stringify(first).length;
	return frame([first, [['e', 4, null, null, size + 40]]]);
}

export const dataEntry = (rpcid: string, payload: unknown): Entry => [
	'wrb.fr',
	rpcid,
	JSON.stringify(payload),
	null,
	null,
	null,
	'generic',
];

/**
 * A null payload with a google.rpc.Code in the error slot at index 5 (EL saw a bare `[3]`). With a
 * reason, the slot is `[code, null, [["type.googleapis.com/google.rpc.ErrorInfo", [reason]]]]`, the
 * form docs/wire-captures.md gives; no real refusal frame has been captured yet.
 */
export function codeEntry(rpcid: string, code: number, reason?: string): Entry {
	const slot =
		reason === undefined ? [code] : [code, null, [['type.googleapis.com/google.rpc.ErrorInfo', [reason]]]];
	return ['wrb.fr', rpcid, null, null, null, slot, 'generic'];
}

/** The whole batch refused: an HTTP-style status at index 5 (F2A-cur reads 5 or 6), the rpc code at 9. */
export function erEntry(status: number): Entry {
	const rpcCode = status === 401 ? 16 : status === 404 ? 5 : status >= 500 ? 14 : 3;
	return ['er', null, null, null, null, status, null, null, null, rpcCode];
}

export const xsrfEntry = (token: string): Entry => ['xsrf', token];

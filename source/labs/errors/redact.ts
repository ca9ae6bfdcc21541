/**
 * Credentials must never reach an error message or a wire sample, even when a server echoes one back
 * or a changed answer carries one: this is the one redactor every message and sample goes through.
 */

import type {WireSample} from '../types.js';

/**
 * A live bearer token or Google session cookie, for records that must refuse one outright (the
 * journal, docs/design.md §5). What redactSecrets leaves of one (`ya29.…`, `SAPISID=…`) is no longer
 * a credential and does not match.
 */
export const credentialPattern = /ya29\.[\w-]|(?:next-auth\.session-token|SAPISID|__Secure-1PSID)=[^…;\s"]/;

/** The most of an answer a sample keeps: enough to see a shape, small enough to paste in a report. */
export const maxSampleChars = 4000;

/**
 * Where a name starts: not inside a word, and also right after a JSON escape (`\n`, `\u0026`), since
 * an answer often carries headers or form bodies as escaped strings.
 */
const start = String.raw`(?<=^|[^\w.-]|\\[nrtbf]|\\u00[0-9a-fA-F]{2})`;
const named = (body: string, flags = 'g'): RegExp => new RegExp(`${start}${body}`, flags);

const rules: Array<[RegExp, string]> = [
	// A whole Cookie header: cookies flowdeck has never heard of are still cookies.
	[named(String.raw`((?:set-)?cookie"?\s*[:=]\s*"?)[^\r\n"\\]+`, 'gi'), '$1…'],
	// Session cookies by name: SAPISID is ~34 characters, too short for the long-run rules below.
	// The name's runs are bounded: `[A-Z0-9]*SID[A-Z0-9]*` backtracks quadratically on a long run of
	// SIDs (seconds for a 400 KB answer, found by test/chaos/fuzz-flow.test.ts).
	[
		named(
			String.raw`((?:__Secure-|__Host-)[\w.-]+|[A-Z0-9]{0,40}SID[A-Z0-9]{0,40}|SIDCC|NID|AEC|next-auth\.session-token)=[^;\s"'&\\]+`,
		),
		'$1=…',
	],
	[named(String.raw`(SAPISID(?:1P|3P)?HASH)\s+[\w-]+`), '$1 …'],
	[named(String.raw`(Bearer)\s+[\w.~+/-]+=*`, 'gi'), '$1 …'],
	[/ya29\.[\w.-]+/g, 'ya29.…'],
	// Keep the recognisable prefix: "a reCAPTCHA token was here" helps reading a sample.
	[/(0cAFcW[\w.-])[\w.-]+/g, '$1…'],
	// The XSRF `at` value in a form body or URL, whatever its shape.
	[named(String.raw`(at=)[^&\s"'\\]+`), '$1…'],
	[/(Signature=)[^&\s"'\\]+/gi, '$1…'],
	// Long base64 or base64url runs (other reCAPTCHA tokens, session blobs). The two alphabets are
	// kept apart so a path of UUIDs (`/` plus `-`) is not mistaken for one.
	[/[\w-]{80,}=*/g, '…'],
	[/[A-Za-z0-9+/]{80,}={0,2}/g, '…'],
	// `at` tokens look like `<letters>:<epoch ms>` (SNlM0e); after the long runs, so this stays cheap.
	[/[\w-]{8,}(?::|%3A)\d{12,}/gi, '…'],
];

/** Tokens must never reach an error message, even when a body echoes one back. */
export function redactSecrets(text: string): string {
	let out = typeof text === 'string' ? text : String(text);
	for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
	return out;
}

/**
 * Redacts before cutting, so no token is cut into a piece the rules no longer recognise; a window
 * bounds the work on a huge page.
 */
export function redactSample(text: string): string {
	const raw = typeof text === 'string' ? text : String(text);
	return redactSecrets(raw.slice(0, maxSampleChars * 16)).slice(0, maxSampleChars);
}

/** What a protocol error keeps of the answer it could not read. */
export const wireSampleOf = (rpc: string | undefined, text: string): WireSample => ({
	rpc: typeof rpc === 'string' && rpc !== '' ? rpc : 'unknown',
	text: redactSample(text),
});

// Tolerant reading helpers the labs answer readers share: safe field access and FlowError builders.

import {excerpt, FlowError, redactSecrets} from '../../errors/index.js';

// ---------------------------------------------------------------------------------------------------
// Tolerant reading helpers
// ---------------------------------------------------------------------------------------------------

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows keys through records; undefined as soon as a step is not a record. */
export function at(value: unknown, ...keys: string[]): unknown {
	let current = value;
	for (const key of keys) {
		if (!isRecord(current)) return undefined;
		current = current[key];
	}
	return current;
}

export const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A finite number, also from a numeric string (some proto3 JSON encoders quote int64). */
export function numeric(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

/** JSON text of `value`; `undefined`, a function or a value JSON cannot write as String() gives it. */
export function stringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** `<what>: unexpected answer: <excerpt>`, the excerpt cleared of tokens. */
export function unexpectedText(what: string, shownText: string, detail?: string): FlowError {
	const shown = excerpt(redactSecrets(shownText)) || '(empty)';
	// Details quote the answer too (an unknown status value): they get the same redaction.
	const said = detail ? ` (${excerpt(redactSecrets(detail))})` : '';
	return new FlowError('protocol', `${what}: unexpected answer: ${shown}${said}`);
}

export const unexpected = (what: string, value: unknown, detail?: string): FlowError =>
	unexpectedText(what, stringify(value), detail);

/** An optional array field: absent is fine, present-but-not-an-array is not. */
export function optionalArray(what: string, body: Json, key: string): unknown[] | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw unexpected(what, body, `"${key}" is not a list`);
	return value;
}

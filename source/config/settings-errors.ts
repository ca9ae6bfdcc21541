/**
 * A settings file conf could not read or write, told in one line naming the file and the key: a JSON
 * mistake by line and column, a schema violation in the schema's own wording.
 */

import {readFileSync} from 'node:fs';
import {ConfigError} from './accounts-file.js';
import {jsonErrorAt} from './json-error.js';
import {schemaNodeAt} from './settings-schema.js';

/** conf's errors (JSON.parse's SyntaxError, "Config schema violation: …") as one line naming file and key. */
export function explainSettingsError(path: string, error: unknown): ConfigError {
	if (error instanceof ConfigError) return error;
	const err = error as NodeJS.ErrnoException;
	if (err?.name === 'SyntaxError') {
		return new ConfigError(jsonMistake(error, path));
	}
	const message = typeof err?.message === 'string' ? err.message : String(error);
	const violation = message.startsWith('Config schema violation: ') ? firstViolation(message) : undefined;
	if (violation)
		return new ConfigError(`${path}: ${describeViolation(path, violation.pointer, violation.text)}`);
	if (err?.code) return new ConfigError(`${path}: cannot read or write (${err.code})`);
	return new ConfigError(`${path}: ${message}`);
}

type Violation = {pointer: string; text: string};

/**
 * The violation to report. A failed anyOf (an account with neither cookie) also lists each branch's
 * missing key; those are left out, so the anyOf's own wording is what the user reads.
 */
function firstViolation(message: string): Violation | undefined {
	const violations: Violation[] = [...message.matchAll(/`([^`]*)` ([^;]*)/g)].map((match) => ({
		pointer: match[1] ?? '',
		text: match[2] ?? '',
	}));
	const failedAnyOf = new Set(
		violations.filter((v) => /must match a schema in anyOf/.test(v.text)).map((v) => v.pointer),
	);
	const isBranchOfFailedAnyOf = ({pointer, text}: Violation) => {
		const missing = /must have required property '([^']+)'/.exec(text)?.[1];
		if (missing === undefined || !failedAnyOf.has(pointer)) return false;
		const branches = schemaNodeAt(pointer === '' ? [] : pointer.split('/'))?.anyOf ?? [];
		return branches.some((branch) => branch.required?.includes(missing));
	};
	const reported = violations.filter((violation) => !isBranchOfFailedAnyOf(violation));
	// A plain mistake first (a missing name, a bad value): the anyOf only when nothing else is wrong.
	return (
		reported.find((v) => !failedAnyOf.has(v.pointer) || !/anyOf/.test(v.text)) ?? reported[0] ?? violations[0]
	);
}

function describeViolation(path: string, pointer: string, ajvMessage: string): string {
	const segments = pointer === '' ? [] : pointer.split('/');
	const key = displayKey(segments);
	if (/must match a schema in anyOf/.test(ajvMessage)) {
		const wording = schemaNodeAt(segments)?.anyOf?.find((branch) => branch.description)?.description;
		return `${key || 'the file'} ${wording ?? ajvMessage}`;
	}
	const required = /must have required property '([^']+)'/.exec(ajvMessage);
	if (required) return `${key || 'the file'} is missing "${required[1]}"`;
	if (/additional properties/.test(ajvMessage)) {
		const unknown = unknownKeyAt(path, segments);
		const where = key ? `${key}: ` : '';
		return unknown === undefined ? `${where}unknown key` : `${where}unknown key "${unknown}"`;
	}
	const node = schemaNodeAt(segments);
	return `${key} ${node?.description ?? ajvMessage}`;
}

/** `accounts/0/maxInFlight` → `accounts[0].maxInFlight`. */
function displayKey(segments: string[]): string {
	return segments.reduce(
		(text, segment) =>
			/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
		'',
	);
}

/** ajv names the object, not the stray key: find it in the file itself. */
function unknownKeyAt(path: string, segments: string[]): string | undefined {
	try {
		let value: unknown = JSON.parse(readFileSync(path, 'utf8'));
		for (const segment of segments) value = (value as Record<string, unknown>)?.[segment];
		const known = schemaNodeAt(segments)?.properties ?? {};
		return Object.keys((value as Record<string, unknown>) ?? {}).find((key) => !(key in known));
	} catch {
		return undefined;
	}
}

/** Node 20 says "at position 57"; people count lines. */
/**
 * Where the file goes wrong and why, without V8's quote of the text around the mistake: in a settings
 * file that text is often a cookie (json-error.ts).
 */
function jsonMistake(error: unknown, path: string): string {
	try {
		const {line, column, reason} = jsonErrorAt(readFileSync(path, 'utf8'), error);
		return `${path}:${line}:${column}: not valid JSON: ${reason}`;
	} catch {
		return `${path}: not valid JSON`;
	}
}

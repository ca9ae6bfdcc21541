// The .json format, the JSON scene object shared with .jsonl, and JSON error lines.
import type {SceneInput} from '../scenes.js';
import {checkPrompt, fieldNames, isPlainObject, type SceneBuilder, withOptions} from './builder.js';
import type {Fail} from './errors.js';
import {scanJsonLayout} from './json-layout.js';

export function parseJson(text: string, builder: SceneBuilder, fail: Fail): void {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		fail(jsonErrorLine(error, text), `invalid JSON (${jsonReason(error)})`);
	}

	const layout = scanJsonLayout(text);
	let items: unknown[];
	let lines: number[];
	if (Array.isArray(value)) {
		items = value;
		lines = layout.rootArray;
	} else if (isPlainObject(value) && Array.isArray(value.scenes)) {
		for (const key of Object.keys(value)) {
			if (key !== 'scenes') {
				fail(layout.rootKeys.get(key) ?? 1, `unknown field "${key}"`);
			}
		}

		items = value.scenes;
		lines = layout.scenesArray;
	} else {
		fail(1, 'expected an array of scenes or {"scenes": [...]}');
	}

	for (const [i, item] of items.entries()) {
		builder.add(fromJsonObject(item, lines[i] ?? 1, fail));
	}
}

export function fromJsonObject(value: unknown, line: number, fail: Fail): SceneInput {
	if (!isPlainObject(value)) {
		fail(line, 'expected a JSON object');
	}

	for (const key of Object.keys(value)) {
		if (!fieldNames.has(key)) {
			fail(line, `unknown field "${key}"`);
		}
	}

	const prompt = value.prompt;
	if (prompt === undefined || prompt === null) {
		fail(line, 'missing prompt');
	}

	if (typeof prompt !== 'string') {
		fail(line, 'prompt must be a string');
	}

	const input: SceneInput = {line, prompt: checkPrompt(prompt.trim(), line, fail)};
	const id = jsonId(value.id, line, fail);
	if (id !== undefined) {
		input.id = id;
	}

	return withOptions(input, value, false, fail);
}

function jsonId(value: unknown, line: number, fail: Fail): string | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}

	const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof id !== 'string' || id.trim() === '') {
		fail(line, 'id must be a non-empty string or a number');
	}

	return id.trim();
}

// V8's messages end in " in JSON at position N" (" after JSON at position N" for trailing text) or
// quote the whole input; keep just the first clause. JSON.parse throws nothing but SyntaxError.
export function jsonReason(error: unknown): string {
	const reason = (error as SyntaxError).message
		.replace(/ (?:in JSON )?at position \d+.*$/s, '')
		.replace(/, ".*" is not valid JSON$/s, '')
		.trim();
	return reason.charAt(0).toLowerCase() + reason.slice(1);
}

function jsonErrorLine(error: unknown, text: string): number | undefined {
	const {message} = error as SyntaxError;
	const position = /at position (\d+)/.exec(message)?.[1];
	if (position !== undefined) {
		return lineOfOffset(text, Number(position));
	}

	return /unexpected end/i.test(message) ? lineOfOffset(text, text.length) : undefined;
}

function lineOfOffset(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
	}

	return line;
}

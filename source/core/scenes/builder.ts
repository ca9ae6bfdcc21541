// Scene building and the field checks shared by every format.
import type {Aspect, Scene, SceneDefaults, SceneInput} from '../scenes.js';
import type {Fail} from './errors.js';
import {inputFields, readInputs} from './inputs.js';
import {wholeNumber} from './whole-number.js';

const maxPromptLength = 10_000;
export const fieldNames = new Set([
	'prompt',
	'id',
	'aspect',
	'model',
	'copies',
	'seed',
	...Object.keys(inputFields),
]);

// Turns validated inputs into scenes one at a time, so the first problem in file order wins,
// duplicate ids included.
export class SceneBuilder {
	readonly scenes: Scene[] = [];
	private readonly idLines = new Map<string, number>();

	constructor(
		private readonly defaults: SceneDefaults,
		private readonly fail: Fail,
	) {}

	add(input: SceneInput): void {
		const index = this.scenes.length + 1;
		const id = input.id ?? String(index).padStart(3, '0');
		const firstLine = this.idLines.get(id);
		if (firstLine !== undefined) {
			this.fail(input.line, `duplicate id "${id}" (first on line ${firstLine})`);
		}

		this.idLines.set(id, input.line);
		const scene: Scene = {
			index,
			id,
			prompt: input.prompt,
			aspect: input.aspect ?? this.defaults.aspect,
			model: input.model ?? this.defaults.model,
			copies: input.copies ?? this.defaults.copies,
			line: input.line,
		};
		if (input.seed !== undefined) {
			scene.seed = input.seed;
		}

		if (input.inputs !== undefined) {
			// Only an earlier scene: a clip cannot continue itself or one not made yet, so no cycle.
			const source = input.inputs.extend;
			if (source !== undefined && source >= index) {
				this.fail(input.line, `extend must name an earlier scene (this is scene ${index})`);
			}

			scene.inputs = input.inputs;
		}

		this.scenes.push(scene);
	}
}

// Shared by JSON and CSV: `fromText` says values arrive as strings (CSV cells) rather than JSON numbers.
export function withOptions(
	input: SceneInput,
	fields: Record<string, unknown>,
	fromText: boolean,
	fail: Fail,
): SceneInput {
	const {line} = input;
	const aspect = absentIfNull(fields.aspect);
	if (aspect !== undefined) {
		input.aspect = toAspect(aspect) ?? fail(line, 'aspect must be 16:9 or 9:16');
	}

	const model = absentIfNull(fields.model);
	if (model !== undefined) {
		if (typeof model !== 'string' || model.trim() === '') {
			fail(line, 'model must be a non-empty string');
		}

		input.model = model.trim();
	}

	const copies = absentIfNull(fields.copies);
	if (copies !== undefined) {
		const n = wholeNumber(copies, fromText);
		if (n === undefined || n < 1 || n > 4) {
			fail(line, 'copies must be 1-4');
		}

		input.copies = n;
	}

	const seed = absentIfNull(fields.seed);
	if (seed !== undefined) {
		input.seed = wholeNumber(seed, fromText) ?? fail(line, 'seed must be a whole number ≥ 0');
	}

	const inputs = readInputs(fields, line, fromText, fail);
	if (inputs !== undefined) {
		input.inputs = inputs;
	}

	return input;
}

function absentIfNull(value: unknown): unknown {
	return value === null ? undefined : value;
}

function toAspect(value: unknown): Aspect | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}

	switch (value.trim().toLowerCase()) {
		case '16:9':
		case 'landscape': {
			return '16:9';
		}

		case '9:16':
		case 'portrait': {
			return '9:16';
		}

		default: {
			return undefined;
		}
	}
}

export function checkPrompt(prompt: string, line: number, fail: Fail): string {
	if (prompt === '') {
		fail(line, 'empty prompt');
	}

	if (longerThan(prompt, maxPromptLength)) {
		fail(line, `prompt is longer than ${maxPromptLength} characters`);
	}

	return prompt;
}

// Counts code points (a Vietnamese letter or an emoji is one character), stopping early so a
// 10 MB line costs no more than it must.
function longerThan(text: string, limit: number): boolean {
	if (text.length <= limit) {
		return false;
	}

	let count = 0;
	for (const _ of text) {
		count++;
		if (count > limit) {
			return true;
		}
	}

	return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Proves a scene-file error stays one short line whatever the file quotes into it (control characters
// escaped, long problems cut), and that JSON syntax errors name the right line and a readable reason.
import {describe, expect, it} from 'vitest';
import {parseScenes, type SceneDefaults, SceneFileError} from '../../../source/core/scenes.js';

const defaults: SceneDefaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1};

function messageOf(text: string, fileName: string): string {
	try {
		parseScenes(text, fileName, defaults);
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return (error as SceneFileError).message;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

/** The message for a .jsonl scene on line 2 with an unknown field named `key`. */
function unknownFieldMessage(key: string): string {
	return messageOf(`{"prompt":"ok"}\n${JSON.stringify({prompt: 'x', [key]: 1})}\n`, 'scenes.jsonl');
}

describe('one-line error messages', () => {
	it('escapes line breaks and tabs by name', () => {
		expect(unknownFieldMessage('a\nb\rc\td')).toBe('scenes.jsonl:2: unknown field "a\\nb\\rc\\td"');
	});

	it('escapes every other control character as \\u plus four lowercase hex digits', () => {
		expect(unknownFieldMessage('\u0000\u0001\u001b\u001f\u007f')).toBe(
			'scenes.jsonl:2: unknown field "\\u0000\\u0001\\u001b\\u001f\\u007f"',
		);
		// The Unicode line and paragraph separators break lines in terminals and logs too.
		expect(unknownFieldMessage('x\u2028y\u2029z')).toBe('scenes.jsonl:2: unknown field "x\\u2028y\\u2029z"');
	});

	it('escapes all of U+0000–U+001F, each in place', () => {
		for (let code = 0; code < 0x20; code++) {
			const c = String.fromCharCode(code);
			const named = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}[c];
			const escaped = named ?? `\\u00${code.toString(16).padStart(2, '0')}`;
			expect(unknownFieldMessage(`<${c}>`)).toBe(`scenes.jsonl:2: unknown field "<${escaped}>"`);
		}
	});

	it('leaves printable neighbours of the escaped ranges alone', () => {
		const printable = ' ~\u0080\u00a0\u2027\u202a Cảnh 🎬';
		expect(unknownFieldMessage(printable)).toBe(`scenes.jsonl:2: unknown field "${printable}"`);
	});

	it('escapes control characters in CSV headers and ids too', () => {
		expect(messageOf('prompt,"a\r\nb"\nx,1', 'scenes.csv')).toBe('scenes.csv:1: unknown column "a\\r\\nb"');
		expect(messageOf('prompt,id\nx,"i\td"\ny,"i\td"', 'scenes.csv')).toBe(
			'scenes.csv:3: duplicate id "i\\td" (first on line 2)',
		);
	});

	it('keeps a problem of 240 characters whole and cuts a longer one to 240 with an ellipsis', () => {
		// `unknown field ""` is 16 characters.
		const fits = 'k'.repeat(224);
		expect(unknownFieldMessage(fits)).toBe(`scenes.jsonl:2: unknown field "${fits}"`);
		const long = `${'k'.repeat(223)}XY`;
		expect(unknownFieldMessage(long)).toBe(`scenes.jsonl:2: unknown field "${'k'.repeat(223)}X…`);
		expect(unknownFieldMessage('k'.repeat(5000))).toBe(`scenes.jsonl:2: unknown field "${'k'.repeat(224)}…`);
	});

	it('cuts after escaping, so an escaped key cannot stretch the line', () => {
		const message = unknownFieldMessage('\u0001'.repeat(100));
		expect(message).toBe(`scenes.jsonl:2: unknown field "${'\\u0001'.repeat(37)}\\u…`);
		expect(message.slice('scenes.jsonl:2: '.length)).toHaveLength(240);
	});
});

describe('JSON syntax errors', () => {
	it('name the last line when the text ends too early', () => {
		expect(messageOf('[\n{"prompt":"a"},\n{"prompt":', 'scenes.json')).toBe(
			'scenes.json:3: invalid JSON (unexpected end of JSON input)',
		);
		expect(messageOf('[{"prompt":"a"},\n\n\n', 'scenes.json')).toBe(
			'scenes.json:4: invalid JSON (unexpected end of JSON input)',
		);
		expect(messageOf('', 'scenes.json')).toBe('scenes.json:1: invalid JSON (unexpected end of JSON input)');
	});

	it('name the line of the position V8 reports, counting a line break at that position as before it', () => {
		expect(messageOf('\n\n[{"prompt" "a"}]', 'scenes.json')).toBe(
			"scenes.json:3: invalid JSON (expected ':' after property name)",
		);
		// The string is cut by the raw line break at position 4, which still belongs to line 2.
		expect(messageOf('[\n"a\nb"]', 'scenes.json')).toBe(
			'scenes.json:2: invalid JSON (bad control character in string literal)',
		);
		expect(messageOf('[{"prompt":"a"}]\n\nx', 'scenes.json')).toBe(
			'scenes.json:3: invalid JSON (unexpected non-whitespace character after JSON)',
		);
	});

	it('drop the quoted input from "is not valid JSON" reasons, even across line breaks', () => {
		expect(messageOf('{"prompt":"a"}\r\nnope\r\n', 'scenes.jsonl')).toBe(
			"scenes.jsonl:2: invalid JSON (unexpected token 'o')",
		);
		expect(messageOf('{"prompt":"a"}\nx\n', 'scenes.jsonl')).toBe(
			"scenes.jsonl:2: invalid JSON (unexpected token 'x')",
		);
	});
});

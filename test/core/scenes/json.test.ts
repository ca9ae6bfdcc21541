// Proves .json scenes and their errors get the line the user wrote them on whatever the layout (tabs,
// CR, repeated or nested keys, nested values), and that ids from JSON are read as the user meant.
import {describe, expect, it} from 'vitest';
import {parseScenes, type Scene, type SceneDefaults, SceneFileError} from '../../../source/core/scenes.js';

const defaults: SceneDefaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1};

function parse(text: string, fileName = 'scenes.json'): Scene[] {
	return parseScenes(text, fileName, defaults);
}

function messageOf(text: string, fileName = 'scenes.json'): string {
	try {
		parse(text, fileName);
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return (error as SceneFileError).message;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

describe('.json lines', () => {
	it('skips tabs and carriage returns between elements', () => {
		const scenes = parse('[\t{"prompt":"a"},\t\r\n\t{"prompt":"b"}\t]');
		expect(scenes.map((s) => [s.line, s.prompt])).toStrictEqual([
			[1, 'a'],
			[2, 'b'],
		]);
	});

	it('counts lines after numbers and literals that end a line', () => {
		const text = '[{"prompt":"a","seed":1\n},{"prompt":"b","seed":null\n},\n{"prompt":"c","copies":true}]';
		expect(messageOf(text)).toBe('scenes.json:4: copies must be 1-4');
	});

	it('names the line of an unknown top-level key, not of a value or nested key spelled the same', () => {
		expect(messageOf('{"scenes":[{"prompt":"a"}], "note":\n "x",\n"y": "note"}')).toBe(
			'scenes.json:1: unknown field "note"',
		);
		expect(messageOf('{"extra": 1,\n"scenes": [\n{"prompt": "a", "extra": 2}]}')).toBe(
			'scenes.json:1: unknown field "extra"',
		);
	});

	it('numbers the last "scenes" array when the key is repeated, as JSON.parse keeps it', () => {
		const scenes = parse('{"scenes":[{"prompt":"a"}],\n"scenes":[\n{"prompt":"b"},\n{"prompt":"c"}]}');
		expect(scenes.map((s) => [s.line, s.prompt])).toStrictEqual([
			[3, 'b'],
			[4, 'c'],
		]);
	});

	it('is not thrown off by arrays nested inside a scene', () => {
		expect(messageOf('{"scenes":[\n{"prompt":"a"},\n{"prompt":[\n"b"]}]}')).toBe(
			'scenes.json:3: prompt must be a string',
		);
		expect(messageOf('[\n{"prompt":"a"},\n{"prompt":"b","copies":[\n[2]]}]')).toBe(
			'scenes.json:3: copies must be 1-4',
		);
	});
});

describe('.json shapes and syntax', () => {
	it('rejects a bare number or literal as the whole file', () => {
		for (const text of ['5', '12.5e3', 'true', 'null']) {
			expect(messageOf(text)).toBe('scenes.json:1: expected an array of scenes or {"scenes": [...]}');
		}
	});

	it('drops the position from a reason even when it is a single digit', () => {
		expect(messageOf('{"a" 1}')).toBe("scenes.json:1: invalid JSON (expected ':' after property name)");
	});
});

describe('ids from JSON', () => {
	it('turns numbers into their decimal text and trims strings', () => {
		const scenes = parse('[{"prompt":"a","id":0},{"prompt":"b","id":-1.5},{"prompt":"c","id":"  c  "}]');
		expect(scenes.map((s) => s.id)).toStrictEqual(['0', '-1.5', 'c']);
		expect(parse('[{"prompt":"a","id":null}]').map((s) => s.id)).toStrictEqual(['001']);
	});

	it('rejects numbers too large to be one, and blank strings', () => {
		expect(messageOf('{"prompt":"a","id":1e400}', 'scenes.jsonl')).toBe(
			'scenes.jsonl:1: id must be a non-empty string or a number',
		);
		expect(messageOf('{"prompt":"a","id":" \\t "}', 'scenes.jsonl')).toBe(
			'scenes.jsonl:1: id must be a non-empty string or a number',
		);
	});
});

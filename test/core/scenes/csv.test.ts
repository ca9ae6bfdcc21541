// Proves the CSV reader reports broken CSV as "invalid CSV" on the line of the broken record (even when
// nothing before it parsed), finds record lines whatever the line breaks, and reads every cell value.
import {describe, expect, it} from 'vitest';
import {parseScenes, type Scene, type SceneDefaults, SceneFileError} from '../../../source/core/scenes.js';

const defaults: SceneDefaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1};

function parse(text: string): Scene[] {
	return parseScenes(text, 'scenes.csv', defaults);
}

function messageOf(text: string): string {
	try {
		parse(text);
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return (error as SceneFileError).message;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

describe('broken CSV', () => {
	it.each([
		['a quote never closed in the header', '"prompt,id\nx,1', 'scenes.csv:1: invalid CSV (Quote Not Closed)'],
		['a one-line file with an open quote', '"prompt', 'scenes.csv:1: invalid CSV (Quote Not Closed)'],
		['a quote inside a header name', 'pro"mpt,id\nx,1', 'scenes.csv:1: invalid CSV (Invalid Opening Quote)'],
		[
			'text after a quoted header name',
			'\uFEFF"prompt"x,id\na,1',
			'scenes.csv:1: invalid CSV (Invalid Closing Quote)',
		],
		['blank lines, then a broken header', '\r\n\r\n"prompt', 'scenes.csv:3: invalid CSV (Quote Not Closed)'],
	])('is invalid CSV, not "no scenes", when broken before its first record (%s)', (_name, text, expected) => {
		expect(messageOf(text)).toBe(expected);
	});

	it('names the broken record after a header with no rows', () => {
		expect(messageOf('prompt,id\n"a"b,1')).toBe('scenes.csv:2: invalid CSV (Invalid Closing Quote)');
	});

	it('names the line the broken record starts on, not the line csv-parse counts', () => {
		// csv-parse says line 4 here: it counts the CRLF inside the quoted field twice.
		expect(messageOf('prompt,id\r\n"a\r\nb"c,1\r\n')).toBe(
			'scenes.csv:2: invalid CSV (Invalid Closing Quote)',
		);
	});

	it('keeps only the title of a csv-parse message, even one quoting a line break', () => {
		// In a CRLF file a bare LF is data, so csv-parse quotes it raw in its message.
		expect(messageOf('prompt,id\r\nok,1\r\n"a"\nb,2\r\n')).toBe(
			'scenes.csv:3: invalid CSV (Invalid Closing Quote)',
		);
		expect(messageOf('prompt,id\r\nab\ncd"e,1\r\n')).toBe(
			'scenes.csv:2: invalid CSV (Invalid Opening Quote)',
		);
	});
});

describe('record lines', () => {
	it('takes the record delimiter from the first line break outside quotes', () => {
		// A header cell that is only a quoted line break trims to an unnamed column, which is allowed.
		const crOnly = parse('prompt,"\n"\ra\rb');
		expect(crOnly.map((s) => [s.line, s.prompt])).toStrictEqual([
			[2, 'a'],
			[3, 'b'],
		]);
		const lf = parse('prompt,"\r"\na\nb');
		expect(lf.map((s) => [s.line, s.prompt])).toStrictEqual([
			[2, 'a'],
			[3, 'b'],
		]);
	});

	it('numbers records after quoted fields holding doubled quotes and delimiters', () => {
		const scenes = parse('prompt,id\n"say ""hi""\n, then go",1\n"a,b",2\nc,3');
		expect(scenes.map((s) => [s.line, s.id, s.prompt])).toStrictEqual([
			[2, '1', 'say "hi"\n, then go'],
			[4, '2', 'a,b'],
			[5, '3', 'c'],
		]);
	});
});

describe('cells', () => {
	it('trims ids and models and reads every spelling of the two aspects', () => {
		const text = [
			'prompt,id,aspect,model',
			'a, first ,16:9,  veo_a ',
			'b,second, Landscape ,',
			'c,third,9:16,',
			'd,fourth,PORTRAIT,',
		].join('\n');
		expect(parse(text).map((s) => [s.id, s.aspect, s.model])).toStrictEqual([
			['first', '16:9', 'veo_a'],
			['second', '16:9', 'veo_3_1_t2v_fast'],
			['third', '9:16', 'veo_3_1_t2v_fast'],
			['fourth', '9:16', 'veo_3_1_t2v_fast'],
		]);
	});

	it('reads whole numbers only, copies within 1-4', () => {
		const scenes = parse('prompt,copies,seed\na,1,007\nb,4,0\nc, 2 ,\t9 ');
		expect(scenes.map((s) => [s.copies, s.seed])).toStrictEqual([
			[1, 7],
			[4, 0],
			[2, 9],
		]);
		expect(messageOf('prompt,seed\na,1x')).toBe('scenes.csv:2: seed must be a whole number ≥ 0');
		expect(messageOf('prompt,seed\na,+1')).toBe('scenes.csv:2: seed must be a whole number ≥ 0');
		expect(messageOf('prompt,seed\na,x1')).toBe('scenes.csv:2: seed must be a whole number ≥ 0');
		expect(messageOf('prompt,seed\na,1e3')).toBe('scenes.csv:2: seed must be a whole number ≥ 0');
		expect(messageOf('prompt,seed\na,0x1f')).toBe('scenes.csv:2: seed must be a whole number ≥ 0');
		expect(messageOf('prompt,copies\na,1 2')).toBe('scenes.csv:2: copies must be 1-4');
	});

	it('gives a JSON seed of -0 as plain 0', () => {
		const [scene] = parseScenes('{"prompt":"a","seed":-0}', 'scenes.jsonl', defaults);
		expect(Object.is(scene!.seed, 0)).toBe(true);
	});
});

import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	hashSceneText,
	parseScenes,
	readSceneFile,
	readSceneText,
	type Scene,
	type SceneDefaults,
	SceneFileError,
} from '../../source/core/scenes.js';

const fixtures = fileURLToPath(new URL('../fixtures/scenes/', import.meta.url));
const defaults: SceneDefaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1};
const bom = '\uFEFF';

function parse(text: string, fileName: string): Scene[] {
	return parseScenes(text, fileName, defaults);
}

function errorOf(run: () => unknown): SceneFileError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return error as SceneFileError;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

function messageOf(text: string, fileName: string): string {
	return errorOf(() => parse(text, fileName)).message;
}

function utf8(text: string): string {
	return Buffer.from(text, 'utf8').toString('hex');
}

let temp: string;
beforeAll(async () => {
	temp = await mkdtemp(path.join(tmpdir(), 'flowdeck-scenes-'));
});
afterAll(async () => {
	await rm(temp, {recursive: true, force: true});
});

describe('.txt', () => {
	it('reads one trimmed prompt per line, skipping blanks and comments, with physical line numbers', async () => {
		const scenes = await readSceneFile(path.join(fixtures, 'vietnamese.txt'), defaults);
		expect(scenes).toStrictEqual([
			{
				index: 1,
				id: '001',
				prompt: 'Cảnh một con mèo ngủ trên mái nhà lúc bình minh',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 3,
			},
			{
				index: 2,
				id: '002',
				prompt: 'Đường phố Hà Nội đông đúc xe máy, mưa phùn',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 4,
			},
			{
				index: 3,
				id: '003',
				prompt: 'Người bán phở múc nước dùng nóng hổi 🍜',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 7,
			},
		]);
		// Byte-exact: the prompt is exactly the UTF-8 in the file, nothing re-encoded.
		const file = await readFile(path.join(fixtures, 'vietnamese.txt'));
		expect(file.includes(Buffer.from(scenes[0]!.prompt, 'utf8'))).toBe(true);
		expect(utf8(scenes[1]!.prompt)).toBe(utf8('Đường phố Hà Nội đông đúc xe máy, mưa phùn'));
	});

	it('accepts CRLF and a BOM without leaking either into prompts', () => {
		const scenes = parse(`${bom}first\r\n\r\n  # note\r\nsecond\r\n`, 'scenes.txt');
		expect(scenes.map((s) => [s.line, s.prompt])).toStrictEqual([
			[1, 'first'],
			[4, 'second'],
		]);
	});

	it('keeps decomposed (NFD) text exactly as written', () => {
		const nfd = 'Cảnh một con mèo'.normalize('NFD');
		const [scene] = parse(`${nfd}\n`, 'scenes.txt');
		expect(utf8(scene!.prompt)).toBe(utf8(nfd));
		expect(utf8(scene!.prompt)).not.toBe(utf8(nfd.normalize('NFC')));
	});

	it('applies the defaults it is given', () => {
		const [scene] = parseScenes('a prompt', 'x.txt', {aspect: '9:16', model: 'veo_x', copies: 3});
		expect(scene).toStrictEqual({
			index: 1,
			id: '001',
			prompt: 'a prompt',
			aspect: '9:16',
			model: 'veo_x',
			copies: 3,
			line: 1,
		});
	});

	it('treats the extension case-insensitively', () => {
		expect(parse('hello', 'SCENES.TXT').map((s) => s.prompt)).toStrictEqual(['hello']);
	});

	it('reports files with no scenes', () => {
		expect(messageOf('# only a comment\n\n   \n', 'scenes.txt')).toBe('scenes.txt: no scenes found');
		expect(messageOf('', 'scenes.txt')).toBe('scenes.txt: no scenes found');
	});

	it('caps prompts at 10000 characters, counting code points', () => {
		expect(parse('a'.repeat(10_000), 'scenes.txt')[0]!.prompt).toHaveLength(10_000);
		// 10000 emoji are 20000 UTF-16 units but 10000 characters.
		expect(parse('🎬'.repeat(10_000), 'scenes.txt')).toHaveLength(1);
		expect(messageOf(`ok\n${'a'.repeat(10_001)}\n`, 'scenes.txt')).toBe(
			'scenes.txt:2: prompt is longer than 10000 characters',
		);
		expect(messageOf(`${'🎬'.repeat(10_001)}`, 'scenes.txt')).toBe(
			'scenes.txt:1: prompt is longer than 10000 characters',
		);
	});
});

describe('.jsonl', () => {
	it('reads every field, skipping blank lines', async () => {
		const scenes = await readSceneFile(path.join(fixtures, 'scenes.jsonl'), defaults);
		expect(scenes).toStrictEqual([
			{
				index: 1,
				id: 'a',
				prompt: 'Cảnh một con mèo',
				aspect: '16:9',
				model: 'veo_3_1_t2v',
				copies: 2,
				seed: 0,
				line: 1,
			},
			{
				index: 2,
				id: '002',
				prompt: 'Đường phố',
				aspect: '9:16',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 3,
			},
			{
				index: 3,
				id: '5',
				prompt: 'Numbered id',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 4,
			},
		]);
		expect(utf8(scenes[1]!.prompt)).toBe(utf8('Đường phố'));
	});

	it('accepts CRLF, a BOM and null for optional fields', () => {
		const scenes = parse(
			`${bom}{"prompt":"a","seed":null}\r\n\r\n{"prompt":"b","aspect":"Portrait"}\r\n`,
			's.jsonl',
		);
		expect(scenes.map((s) => [s.line, s.prompt, s.aspect, s.seed])).toStrictEqual([
			[1, 'a', '16:9', undefined],
			[3, 'b', '9:16', undefined],
		]);
		expect(Object.hasOwn(scenes[0]!, 'seed')).toBe(false);
	});

	const ok = '{"prompt":"fine"}\n{"prompt":"fine too"}\n';
	it.each([
		['{"prompt": "x",}', 'scenes.jsonl:3: invalid JSON (expected double-quoted property name)'],
		['{"prompt": "x"', "scenes.jsonl:3: invalid JSON (expected ',' or '}' after property value)"],
		['{"prompt": "x", "foo": 1}', 'scenes.jsonl:3: unknown field "foo"'],
		['{"prompt": "x", "Prompt": "y"}', 'scenes.jsonl:3: unknown field "Prompt"'],
		['{"prompt": "x", "copies": 0}', 'scenes.jsonl:3: copies must be 1-4'],
		['{"prompt": "x", "copies": 5}', 'scenes.jsonl:3: copies must be 1-4'],
		['{"prompt": "x", "copies": 2.5}', 'scenes.jsonl:3: copies must be 1-4'],
		['{"prompt": "x", "copies": "2"}', 'scenes.jsonl:3: copies must be 1-4'],
		['{"prompt": "x", "aspect": "4:3"}', 'scenes.jsonl:3: aspect must be 16:9 or 9:16'],
		['{"prompt": "x", "aspect": 1.77}', 'scenes.jsonl:3: aspect must be 16:9 or 9:16'],
		['{"prompt": "x", "seed": -1}', 'scenes.jsonl:3: seed must be a whole number ≥ 0'],
		['{"prompt": "x", "seed": 1.5}', 'scenes.jsonl:3: seed must be a whole number ≥ 0'],
		['{"prompt": "x", "seed": "7"}', 'scenes.jsonl:3: seed must be a whole number ≥ 0'],
		['{"prompt": "x", "seed": 1e300}', 'scenes.jsonl:3: seed must be a whole number ≥ 0'],
		['{"prompt": "x", "model": ""}', 'scenes.jsonl:3: model must be a non-empty string'],
		['{"prompt": "x", "model": "  "}', 'scenes.jsonl:3: model must be a non-empty string'],
		['{"prompt": "x", "model": 3}', 'scenes.jsonl:3: model must be a non-empty string'],
		['{"prompt": "   "}', 'scenes.jsonl:3: empty prompt'],
		['{"prompt": ""}', 'scenes.jsonl:3: empty prompt'],
		['{"id": "x"}', 'scenes.jsonl:3: missing prompt'],
		['{"prompt": null}', 'scenes.jsonl:3: missing prompt'],
		['{"prompt": ["x"]}', 'scenes.jsonl:3: prompt must be a string'],
		['{"prompt": "x", "id": ""}', 'scenes.jsonl:3: id must be a non-empty string or a number'],
		['{"prompt": "x", "id": true}', 'scenes.jsonl:3: id must be a non-empty string or a number'],
		['["x"]', 'scenes.jsonl:3: expected a JSON object'],
		['"just a prompt"', 'scenes.jsonl:3: expected a JSON object'],
		['null', 'scenes.jsonl:3: expected a JSON object'],
		[`{"prompt": "${'x'.repeat(10_001)}"}`, 'scenes.jsonl:3: prompt is longer than 10000 characters'],
	])('case %# → %s', (line, expected) => {
		expect(messageOf(`${ok}${line}\n${ok}`, 'scenes.jsonl')).toBe(expected);
	});

	it('reports duplicate ids, including against generated ids', () => {
		expect(messageOf('{"prompt":"a","id":"x"}\n\n{"prompt":"b","id":"x"}\n', 'scenes.jsonl')).toBe(
			'scenes.jsonl:3: duplicate id "x" (first on line 1)',
		);
		expect(messageOf('{"prompt":"a","id":1}\n{"prompt":"b","id":"1"}\n', 'scenes.jsonl')).toBe(
			'scenes.jsonl:2: duplicate id "1" (first on line 1)',
		);
		expect(messageOf('{"prompt":"a"}\n{"prompt":"b","id":"001"}\n', 'scenes.jsonl')).toBe(
			'scenes.jsonl:2: duplicate id "001" (first on line 1)',
		);
	});

	it('reports the first problem in file order', () => {
		const text = '{"prompt":"a"}\n{"prompt":"b","copies":9}\n{"prompt":"c","aspect":"x"}\n{oops\n';
		expect(messageOf(text, 'scenes.jsonl')).toBe('scenes.jsonl:2: copies must be 1-4');
		// Within one object, unknown fields are named before values are judged.
		expect(messageOf('{"copies":9,"zzz":1}\n', 'scenes.jsonl')).toBe('scenes.jsonl:1: unknown field "zzz"');
	});

	it('reports a file with only blank lines as having no scenes', () => {
		expect(messageOf('\n  \n\r\n', 'scenes.jsonl')).toBe('scenes.jsonl: no scenes found');
	});
});

describe('.json', () => {
	it('reads an array, with the line each object starts on', async () => {
		const scenes = await readSceneFile(path.join(fixtures, 'array.json'), defaults);
		expect(scenes).toStrictEqual([
			{
				index: 1,
				id: 'cat',
				prompt: 'A cat {in braces} on a roof',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 1,
				line: 2,
			},
			{
				index: 2,
				id: '002',
				prompt: 'Tricky "quotes" and ] brackets [ and \\ backslash',
				aspect: '9:16',
				model: 'veo_3_1_t2v_fast',
				copies: 3,
				seed: 7,
				line: 3,
			},
			{
				index: 3,
				id: '12',
				prompt: 'Cảnh một con mèo',
				aspect: '16:9',
				model: 'veo_3_1_t2v',
				copies: 1,
				line: 10,
			},
		]);
	});

	it('reads {"scenes": [...]}, unfooled by brackets and escaped quotes inside strings', async () => {
		const scenes = await readSceneFile(path.join(fixtures, 'object.json'), defaults);
		expect(scenes.map((s) => [s.line, s.id, s.prompt])).toStrictEqual([
			[3, '001', 'Đường phố Hà Nội về đêm'],
			[4, '002', '}{ ][ " not a close'],
			[5, '003', 'Third scene'],
		]);
		expect(utf8(scenes[0]!.prompt)).toBe(utf8('Đường phố Hà Nội về đêm'));
	});

	it('numbers lines correctly with CRLF, a BOM, nested values and strings full of brackets', () => {
		const text = [
			`${bom}{"scenes":`,
			'[{"prompt":"a \\"}]\\" b"},',
			'',
			'  {"prompt":"c", "seed": 3},{"prompt":"d"',
			'  }, {"prompt": "e\\\\"}]}',
		].join('\r\n');
		expect(parse(text, 'x.json').map((s) => [s.line, s.prompt])).toStrictEqual([
			[2, 'a "}]" b'],
			[4, 'c'],
			[4, 'd'],
			[5, 'e\\'],
		]);
	});

	it('reports element errors on the line the element starts', () => {
		expect(messageOf('[\n{"prompt":"a"},\n{\n"prompt":"b",\n"foo":1}\n]', 'scenes.json')).toBe(
			'scenes.json:3: unknown field "foo"',
		);
		expect(messageOf('[\n{"prompt":"a"},\n\n"b"\n]', 'scenes.json')).toBe(
			'scenes.json:4: expected a JSON object',
		);
		expect(messageOf('{"scenes":[\n{"prompt":"a","copies":7}]}', 'scenes.json')).toBe(
			'scenes.json:2: copies must be 1-4',
		);
	});

	it('reports invalid JSON with the line of the problem', () => {
		expect(messageOf('[\n{"prompt":"a"},\n{"prompt":"b",}\n]', 'scenes.json')).toBe(
			'scenes.json:3: invalid JSON (expected double-quoted property name)',
		);
		expect(messageOf('[\n{"prompt":"a"}\n', 'scenes.json')).toBe(
			"scenes.json:3: invalid JSON (expected ',' or ']' after array element)",
		);
	});

	it('rejects other shapes and top-level keys', () => {
		expect(messageOf('{"prompt":"a"}', 'scenes.json')).toBe(
			'scenes.json:1: expected an array of scenes or {"scenes": [...]}',
		);
		expect(messageOf('"a"', 'scenes.json')).toBe(
			'scenes.json:1: expected an array of scenes or {"scenes": [...]}',
		);
		expect(messageOf('{\n"scenes":[{"prompt":"a"}],\n"extra":1\n}', 'scenes.json')).toBe(
			'scenes.json:3: unknown field "extra"',
		);
	});

	it('reports an empty list as no scenes', () => {
		expect(messageOf('[]', 'scenes.json')).toBe('scenes.json: no scenes found');
		expect(messageOf('{"scenes": []}', 'scenes.json')).toBe('scenes.json: no scenes found');
	});
});

describe('.csv', () => {
	const fixture = path.join(fixtures, 'bom-crlf.csv');
	const multiLine = 'Một cảnh nhiều dòng:\r\nđường phố, mưa\r\nvà "ánh đèn" neon';

	it('keeps its BOM and CRLF bytes (an editor must not have normalised them)', async () => {
		const bytes = await readFile(fixture);
		expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
		expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
		expect(bytes.toString('utf8').replaceAll('\r\n', '').includes('\n')).toBe(false);
	});

	it('reads a BOM + CRLF file with a multi-line quoted field, numbering records by their first line', async () => {
		const scenes = await readSceneFile(fixture, defaults);
		expect(scenes).toStrictEqual([
			{
				index: 1,
				id: 'cat',
				prompt: 'Cảnh một con mèo',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 2,
				seed: 42,
				line: 2,
			},
			{
				index: 2,
				id: 'street',
				prompt: multiLine,
				aspect: '9:16',
				model: 'veo_3_1_t2v',
				copies: 1,
				line: 3,
			},
			{
				index: 3,
				id: '003',
				prompt: 'Chợ nổi Cái Răng lúc sáng sớm',
				aspect: '16:9',
				model: 'veo_3_1_t2v_fast',
				copies: 4,
				line: 7,
			},
			{
				index: 4,
				id: 'bay',
				prompt: 'Vịnh Hạ Long từ trên cao',
				aspect: '9:16',
				model: 'veo_custom',
				copies: 1,
				seed: 0,
				line: 9,
			},
		]);
		expect(utf8(scenes[1]!.prompt)).toBe(utf8(multiLine));
	});

	it('reads the same file written byte by byte to disk, LF or CRLF alike', async () => {
		const rows = ['prompt,id', '"line one', 'line two', 'line three",multi', 'Phố cổ,old', '', '"x, y",xy'];
		for (const eol of ['\n', '\r\n']) {
			const file = path.join(temp, `generated-${eol.length}.csv`);
			await writeFile(
				file,
				Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.join(eol), 'utf8')]),
			);
			const scenes = await readSceneFile(file, defaults);
			expect(scenes.map((s) => [s.line, s.id, s.prompt])).toStrictEqual([
				[2, 'multi', `line one${eol}line two${eol}line three`],
				[5, 'old', 'Phố cổ'],
				[7, 'xy', 'x, y'],
			]);
		}
	});

	it('reports errors after a multi-line quoted field on the right line', () => {
		const text = ['prompt,copies', '"a\r\nb\r\nc",1', '"d\r\n\r\ne",2', 'ok,3', 'bad,5'].join('\r\n');
		expect(messageOf(text, 'scenes.csv')).toBe('scenes.csv:9: copies must be 1-4');
		const lf = ['prompt,copies', '"a', 'b",1', '', '"",2'].join('\n');
		expect(messageOf(lf, 'scenes.csv')).toBe('scenes.csv:5: empty prompt');
	});

	it('numbers lines in CR-only files (old Mac spreadsheet exports) by CR', () => {
		const text = 'prompt,id\r"a\rb",one\r\rc,two\r,,\rd,two';
		expect(messageOf(text, 'scenes.csv')).toBe('scenes.csv:7: duplicate id "two" (first on line 5)');
		expect(parse(text.replace(/two$/, 'three'), 's.csv').map((s) => [s.line, s.prompt])).toStrictEqual([
			[2, 'a\rb'],
			[5, 'c'],
			[7, 'd'],
		]);
	});

	it('follows csv-parse when an LF file holds a stray CRLF, and vice versa', () => {
		const lf = 'prompt,id\n"x\r\ny",1\nz,2\r\nw,3\n';
		expect(parse(lf, 's.csv').map((s) => [s.line, s.id])).toStrictEqual([
			[2, '1'],
			[4, '2'],
			[5, '3'],
		]);
		// In a CRLF file a bare LF outside quotes is part of the cell, not a new record.
		const crlf = 'prompt,id\r\nx,1\r\ny\nstill y,2\r\nz,3\r\n';
		expect(parse(crlf, 's.csv').map((s) => [s.line, s.prompt])).toStrictEqual([
			[2, 'x'],
			[3, 'y\nstill y'],
			[5, 'z'],
		]);
	});

	it('reports an empty prompt on line 14', () => {
		const rows = ['prompt,id'];
		for (let i = 2; i <= 13; i++) {
			rows.push(`scene ${i},id${i}`);
		}

		rows.push(',id14', 'later,id15');
		expect(messageOf(rows.join('\n'), 'scenes.csv')).toBe('scenes.csv:14: empty prompt');
	});

	it.each([
		['prompt,copies\nx,0', 'scenes.csv:2: copies must be 1-4'],
		['prompt,copies\nx,two', 'scenes.csv:2: copies must be 1-4'],
		['prompt,copies\nx,2.0', 'scenes.csv:2: copies must be 1-4'],
		['prompt,aspect\nx,4:3', 'scenes.csv:2: aspect must be 16:9 or 9:16'],
		['prompt,seed\nx,-3', 'scenes.csv:2: seed must be a whole number ≥ 0'],
		['prompt,seed\nx,99999999999999999999', 'scenes.csv:2: seed must be a whole number ≥ 0'],
		['prompt,id\na,x\nb,y\nc,x', 'scenes.csv:4: duplicate id "x" (first on line 2)'],
		['prompt,foo\nx,1', 'scenes.csv:1: unknown column "foo"'],
		['id,aspect\nx,16:9', 'scenes.csv:1: missing "prompt" column'],
		['prompt,Prompt\nx,y', 'scenes.csv:1: duplicate column "prompt"'],
		['prompt,id\nx,1,extra', 'scenes.csv:2: too many fields (the header has 2)'],
		['prompt,\nx,stray', 'scenes.csv:2: value in a column with no header (column 2)'],
		['prompt,id\nok,1\n"never closed,2\nmore', 'scenes.csv:3: invalid CSV (Quote Not Closed)'],
		['prompt,id\nab"c,1', 'scenes.csv:2: invalid CSV (Invalid Opening Quote)'],
		[`prompt\n${'x'.repeat(10_001)}`, 'scenes.csv:2: prompt is longer than 10000 characters'],
	])('case %# → %s', (text, expected) => {
		expect(messageOf(text, 'scenes.csv')).toBe(expected);
	});

	it('reads numbers from cells, trims them, and treats empty cells as absent', () => {
		const [scene] = parse(
			' PROMPT , Copies ,SEED,Aspect,Model,id\n  hi  , 3 , 12 , landscape ,, \n',
			's.csv',
		);
		expect(scene).toStrictEqual({
			index: 1,
			id: '001',
			prompt: 'hi',
			aspect: '16:9',
			model: 'veo_3_1_t2v_fast',
			copies: 3,
			seed: 12,
			line: 2,
		});
	});

	it('lets short rows leave trailing cells absent and skips rows of bare commas', () => {
		const scenes = parse('prompt,id,copies,\na\n,,,\nb,bee,2,\n', 's.csv');
		expect(scenes.map((s) => [s.line, s.id, s.copies])).toStrictEqual([
			[2, '001', 1],
			[4, 'bee', 2],
		]);
	});

	it('reports a validation error that comes before a syntax error first', () => {
		expect(messageOf('prompt,copies\nx,9\n"unclosed', 'scenes.csv')).toBe('scenes.csv:2: copies must be 1-4');
	});

	it('reports a header-only or empty file as having no scenes', () => {
		expect(messageOf(`${bom}prompt,id\r\n`, 'scenes.csv')).toBe('scenes.csv: no scenes found');
		expect(messageOf('', 'scenes.csv')).toBe('scenes.csv: no scenes found');
	});
});

describe('errors and reading', () => {
	it('rejects unsupported extensions', () => {
		expect(messageOf('a', 'scenes.md')).toBe(
			'scenes.md: unsupported scene file type ".md" (use .txt, .jsonl, .json or .csv)',
		);
		expect(messageOf('a', 'scenes')).toBe(
			'scenes: unsupported scene file type "" (use .txt, .jsonl, .json or .csv)',
		);
	});

	it('names the file by its base name and carries file and line', () => {
		const error = errorOf(() => parse('{"prompt":"x","copies":0}', '/some/dir/scenes.jsonl'));
		expect(error.message).toBe('scenes.jsonl:1: copies must be 1-4');
		expect(error.file).toBe('/some/dir/scenes.jsonl');
		expect(error.line).toBe(1);
		expect(error.name).toBe('SceneFileError');
		expect(error).toBeInstanceOf(Error);
		expect(errorOf(() => parse('', 'a.txt')).line).toBeUndefined();
	});

	it('reports a missing file', async () => {
		const missing = path.join(temp, 'nope.txt');
		await expect(readSceneFile(missing, defaults)).rejects.toThrow(/^nope\.txt: cannot read: no such file$/);
		await expect(readSceneFile(missing, defaults)).rejects.toMatchObject({file: missing, line: undefined});
		await expect(readSceneFile(missing, defaults)).rejects.toBeInstanceOf(SceneFileError);
	});

	it('reports a folder given as the scene file', async () => {
		await expect(readSceneFile(temp, defaults)).rejects.toThrow(
			`${path.basename(temp)}: cannot read: is a directory`,
		);
	});

	it.each([
		['a stray 0xFF', [0xff]],
		['a lone continuation byte', [0x80]],
		['an overlong slash', [0xc0, 0xaf]],
		['an encoded surrogate', [0xed, 0xa0, 0x80]],
		['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
		['a sequence cut short by the line end', [0xe1, 0xba]],
		['Latin-1 text', [...Buffer.from('Cảnh', 'latin1')]],
	])('reports invalid UTF-8 (%s) on the line it appears', async (_name, bad) => {
		const bytes = Buffer.concat([
			Buffer.from('Cảnh một\r\nhai\n\n', 'utf8'),
			Buffer.from('bad: '),
			Buffer.from(bad),
			Buffer.from('\nlater\n'),
		]);
		const file = path.join(temp, 'bad.txt');
		await writeFile(file, bytes);
		await expect(readSceneFile(file, defaults)).rejects.toThrow(/^bad\.txt:4: not valid UTF-8$/);
	});

	it('reports invalid UTF-8 truncated at the very end of the file', async () => {
		const file = path.join(temp, 'end.txt');
		await writeFile(file, Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xf0, 0x9f])]));
		await expect(readSceneFile(file, defaults)).rejects.toThrow(/^end\.txt:3: not valid UTF-8$/);
	});

	it('gives the strictly decoded text to callers that need it, BOM dropped', async () => {
		const file = path.join(temp, 'text.txt');
		await writeFile(file, Buffer.from(`${bom}Đà Lạt\r\n`, 'utf8'));
		expect(await readSceneText(file)).toBe('Đà Lạt\r\n');
		await writeFile(file, Buffer.from([0x61, 0x0a, 0xff]));
		await expect(readSceneText(file)).rejects.toThrow(/^text\.txt:2: not valid UTF-8$/);
	});

	it('decodes a UTF-8 file with a BOM from disk', async () => {
		const file = path.join(temp, 'bom.jsonl');
		await writeFile(file, Buffer.from(`${bom}{"prompt":"Đà Lạt"}\r\n`, 'utf8'));
		const [scene] = await readSceneFile(file, defaults);
		expect(utf8(scene!.prompt)).toBe(utf8('Đà Lạt'));
	});
});

describe('hashSceneText', () => {
	it('is the sha256 hex of the UTF-8 text', () => {
		expect(hashSceneText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(hashSceneText('Cảnh'.normalize('NFC'))).toBe(
			'4d69ce00b63e889da28a3b1850f35ba3364e7dfec985288ca28cd54efcfb6fda',
		);
	});

	it('tells composed and decomposed text apart', () => {
		expect(hashSceneText('Cảnh'.normalize('NFC'))).not.toBe(hashSceneText('Cảnh'.normalize('NFD')));
	});
});

describe('size', () => {
	const lines = 100_000;

	// How fast these parse is a benchmark's business, not a test's (a busy machine would fail it):
	// the tests hold what comes out of inputs this large.
	it.each([
		['scenes.txt', (i: number) => `Cảnh số ${i}: một con mèo đi dạo`, ''],
		['scenes.jsonl', (i: number) => JSON.stringify({prompt: `Cảnh số ${i}`, copies: 2}), ''],
		[
			'scenes.csv',
			(i: number) => `"Cảnh số ${i}, mèo",${i % 4 === 0 ? '9:16' : ''},${(i % 4) + 1}`,
			'prompt,aspect,copies\n',
		],
	])('parses %s with 100k lines, every line numbered', (name, row, header) => {
		const text = header + Array.from({length: lines}, (_, i) => row(i)).join('\n');
		const scenes = parse(text, name);
		expect(scenes).toHaveLength(lines);
		expect(scenes.at(-1)!.line).toBe(header === '' ? lines : lines + 1);
	});

	it('parses a 100k-element .json array, every element numbered by its line', () => {
		const text = `[\n${Array.from({length: lines}, (_, i) => JSON.stringify({prompt: `p{${i}}`})).join(',\n')}\n]`;
		const scenes = parse(text, 'scenes.json');
		expect(scenes).toHaveLength(lines);
		expect(scenes.at(-1)!.line).toBe(lines + 1);
	});

	it.each([
		['scenes.txt', (big: string) => big, 1],
		['scenes.jsonl', (big: string) => `{"prompt":"ok"}\n${JSON.stringify({prompt: big})}`, 2],
		['scenes.json', (big: string) => JSON.stringify([{prompt: 'ok'}, {prompt: big}]), 1],
		['scenes.csv', (big: string) => `prompt\n"${big}"`, 2],
	])('rejects a 10 MB single line in %s as too long', (name, wrap, line) => {
		const big = 'mưa '.repeat(2_500_000);
		expect(messageOf(wrap(big), name)).toBe(`${name}:${line}: prompt is longer than 10000 characters`);
	});
});

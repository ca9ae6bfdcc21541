// Proves a scene file that is not valid UTF-8 is rejected with the line of its first malformed byte
// sequence, judged by the same rules as the strict decoder: every well-formed sequence at the edges of
// the UTF-8 ranges is accepted, every malformed one (overlong, surrogate, too large, cut short) is not.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readSceneText} from '../../../source/core/scenes.js';

let temp: string;
beforeAll(async () => {
	temp = await mkdtemp(path.join(tmpdir(), 'flowdeck-scenes-utf8-'));
});
afterAll(async () => {
	await rm(temp, {recursive: true, force: true});
});

/** The error readSceneText gives for a file holding these bytes, or the text when there is none. */
async function readBytes(bytes: number[] | Buffer): Promise<string> {
	const file = path.join(temp, 'scenes.txt');
	await writeFile(file, Buffer.from(bytes));
	try {
		return await readSceneText(file);
	} catch (error) {
		return (error as Error).message;
	}
}

// Well-formed sequences at both ends of every lead byte's range, one per line.
const edges = [
	[0x7f],
	[0xc2, 0x80],
	[0xdf, 0xbf],
	[0xe0, 0xa0, 0x80],
	[0xe1, 0x80, 0x80],
	[0xec, 0xbf, 0xbf],
	[0xed, 0x80, 0x80],
	[0xed, 0x9f, 0xbf],
	[0xee, 0x80, 0x80],
	[0xef, 0xbf, 0xbf],
	[0xf0, 0x90, 0x80, 0x80],
	[0xf0, 0xbf, 0xbf, 0xbf],
	[0xf1, 0x80, 0x80, 0x80],
	[0xf3, 0xbf, 0xbf, 0xbf],
	[0xf4, 0x80, 0x80, 0x80],
	[0xf4, 0x8f, 0xbf, 0xbf],
];
const validLines = Buffer.concat(edges.map((edge) => Buffer.from([0x61, ...edge, 0x62, 0x0a])));

describe('invalid UTF-8', () => {
	it('accepts every well-formed edge sequence', async () => {
		const text = await readBytes(validLines);
		expect([...text.replaceAll(/[ab\n]/g, '')].map((c) => c.codePointAt(0)!.toString(16))).toStrictEqual([
			'7f',
			'80',
			'7ff',
			'800',
			'1000',
			'cfff',
			'd000',
			'd7ff',
			'e000',
			'ffff',
			'10000',
			'3ffff',
			'40000',
			'fffff',
			'100000',
			'10ffff',
		]);
	});

	it.each([
		['a lone continuation byte', [0x80]],
		['the last continuation byte alone', [0xbf]],
		['an overlong 2-byte lead C0', [0xc0, 0x80]],
		['an overlong 2-byte lead C1', [0xc1, 0xbf]],
		['a 2-byte sequence with an ASCII second byte', [0xc2, 0x41]],
		['a 2-byte sequence with a lead byte second', [0xdf, 0xc0]],
		['an overlong 3-byte sequence', [0xe0, 0x9f, 0xbf]],
		['a 3-byte sequence whose third byte is ASCII', [0xe0, 0xa0, 0x41]],
		['a 3-byte sequence whose third byte is a lead', [0xe1, 0x80, 0xc0]],
		['an encoded high surrogate', [0xed, 0xa0, 0x80]],
		['an encoded low surrogate', [0xed, 0xbf, 0xbf]],
		['an overlong 4-byte sequence', [0xf0, 0x8f, 0xbf, 0xbf]],
		['a 4-byte sequence whose last byte is ASCII', [0xf0, 0x90, 0x80, 0x41]],
		['a 4-byte sequence whose last byte is a lead', [0xf3, 0xbf, 0xbf, 0xc0]],
		['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
		['a lead byte past F4', [0xf5, 0x80, 0x80, 0x80]],
		['FF', [0xff]],
		['a 3-byte sequence cut short', [0xef, 0xbf]],
		['a 4-byte sequence cut short', [0xf4, 0x8f, 0xbf]],
	])('names the line of %s, after well-formed edge sequences', async (_name, bad) => {
		const bytes = Buffer.concat([validLines, Buffer.from([0x78, ...bad, 0x0a]), validLines]);
		expect(await readBytes(bytes)).toBe(`scenes.txt:${edges.length + 1}: not valid UTF-8`);
	});

	it('names line 1 for a malformed first byte', async () => {
		expect(await readBytes([0xff, 0x0a, 0x61, 0x0a])).toBe('scenes.txt:1: not valid UTF-8');
	});

	it('names the last line for a sequence cut short by the end of the file', async () => {
		expect(await readBytes([0x61, 0x0a, 0x0a, 0xe1, 0x80])).toBe('scenes.txt:3: not valid UTF-8');
		expect(await readBytes([0x61, 0x0a, 0xf0, 0x90, 0x80])).toBe('scenes.txt:2: not valid UTF-8');
	});
});

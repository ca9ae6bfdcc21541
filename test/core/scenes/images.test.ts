// Proves the images a scene file names are checked on disk before anything is sent: there, a file, a
// JPEG, PNG or WebP by their first bytes whatever the name, under flowdeck's size ceiling; every
// problem names the scene file's line, the key and the path as written (issue 18).
import {mkdir, mkdtemp, rm, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {imageType} from '../../../source/core/scenes/images.js';
import {
	checkSceneImages,
	maxImageBytes,
	parseScenes,
	readSceneFile,
	SceneFileError,
} from '../../../source/core/scenes.js';

const defaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1} as const;
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const webp = Buffer.from('RIFF\u0024\u0000\u0000\u0000WEBPVP8 ', 'latin1');

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-images-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function problemOf(csv: string): Promise<string> {
	const file = join(dir, 'scenes.csv');
	await writeFile(file, csv);
	try {
		await readSceneFile(file, defaults);
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return (error as SceneFileError).message;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

describe('checkSceneImages', () => {
	it('finds each image once, by its bytes, relative to the scene file', async () => {
		await mkdir(join(dir, 'frames'));
		await writeFile(join(dir, 'frames', 'start.png'), jpeg);
		await writeFile(join(dir, 'end'), png);
		await writeFile(join(dir, 'hero.webp'), webp);
		const file = join(dir, 'scenes.csv');
		const scenes = parseScenes(
			'prompt,image,end_image,refs\na,frames/start.png,end,\nb,,,hero.webp\nc,,,hero.webp;frames/start.png\n',
			file,
			defaults,
		);
		const images = await checkSceneImages(scenes, file);
		expect([...images.keys()]).toEqual(['frames/start.png', 'end', 'hero.webp']);
		expect(images.get('frames/start.png')).toEqual({
			path: join(dir, 'frames', 'start.png'),
			type: 'image/jpeg',
			bytes: jpeg.length,
		});
		expect(images.get('end')?.type).toBe('image/png');
		expect(images.get('hero.webp')?.type).toBe('image/webp');
	});

	it('a file without inputs needs no file on disk', async () => {
		const file = join(dir, 'scenes.csv');
		expect((await checkSceneImages(parseScenes('prompt\na\n', file, defaults), file)).size).toBe(0);
	});

	it('refuses a missing image on its line, naming the key and the path as written', async () => {
		expect(await problemOf('prompt,image\na,\nb,missing.png\n')).toBe(
			'scenes.csv:3: image "missing.png": no such file',
		);
	});

	it('refuses a folder given as an image', async () => {
		await mkdir(join(dir, 'frames'));
		expect(await problemOf('prompt,refs\na,frames\n')).toBe('scenes.csv:2: refs "frames": not a file');
	});

	it('refuses a file that is not a JPEG, PNG or WebP, whatever its name', async () => {
		await writeFile(join(dir, 'photo.jpg'), 'GIF89a not really');
		await writeFile(join(dir, 'start.png'), png);
		expect(await problemOf('prompt,image,end_image\na,start.png,photo.jpg\n')).toBe(
			'scenes.csv:2: end_image "photo.jpg": not a JPEG, PNG or WebP image',
		);
	});

	it('refuses an empty file and a RIFF that is not WebP', async () => {
		await writeFile(join(dir, 'empty.png'), '');
		expect(await problemOf('prompt,image\na,empty.png\n')).toBe(
			'scenes.csv:2: image "empty.png": not a JPEG, PNG or WebP image',
		);
		await writeFile(join(dir, 'sound.webp'), Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt ', 'latin1'));
		expect(await problemOf('prompt,image\na,sound.webp\n')).toBe(
			'scenes.csv:2: image "sound.webp": not a JPEG, PNG or WebP image',
		);
	});

	it('refuses an image over the ceiling, and takes one exactly at it', async () => {
		const big = join(dir, 'big.png');
		await writeFile(big, png);
		await truncate(big, maxImageBytes + 1);
		expect(await problemOf('prompt,image\na,big.png\n')).toBe(
			'scenes.csv:2: image "big.png": larger than the 20 MB flowdeck sends',
		);
		await truncate(big, maxImageBytes);
		const file = join(dir, 'scenes.csv');
		expect((await readSceneFile(file, defaults))[0]?.inputs).toEqual({image: 'big.png'});
	});
});

describe('imageType', () => {
	it.each([
		['JPEG', jpeg, 'image/jpeg'],
		['PNG', png, 'image/png'],
		['WebP', webp, 'image/webp'],
		['a PNG signature cut short', png.subarray(0, 7), undefined],
		['a JPEG signature cut short', jpeg.subarray(0, 2), undefined],
		['RIFF without WEBP', Buffer.from('RIFF\u0000\u0000\u0000\u0000AVI ', 'latin1'), undefined],
		['nothing', Buffer.alloc(0), undefined],
	])('%s', (_name, head, expected) => {
		expect(imageType(head)).toBe(expected);
	});
});

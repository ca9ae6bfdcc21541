import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {jpegFrame} from '../../source/film/jpeg-frame.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {makePoster, skipFfmpegTests} from './helpers.js';

// Posters of one picture format go through ffmpeg as one stream (source/film/jpeg-frame.ts): the
// format must tell apart every size and sampling, and be undefined for anything that is no JPEG.

const workspace = perTestWorkspace();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-jpeg-');
});

describe.skipIf(skipFfmpegTests)('jpegFrame', () => {
	it('is the same for posters of one size and sampling, whatever their pictures', async () => {
		await makePoster(join(dir, 'red.jpg'), 'red');
		await makePoster(join(dir, 'blue.jpg'), 'blue');
		const red = await jpegFrame(join(dir, 'red.jpg'));
		expect(red).toEqual({format: '8:160x90:3:22,11,11', width: 160, height: 90});
		expect(await jpegFrame(join(dir, 'blue.jpg'))).toEqual(red);
	});

	it('differs for another size or another chroma sampling', async () => {
		await makePoster(join(dir, 'tall.jpg'), 'red', '90x160');
		await makePoster(join(dir, 'full.jpg'), 'red', '160x90', 'yuvj444p');
		expect(await jpegFrame(join(dir, 'tall.jpg'))).toEqual({
			format: '8:90x160:3:22,11,11',
			width: 90,
			height: 160,
		});
		const full = (await jpegFrame(join(dir, 'full.jpg')))?.format;
		expect(full).toMatch(/^8:160x90:3:/);
		expect(full).not.toBe('8:160x90:3:22,11,11');
	});

	it('is undefined for a file that is no JPEG, one cut before its frame header, or none at all', async () => {
		await writeFile(join(dir, 'text.jpg'), 'not a picture');
		await writeFile(join(dir, 'cut.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a]));
		expect(await jpegFrame(join(dir, 'text.jpg'))).toBeUndefined();
		expect(await jpegFrame(join(dir, 'cut.jpg'))).toBeUndefined();
		expect(await jpegFrame(join(dir, 'missing.jpg'))).toBeUndefined();
	});
});

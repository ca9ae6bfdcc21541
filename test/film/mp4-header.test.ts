import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {beforeEach, describe, expect, it} from 'vitest';
import {readMp4Header} from '../../source/film/mp4-header.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {clipCache, ffmpegPath, skipFfmpegTests} from './helpers.js';

// One ffprobe per kind of clip (source/film/mp4-header.ts): clips encoded alike share a signature,
// whatever their pictures or bitrates; any difference ffprobe would report gives another.

const workspace = perTestWorkspace();
const clip = clipCache();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-mp4-');
});

describe.skipIf(skipFfmpegTests)('readMp4Header', () => {
	it('gives clips encoded alike one signature, and their own durations', async () => {
		await clip(join(dir, 'a.mp4'), {seconds: 1});
		await clip(join(dir, 'b.mp4'), {seconds: 2});
		const [a, b] = await Promise.all([readMp4Header(join(dir, 'a.mp4')), readMp4Header(join(dir, 'b.mp4'))]);
		expect(a?.signature).toBeTruthy();
		expect(b?.signature).toBe(a?.signature);
		expect(a).toMatchObject({width: 160, height: 90});
		expect(a?.durationSec).toBeCloseTo(1, 1);
		expect(b?.durationSec).toBeCloseTo(2, 1);
	});

	it('tells apart a size, a frame rate and a silent clip', async () => {
		const specs = [{}, {width: 320, height: 180}, {rate: 30}, {audio: false}];
		const signatures = await Promise.all(
			specs.map(async (spec, i) => {
				await clip(join(dir, `${i}.mp4`), spec);
				return (await readMp4Header(join(dir, `${i}.mp4`)))?.signature;
			}),
		);
		expect(new Set(signatures).size).toBe(specs.length);
	});

	it('reads the moov after the mdat (ffmpeg), before it (faststart), and past a box appended after it', async () => {
		const plain = join(dir, 'plain.mp4');
		await clip(plain);
		const fast = join(dir, 'fast.mp4');
		await promisify(execFile)(ffmpegPath as string, [
			...['-loglevel', 'error', '-i', plain, '-c', 'copy', '-movflags', '+faststart', fast],
		]);
		const trailing = join(dir, 'trailing.mp4');
		await writeFile(
			trailing,
			Buffer.concat([await readFile(plain), Buffer.from('\0\0\0\x10freeflowdeck', 'latin1')]),
		);
		const [a, b, c] = await Promise.all([plain, fast, trailing].map(readMp4Header));
		expect(a).toBeDefined();
		expect(b).toEqual(a);
		expect(c).toEqual(a);
	});

	it('gives nothing for a file that is not an MP4, or is cut short', async () => {
		await writeFile(join(dir, 'text.mp4'), 'not a video at all');
		await clip(join(dir, 'whole.mp4'));
		const whole = await readFile(join(dir, 'whole.mp4'));
		await writeFile(join(dir, 'cut.mp4'), whole.subarray(0, whole.length - 100));
		expect(await readMp4Header(join(dir, 'text.mp4'))).toBeUndefined();
		expect(await readMp4Header(join(dir, 'cut.mp4'))).toBeUndefined();
		expect(await readMp4Header(join(dir, 'missing.mp4'))).toBeUndefined();
	});
});

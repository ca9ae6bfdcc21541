import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {beforeEach, describe, expect, it} from 'vitest';
import {type FilmOutcome, makeFilm} from '../../source/film/film.js';
import {filmReport, type ReportMode} from '../../source/film/report.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {clipCache, ffmpegPath, ffprobe, makePoster, pixel, skipFfmpegTests, videoSeconds} from './helpers.js';
import {clipName, writeManifest} from './manifest-fixture.js';

// The film step on hand-made output folders with real clips (readme: Making the film): stream copy
// when the clips match, a re-encode when they do not, silence for silent clips, the upscaled copies
// only when every take has one, and the contact sheet.

const workspace = perTestWorkspace();
const clip = clipCache();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-film-');
});

const frame = 1 / 24;

async function film(mode: ReportMode = 'lines'): Promise<{outcome: FilmOutcome; lines: string[]}> {
	let text = '';
	const stdout = new Writable({
		write(chunk, _encoding, done) {
			text += String(chunk);
			done();
		},
	});
	const outcome = await makeFilm({outDir: dir, ffmpegPath, env: {}, report: filmReport(stdout, mode)});
	return {outcome, lines: text.split('\n').filter(Boolean)};
}

/** Scenes 1..count done, each with one clip of `spec(index)`. */
async function scenes(count: number, spec: (index: number) => Parameters<typeof clip>[1] = () => ({})) {
	const indices = Array.from({length: count}, (_, i) => i + 1);
	for (const index of indices) await clip(join(dir, clipName(index)), spec(index));
	await writeManifest(
		dir,
		indices.map((index) => ({index, files: [clipName(index)]})),
	);
	return indices;
}

const seconds = async (files: string[]) =>
	(await Promise.all(files.map(async (file) => videoSeconds(await ffprobe(join(dir, file)))))).reduce(
		(a, b) => a + b,
	);

describe.skipIf(skipFfmpegTests)('makeFilm', () => {
	it('joins clips that match by stream copy: one video stream, the summed duration within a frame', async () => {
		await scenes(3, (index) => ({seconds: index}));
		const {outcome, lines} = await film();
		expect(outcome).toMatchObject({kind: 'made', scenes: [1, 2, 3], method: 'copy'});
		expect(lines).toEqual([
			'film: 3 scenes, the clips',
			'stream copy: 3 clips share h264 160x90 at 24 fps, aac audio',
			expect.stringMatching(/^joining: \d+% /),
			...lines.slice(3, -2),
			'film.mp4: 3 scenes, 6.0 s',
			'film.jpg: a contact sheet of 3 frames',
		]);
		expect(lines.at(-3)).toBe('joining: 100% (6.0 of 6.0 s)');
		const probed = await ffprobe(join(dir, 'film.mp4'));
		expect(probed.streams.filter((stream) => stream.codec_type === 'video')).toHaveLength(1);
		expect(probed.streams.map((stream) => stream.codec_name).sort()).toEqual(['aac', 'h264']);
		const expected = await seconds([clipName(1), clipName(2), clipName(3)]);
		expect(Math.abs(videoSeconds(probed) - expected)).toBeLessThanOrEqual(frame + 1e-3);
		expect((await readdir(dir)).filter((name) => name.includes('.part'))).toEqual([]);
	});

	it('re-encodes when a clip is another size, to the first clip size, and says which clip', async () => {
		await scenes(3, (index) => (index === 3 ? {width: 320, height: 180} : {}));
		const {outcome, lines} = await film();
		expect(outcome).toMatchObject({kind: 'made', method: 'encode'});
		expect(lines).toContain('re-encoding: clip 3 is 320x180, the others 160x90');
		const probed = await ffprobe(join(dir, 'film.mp4'));
		expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({
			codec_name: 'h264',
			width: 160,
			height: 90,
		});
		expect(Math.abs(videoSeconds(probed) - 3)).toBeLessThanOrEqual(2 * frame);
	});

	it('gives a silent clip silence when others have sound: one audio track the length of the film', async () => {
		await scenes(3, (index) => ({audio: index !== 2}));
		const {outcome, lines} = await film();
		expect(outcome).toMatchObject({kind: 'made', method: 'encode'});
		expect(lines).toContain('re-encoding: clip 2 has no audio, the others do (silence is added)');
		const probed = await ffprobe(join(dir, 'film.mp4'));
		const audio = probed.streams.filter((stream) => stream.codec_type === 'audio');
		expect(audio).toHaveLength(1);
		expect(audio[0]?.codec_name).toBe('aac');
		expect(Math.abs(Number(audio[0]?.duration) - videoSeconds(probed))).toBeLessThan(0.1);
		expect(Math.abs(videoSeconds(probed) - 3)).toBeLessThanOrEqual(2 * frame);
	});

	it('lists the scenes it leaves out and joins the rest, in index order', async () => {
		for (const index of [1, 3, 5]) await clip(join(dir, clipName(index)));
		await writeManifest(dir, [
			{index: 5, files: [clipName(5)]},
			{index: 1, files: [clipName(1)]},
			{index: 2, state: 'failed', error: 'blocked by policy: the prompt'},
			{index: 3, files: [clipName(3)], chosen: clipName(3)},
			{index: 4, state: 'skipped'},
		]);
		const {outcome, lines} = await film();
		expect(outcome).toMatchObject({kind: 'made', scenes: [1, 3, 5]});
		expect(lines.slice(0, 3)).toEqual([
			'film: 3 scenes, the clips',
			'left out: scene 2 (failed: blocked by policy: the prompt)',
			'left out: scene 4 (skipped)',
		]);
	});

	it('uses the upscaled copies only when every take has one', async () => {
		await scenes(2);
		await clip(join(dir, '001-scene-1-1-1080p.mp4'), {width: 320, height: 180});
		const clipsOnly = await film();
		expect(clipsOnly.lines[0]).toBe('film: 2 scenes, the clips (scene 2 has no 1080p copy)');
		expect((await ffprobe(join(dir, 'film.mp4'))).streams[0]).toMatchObject({width: 160, height: 90});
		await clip(join(dir, '002-scene-2-1-1080p.mp4'), {width: 320, height: 180});
		const upscaled = await film();
		expect(upscaled.lines.slice(0, 2)).toEqual([
			'film: 2 scenes, their 1080p copies',
			'stream copy: 2 clips share h264 320x180 at 24 fps, aac audio',
		]);
		expect((await ffprobe(join(dir, 'film.mp4'))).streams[0]).toMatchObject({width: 320, height: 180});
	});

	it('tiles the posters, or a frame where a scene has none, into film.jpg, a JPEG', async () => {
		await scenes(5);
		await makePoster(join(dir, '001-scene-1-1.jpg'));
		await makePoster(join(dir, '004-scene-4-1.jpg'));
		const {lines} = await film();
		expect(lines.at(-1)).toBe('film.jpg: a contact sheet of 2 posters and 3 frames');
		const jpeg = await readFile(join(dir, 'film.jpg'));
		expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
		// Five 160x90 pictures fitted into 320x180 thumbnails, three columns, two rows, 4 px apart.
		expect((await ffprobe(join(dir, 'film.jpg'))).streams[0]).toMatchObject({width: 976, height: 372});
		// The middle of each thumbnail: the red posters of scenes 1 and 4, frames of testsrc elsewhere.
		const red = ([r, g, b]: number[]) => (r as number) > 200 && (g as number) < 60 && (b as number) < 60;
		const middles = [0, 1, 2, 3, 4].map(
			(i) => [4 + (i % 3) * 324 + 160, 4 + Math.floor(i / 3) * 184 + 90] as const,
		);
		const colours = await Promise.all(middles.map(([x, y]) => pixel(join(dir, 'film.jpg'), x, y)));
		expect(colours.map(red)).toEqual([true, false, false, true, false]);
	});

	it('tiles posters that share one format as one stream, in scene order', async () => {
		await scenes(4);
		for (const [index, colour] of [
			[1, 'red'],
			[2, 'blue'],
			[3, 'red'],
			[4, 'blue'],
		] as const) {
			await makePoster(join(dir, `00${index}-scene-${index}-1.jpg`), colour);
		}
		const {lines} = await film();
		expect(lines.at(-1)).toBe('film.jpg: a contact sheet of 4 posters');
		expect((await ffprobe(join(dir, 'film.jpg'))).streams[0]).toMatchObject({width: 652, height: 372});
		const middles = [0, 1, 2, 3].map(
			(i) => [4 + (i % 2) * 324 + 160, 4 + Math.floor(i / 2) * 184 + 90] as const,
		);
		const colours = await Promise.all(middles.map(([x, y]) => pixel(join(dir, 'film.jpg'), x, y)));
		expect(
			colours.map(([r, , b]) => ((r as number) > 200 ? 'red' : (b as number) > 200 ? 'blue' : '?')),
		).toEqual(['red', 'blue', 'red', 'blue']);
	});

	it('posters of different sizes are each an input of their own, and still tile right', async () => {
		await scenes(2);
		await makePoster(join(dir, '001-scene-1-1.jpg'), 'red');
		await makePoster(join(dir, '002-scene-2-1.jpg'), 'blue', '90x160');
		const {lines} = await film();
		expect(lines.at(-1)).toBe('film.jpg: a contact sheet of 2 posters');
		const colours = await Promise.all([164, 488].map((x) => pixel(join(dir, 'film.jpg'), x, 94)));
		expect(
			colours.map(([r, , b]) => ((r as number) > 200 ? 'red' : (b as number) > 200 ? 'blue' : '?')),
		).toEqual(['red', 'blue']);
	});

	it('--json: NDJSON film.progress and film.done, and no plain line', async () => {
		await scenes(2);
		const {lines} = await film('json');
		const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(events.at(-2)).toMatchObject({type: 'film.progress', percent: 100, totalSeconds: 2});
		expect(events.at(-1)).toEqual({
			ts: expect.any(Number),
			type: 'film.done',
			file: 'film.mp4',
			contactSheet: 'film.jpg',
			scenes: [1, 2],
			copies: 'clips',
			method: 'copy',
			reason: 'stream copy: 2 clips share h264 160x90 at 24 fps, aac audio',
			durationSec: expect.closeTo(2, 1),
			leftOut: [],
		});
		expect(events.every((event) => String(event.type).startsWith('film.'))).toBe(true);
	});

	it('on a terminal, redraws one progress line in place', async () => {
		await scenes(2);
		const {lines} = await film('tty');
		const progress = lines.find((line) => line.includes('joining:')) ?? '';
		expect(progress.startsWith('\r\x1b[2Kjoining: ')).toBe(true);
		expect(progress.endsWith('\r\x1b[2Kjoining: 100% (2.0 of 2.0 s)')).toBe(true);
	});
});

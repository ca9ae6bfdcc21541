import {execFile, spawnSync} from 'node:child_process';
import {copyFile, mkdir, symlink, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll} from 'vitest';
import {makeTempDir, removeDir} from '../helpers/workspace.js';

const run = promisify(execFile);

/** Where the real ffmpeg and ffprobe are, from PATH; undefined when either is missing. */
function locate(name: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'});
	return found.status === 0 ? found.stdout.trim() : undefined;
}
export const ffmpegPath = locate('ffmpeg');
export const ffprobePath = locate('ffprobe');

/**
 * The film tests need a real ffmpeg and ffprobe: missing, they fail here (a suite that skips them
 * would pass without testing the film). FLOWDECK_REQUIRE_FFMPEG=0 skips them instead, on a machine
 * that cannot have ffmpeg.
 */
export const skipFfmpegTests = (!ffmpegPath || !ffprobePath) && process.env.FLOWDECK_REQUIRE_FFMPEG === '0';
if ((!ffmpegPath || !ffprobePath) && !skipFfmpegTests) {
	throw new Error(
		'the film tests need ffmpeg and ffprobe on PATH: apt-get install ffmpeg (or set FLOWDECK_REQUIRE_FFMPEG=0 to skip them)',
	);
}

export type ClipSpec = {width?: number; height?: number; rate?: number; audio?: boolean; seconds?: number};

/** A small real clip (lavfi testsrc; a sine tone when `audio`), H.264 + AAC like Flow's. */
export async function makeClip(path: string, spec: ClipSpec = {}): Promise<void> {
	const {width = 160, height = 90, rate = 24, audio = true, seconds = 1} = spec;
	const video = ['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${rate}:duration=${seconds}`];
	const sound = audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`] : [];
	await run(ffmpegPath as string, [
		...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...video, ...sound],
		...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
		...(audio ? ['-c:a', 'aac', '-shortest'] : []),
		path,
	]);
}

/** A poster JPEG of one colour (a frame of testsrc never is), so a test can tell it from a grabbed frame. */
export async function makePoster(
	path: string,
	colour = 'red',
	size = '160x90',
	pixFmt = 'yuvj420p',
): Promise<void> {
	await run(ffmpegPath as string, [
		...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=${size}`],
		...['-frames:v', '1', '-pix_fmt', pixFmt, path],
	]);
}

/** The colour [r, g, b] of one pixel of an image. */
export async function pixel(path: string, x: number, y: number): Promise<number[]> {
	const {stdout} = await run(
		ffmpegPath as string,
		[
			'-loglevel',
			'error',
			'-i',
			path,
			'-vf',
			`format=rgb24,crop=1:1:${x}:${y}`,
			'-f',
			'rawvideo',
			'-pix_fmt',
			'rgb24',
			'-',
		],
		{encoding: 'buffer'},
	);
	return [...stdout.subarray(0, 3)];
}

/**
 * Clips made once per spec for a test file (in beforeAll) and copied where a test wants them: making
 * a clip takes an ffmpeg run, copying it does not.
 */
export function clipCache() {
	let dir = '';
	const made = new Map<string, Promise<string>>();
	beforeAll(async () => {
		dir = await makeTempDir('flowdeck-film-clips-');
	});
	afterAll(async () => {
		if (dir) await removeDir(dir);
	});
	return async function clip(path: string, spec: ClipSpec = {}): Promise<void> {
		const key = JSON.stringify(spec);
		let source = made.get(key);
		if (!source) {
			const file = join(dir, `clip-${made.size}.mp4`);
			source = makeClip(file, spec).then(() => file);
			made.set(key, source);
		}
		await copyFile(await source, path);
	};
}

export type Probed = {
	streams: Array<{
		codec_type: string;
		codec_name: string;
		width?: number;
		height?: number;
		duration?: string;
	}>;
	format: {duration: string};
};

export async function ffprobe(path: string): Promise<Probed> {
	const {stdout} = await run(ffprobePath as string, [
		...['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,duration:format=duration'],
		...['-of', 'json', path],
	]);
	return JSON.parse(stdout) as Probed;
}

/** The video stream's duration in seconds. */
export const videoSeconds = (probed: Probed): number =>
	Number(probed.streams.find((stream) => stream.codec_type === 'video')?.duration);

/**
 * A folder with a stand-in `ffmpeg` (a shell script of `body`) and the real ffprobe beside it, as
 * --ffmpeg finds them. The script's last argument is the output file.
 */
export async function fakeFfmpeg(dir: string, body: string): Promise<string> {
	const folder = join(dir, 'fake-bin');
	await mkdir(folder, {recursive: true});
	const path = join(folder, 'ffmpeg');
	await writeFile(path, `#!/bin/sh\nfor out; do :; done\n${body}\n`, {mode: 0o755});
	await symlink(ffprobePath as string, join(folder, 'ffprobe'));
	return path;
}

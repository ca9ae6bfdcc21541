/**
 * The ffmpeg the film is made with: `--ffmpeg <path>`, else the first on PATH; and the ffprobe in the
 * same folder, which reads the clips (readme: Making the film). Either missing is a FilmRefusal whose
 * one line says how to install ffmpeg (exit 2, docs/design.md §4).
 */

import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {basename, delimiter, dirname, join} from 'node:path';
import {FilmRefusal, installHint} from './errors.js';

export type FfmpegTools = {ffmpeg: string; ffprobe: string};

const exe = process.platform === 'win32' ? '.exe' : '';

const isProgram = async (path: string): Promise<boolean> => {
	try {
		if (!(await stat(path)).isFile()) return false;
		await access(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

/** ffmpeg at `given`, or on PATH, and ffprobe beside it. */
export async function findTools(given: string | undefined, env: NodeJS.ProcessEnv): Promise<FfmpegTools> {
	const ffmpeg = given ?? (await onPath(`ffmpeg${exe}`, env.PATH ?? ''));
	if (ffmpeg === undefined) {
		throw new FilmRefusal('no-ffmpeg', `no ffmpeg on PATH: ${installHint}, or pass --ffmpeg <path>`);
	}
	if (!(await isProgram(ffmpeg))) {
		throw new FilmRefusal('no-ffmpeg', `no ffmpeg program at ${ffmpeg}: ${installHint}`);
	}
	// A build named ffmpeg-6 or ffmpeg.exe keeps the same tail on its ffprobe.
	const ffprobe = join(dirname(ffmpeg), basename(ffmpeg).replace(/^ffmpeg/i, 'ffprobe'));
	if (ffprobe === ffmpeg || !(await isProgram(ffprobe))) {
		throw new FilmRefusal(
			'no-ffmpeg',
			`no ffprobe beside ${ffmpeg} (the film reads its clips with it): ${installHint}`,
		);
	}
	return {ffmpeg, ffprobe};
}

async function onPath(name: string, path: string): Promise<string | undefined> {
	for (const folder of path.split(delimiter)) {
		if (folder === '') continue;
		const candidate = join(folder, name);
		if (await isProgram(candidate)) return candidate;
	}
	return undefined;
}

/**
 * `<out>/film.jpg`, the contact sheet (readme: Making the film): each take's poster (`NNN-slug-<copy>.jpg`
 * beside its clip) or, where a scene has none, a frame grabbed from the clip, tiled in a grid by
 * ffmpeg. It is made beside the join, from what the clips' headers say, so it adds no wait of its own;
 * posters of one picture format go through ffmpeg as one stream (jpeg-frame.ts says why).
 */

import {writeFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {concatList, contactSheetArgs, posterListSheetArgs, type SheetPicture} from './ffmpeg-args.js';
import {ffmpegInto} from './ffmpeg-run.js';
import {jpegFrame} from './jpeg-frame.js';
import type {Mp4Header} from './mp4-header.js';
import type {Take} from './takes.js';

export const sheetFile = 'film.jpg';

/** A frame this far in (or from the middle of a shorter clip): past a fade from black. */
const grabAtMost = 1;

/**
 * Starts the contact sheet; the promise settles with undefined once film.jpg is there, or with the
 * error that stopped it (never rejected: the join decides when a failure is heard). `listDir` is a
 * folder for the concat list of the posters.
 */
export function startContactSheet(input: {
	ffmpeg: string;
	outDir: string;
	listDir: string;
	takes: readonly Take[];
	headers: ReadonlyArray<Mp4Header | undefined>;
	signal: AbortSignal;
}): Promise<unknown> {
	return makeSheet(input).then(
		() => undefined,
		(error: unknown) => error,
	);
}

async function makeSheet({
	ffmpeg,
	outDir,
	listDir,
	takes,
	headers,
	signal,
}: Parameters<typeof startContactSheet>[0]) {
	const header = headers.find((each) => each !== undefined);
	const aspect = header ? {width: header.width, height: header.height} : {width: 16, height: 9};
	const target = join(outDir, sheetFile);
	const posters = takes.map((take) => take.poster && resolve(outDir, take.poster));
	if (posters.every((poster) => poster !== undefined)) {
		const frames = await Promise.all(posters.map(jpegFrame));
		const [first] = frames;
		if (first && frames.every((frame) => frame?.format === first.format)) {
			const list = join(listDir, 'posters.txt');
			await writeFile(list, concatList(posters));
			return ffmpegInto(
				ffmpeg,
				posterListSheetArgs(list, {...first, count: posters.length}, aspect),
				target,
				{signal},
			);
		}
	}
	const pictures: SheetPicture[] = takes.map((take, i) =>
		take.poster
			? {path: resolve(outDir, take.poster)}
			: {path: resolve(outDir, take.clip), grabAt: Math.min(grabAtMost, (headers[i]?.durationSec ?? 0) / 2)},
	);
	return ffmpegInto(ffmpeg, contactSheetArgs(pictures, aspect), target, {signal});
}

/** "6 posters", "4 posters and 2 frames". */
export function sheetWhat(takes: readonly Take[]): string {
	const posters = takes.filter((take) => take.poster).length;
	const frames = takes.length - posters;
	const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	if (frames === 0) return count(posters, 'poster');
	if (posters === 0) return count(frames, 'frame');
	return `${count(posters, 'poster')} and ${count(frames, 'frame')}`;
}

/**
 * The ffmpeg command lines of the film step, without their output file (ffmpeg-run.ts adds the
 * `.part` it renames on success). Every one reports progress on stdout (`-progress pipe:1`), errors
 * only on stderr, and never reads stdin (a Ctrl-C is flowdeck's to handle).
 */

import type {ClipInfo} from './probe.js';

const common = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];

/**
 * The concat demuxer's list (ffmpeg-formats "concat"): one `file '…'` line per clip. A quote in a path
 * closes the quoted part, is escaped, and reopens it.
 *
 * `probeFirstOnly`: every clip but the first is opened without ffmpeg's stream probe, which decodes the
 * start of each clip and is two thirds of the whole join's time (bench/film.js); the output streams
 * come from the first clip alone, so for clips of one kind (mp4-header.ts) the film is byte for byte
 * the same. The `option` directive is new in ffmpeg 5.0: film.ts joins again without it on an older one.
 */
export function concatList(paths: readonly string[], probeFirstOnly = false): string {
	const quote = (path: string) => `file '${path.replaceAll("'", "'\\''")}'\n`;
	const rest = probeFirstOnly ? 'option probesize 32\noption analyzeduration 0\n' : '';
	return `ffconcat version 1.0\n${paths.map((path, i) => quote(path) + (i > 0 ? rest : '')).join('')}`;
}

/** The stream copy: the list joined as it is; `-f mp4` because the output is named `.part`. */
export const copyArgs = (listPath: string): string[] => [
	...common,
	...['-f', 'concat', '-safe', '0', '-i', listPath, '-c', 'copy', '-f', 'mp4'],
];

const even = (value: number): number => Math.max(2, Math.floor(value / 2) * 2);

/** Scale into a width × height box keeping the aspect, pad the rest black, square pixels. */
const fitInto = (width: number, height: number): string =>
	`scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1`;

/**
 * The re-encode: every clip to the first clip's size and frame rate through the concat filter, then
 * H.264 + AAC. When some clips have sound, a silent one gets silence of its own length (anullsrc), since
 * the filter joins segments that have the same streams.
 */
export function encodeArgs(paths: readonly string[], infos: readonly ClipInfo[]): string[] {
	const first = infos[0] as ClipInfo;
	const width = even(first.video.width);
	const height = even(first.video.height);
	const rate = first.video.frameRate === '0/0' ? '24' : first.video.frameRate;
	const withAudio = infos.some((info) => info.audio !== undefined);
	const chains: string[] = [];
	const segments: string[] = [];
	infos.forEach((info, i) => {
		chains.push(`[${i}:v:0]${fitInto(width, height)},fps=${rate},format=yuv420p[v${i}]`);
		segments.push(`[v${i}]`);
		if (!withAudio) return;
		chains.push(
			info.audio
				? `[${i}:a:0]aformat=sample_rates=48000:channel_layouts=stereo[a${i}]`
				: `anullsrc=r=48000:cl=stereo,atrim=duration=${info.durationSec.toFixed(3)}[a${i}]`,
		);
		segments.push(`[a${i}]`);
	});
	const joined = withAudio ? '[v][a]' : '[v]';
	chains.push(`${segments.join('')}concat=n=${infos.length}:v=1:a=${withAudio ? 1 : 0}${joined}`);
	return [
		...common,
		...paths.flatMap((path) => ['-i', path]),
		...['-filter_complex', chains.join(';'), '-map', '[v]'],
		...(withAudio ? ['-map', '[a]', '-c:a', 'aac', '-b:a', '192k'] : []),
		...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'],
		...['-movflags', '+faststart', '-f', 'mp4'],
	];
}

/** One picture of the contact sheet: a poster, or a frame `grabAt` seconds into a clip. */
export type SheetPicture = {path: string; grabAt?: number};

/** The thumbnails' long side, in pixels. */
const thumbLongSide = 320;

type Aspect = {width: number; height: number};

/** Thumbnails of the film's aspect, in a grid as near square as the count allows. */
function grid(count: number, aspect: Aspect) {
	const landscape = aspect.width >= aspect.height;
	const short = even(
		(thumbLongSide * Math.min(aspect.width, aspect.height)) / Math.max(aspect.width, aspect.height),
	);
	const [width, height]: [number, number] = landscape ? [thumbLongSide, short] : [short, thumbLongSide];
	const columns = Math.ceil(Math.sqrt(count));
	return {
		thumb: fitInto(width, height),
		tile: `tile=${columns}x${Math.ceil(count / columns)}:padding=4:margin=4`,
		width,
		height,
	};
}

const sheetOutput = ['-map', '[sheet]', '-frames:v', '1', '-q:v', '3', '-f', 'mjpeg'];

/**
 * The contact sheet: each picture an input of its own, one frame of each fitted into a thumbnail,
 * joined in order and tiled (the tile filter), written as one JPEG.
 */
export function contactSheetArgs(pictures: readonly SheetPicture[], aspect: Aspect): string[] {
	const {thumb, tile} = grid(pictures.length, aspect);
	const chains = pictures.map((_, i) => `[${i}:v:0]trim=end_frame=1,${thumb},format=yuv420p[t${i}]`);
	const thumbs = pictures.map((_, i) => `[t${i}]`).join('');
	chains.push(`${thumbs}concat=n=${pictures.length}:v=1:a=0,${tile}[sheet]`);
	return [
		...common,
		...pictures.flatMap(({path, grabAt}) =>
			grabAt === undefined ? ['-i', path] : ['-ss', grabAt.toFixed(3), '-i', path],
		),
		...['-filter_complex', chains.join(';'), ...sheetOutput],
	];
}

/**
 * The contact sheet of posters that share one picture format (jpeg-frame.ts): read as one stream
 * through the concat demuxer, a frame per poster, each fitted and tiled. The JPEG decoder's `lowres`
 * decodes at a half, quarter or eighth of the size, never below the thumbnail's: a big poster costs a
 * fraction of its full decode.
 */
export function posterListSheetArgs(
	listPath: string,
	posters: {count: number; width: number; height: number},
	aspect: Aspect,
): string[] {
	const {thumb, tile, width, height} = grid(posters.count, aspect);
	let lowres = 0;
	while (lowres < 3 && posters.width >> (lowres + 1) >= width && posters.height >> (lowres + 1) >= height)
		lowres++;
	return [
		...common,
		...['-lowres', String(lowres), '-f', 'concat', '-safe', '0', '-i', listPath],
		...['-filter_complex', `[0:v:0]${thumb},format=yuv420p,${tile}[sheet]`, ...sheetOutput],
	];
}

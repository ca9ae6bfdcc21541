/**
 * The film step (issue 19; readme: Making the film): the done scenes' takes of an output folder joined
 * into `<out>/film.mp4`, and their posters (or a frame of each) tiled into `<out>/film.jpg`. Shared by
 * `flowdeck film` and `run --film`; the commands turn its outcome into lines and an exit code.
 */

import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {sheetFile, sheetWhat, startContactSheet} from './contact-sheet.js';
import {FfmpegFailure, FilmRefusal, type RefusalReason} from './errors.js';
import {concatList, copyArgs, encodeArgs} from './ffmpeg-args.js';
import {Aborted, ffmpegInto} from './ffmpeg-run.js';
import {type JoinMethod, planJoin} from './join-plan.js';
import {clipKinds, probeKinds} from './probe.js';
import type {FilmReport} from './report.js';
import {type FilmTakes, filmTakes, type Take} from './takes.js';
import {findTools} from './tools.js';
import {seconds} from './words.js';

export const filmFile = 'film.mp4';
export {sheetFile};

export type FilmOutcome =
	| {kind: 'made'; scenes: number[]; durationSec: number; method: JoinMethod}
	| {kind: 'refused'; reason: RefusalReason; message: string}
	/** `filmMade`: film.mp4 is there, only the contact sheet failed. */
	| {kind: 'failed'; message: string; tail: readonly string[]; filmMade: boolean}
	| {kind: 'interrupted'};

export type FilmInput = {
	outDir: string;
	/** --ffmpeg; else the ffmpeg on PATH. */
	ffmpegPath?: string;
	env: NodeJS.ProcessEnv;
	report: FilmReport;
	/** Aborted on Ctrl-C: ffmpeg is killed and nothing is left behind. */
	signal?: AbortSignal;
};

export async function makeFilm(input: FilmInput): Promise<FilmOutcome> {
	let filmMade = false;
	// The join and the contact sheet run side by side; a failure of the join, or a Ctrl-C, stops both.
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	input.signal?.addEventListener('abort', onAbort, {once: true});
	if (input.signal?.aborted) stop.abort();
	try {
		return await film(input, stop, () => {
			filmMade = true;
		});
	} catch (error) {
		if (error instanceof FilmRefusal) return {kind: 'refused', reason: error.reason, message: error.message};
		if (error instanceof Aborted) return {kind: 'interrupted'};
		if (error instanceof FfmpegFailure)
			return {kind: 'failed', message: error.message, tail: error.tail, filmMade};
		// A folder that cannot be written (EACCES, ENOSPC): ffmpeg's work is lost the same way.
		if ((error as NodeJS.ErrnoException)?.code) {
			return {kind: 'failed', message: (error as Error).message, tail: [], filmMade};
		}
		throw error;
	} finally {
		input.signal?.removeEventListener('abort', onAbort);
		input.report.progressEnd();
	}
}

async function film(
	{outDir, ffmpegPath, env, report}: FilmInput,
	stop: AbortController,
	madeFilm: () => void,
) {
	const chosen = await filmTakes(outDir);
	const {ffmpeg, ffprobe} = await findTools(ffmpegPath, env);
	const {takes} = chosen;
	report.line(takesLine(chosen));
	for (const {scene, why} of chosen.leftOut) report.line(`left out: scene ${scene} (${why})`);
	const {plan, total} = await joinAndTile({ffmpeg, ffprobe, outDir, takes, report, stop, madeFilm});
	report.line(`${sheetFile}: a contact sheet of ${sheetWhat(takes)}`);
	const scenes = takes.map((take) => take.scene);
	report.event('film.done', {
		file: filmFile,
		contactSheet: sheetFile,
		scenes,
		copies: chosen.copies,
		method: plan.method,
		reason: plan.reason,
		durationSec: Math.round(total * 1000) / 1000,
		leftOut: chosen.leftOut,
	});
	return {kind: 'made' as const, scenes, durationSec: total, method: plan.method};
}

type JoinInput = {
	ffmpeg: string;
	ffprobe: string;
	outDir: string;
	takes: readonly Take[];
	report: FilmReport;
	stop: AbortController;
	madeFilm: () => void;
};

/** film.mp4 and, beside it, film.jpg; resolves once both are there. */
async function joinAndTile({ffmpeg, ffprobe, outDir, takes, report, stop, madeFilm}: JoinInput) {
	const paths = takes.map((take) => resolve(outDir, take.file));
	const kinds = await clipKinds(paths);
	const listDir = await mkdtemp(join(tmpdir(), 'flowdeck-film-'));
	const sheet = startContactSheet({
		ffmpeg,
		outDir,
		listDir,
		takes,
		headers: kinds.headers,
		signal: stop.signal,
	});
	let joining: Promise<void> | undefined;
	try {
		const probing = probeKinds(
			ffprobe,
			takes.map((take, i) => ({path: paths[i] as string, name: take.file})),
			kinds,
		);
		// Awaited below; a failure before then must not count as unhandled (nor would joining's).
		probing.catch(() => {});
		let total = kinds.headers.reduce((sum, header) => sum + (header?.durationSec ?? 0), 0);
		let announced = false;
		const startJoin = (args: string[]) => {
			joining = ffmpegInto(ffmpeg, args, join(outDir, filmFile), {
				signal: stop.signal,
				onProgress: (done) => announced && report.progress(done, total),
			});
			joining.catch(() => {});
			return joining;
		};
		// Clips of one kind are a stream copy whatever ffprobe says of them (mp4-header.ts): the join
		// starts at once, probing the first clip only, and ffprobe's answer is awaited for its line.
		const oneKind = kinds.kinds.length === 1;
		if (oneKind) startJoin(copyArgs(await writeList(listDir, paths, true)));
		const infos = await probing;
		total = infos.reduce((sum, info) => sum + info.durationSec, 0);
		const plan = planJoin(infos);
		report.line(plan.reason);
		announced = true;
		try {
			await (joining ??
				startJoin(
					plan.method === 'copy' ? copyArgs(await writeList(listDir, paths)) : encodeArgs(paths, infos),
				));
		} catch (error) {
			if (!oneKind || !beforeFfmpeg5(error)) throw error;
			await startJoin(copyArgs(await writeList(listDir, paths)));
		}
		madeFilm();
		report.progress(total, total);
		report.progressEnd();
		report.line(`${filmFile}: ${takes.length} ${takes.length === 1 ? 'scene' : 'scenes'}, ${seconds(total)}`);
		const sheetError = await sheet;
		if (sheetError instanceof FfmpegFailure) {
			throw new FfmpegFailure(`the contact sheet failed: ${sheetError.message}`, sheetError.tail);
		}
		if (sheetError) throw sheetError;
		return {plan, total};
	} catch (error) {
		// No contact sheet of a film that is not there, and no join past a failure: each is stopped,
		// its .part removed, before the step ends.
		stop.abort();
		await Promise.allSettled([sheet, joining]);
		throw error;
	} finally {
		await rm(listDir, {recursive: true, force: true});
	}
}

async function writeList(dir: string, paths: readonly string[], probeFirstOnly = false): Promise<string> {
	const list = join(dir, 'list.txt');
	await writeFile(list, concatList(paths, probeFirstOnly));
	return list;
}

/** An ffmpeg before 5.0 refuses a concat list's `option` directive (ffmpeg-args.ts: concatList). */
const beforeFfmpeg5 = (error: unknown): boolean =>
	error instanceof FfmpegFailure && error.tail.some((line) => line.includes("unknown keyword 'option'"));

/** "film: 6 scenes, their 1080p copies" / "film: 6 scenes, the clips (scene 3 has no 1080p copy)". */
function takesLine({takes, copies, note}: FilmTakes): string {
	const scenes = `${takes.length} ${takes.length === 1 ? 'scene' : 'scenes'}`;
	if (copies !== 'clips') return `film: ${scenes}, their ${copies} copies`;
	return `film: ${scenes}, the clips${note ? ` (${note})` : ''}`;
}

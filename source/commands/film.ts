/**
 * `flowdeck film <out-dir>` and the film step that `run --film` and `resume --film` take when the run
 * ends (readme: Making the film; docs/design.md §4). source/film makes the film; this turns its
 * outcome into lines and an exit code.
 */

import {type FilmOutcome, filmFile, makeFilm} from '../film/film.js';
import {filmReport} from '../film/report.js';
import {exitCodes} from '../run/exit-codes.js';
import type {Io} from '../run/io.js';
import type {RunOptions} from '../run/options.js';

export type FilmOptions = {ffmpegPath?: string; json: boolean};

/** 0 made; 1 ffmpeg failed; 2 no ffmpeg, no manifest or no done scene; 130 interrupted. */
export async function filmCommand(outDir: string, options: FilmOptions, io: Io): Promise<number> {
	const outcome = await filmStep(outDir, options, io);
	switch (outcome.kind) {
		case 'made':
			return exitCodes.ok;
		case 'refused':
			io.stderr.write(`flowdeck: ${outcome.message}\n`);
			return exitCodes.usage;
		case 'failed':
			writeFailure(outcome, io);
			return exitCodes.failed;
		case 'interrupted':
			io.stderr.write('flowdeck: film interrupted; ffmpeg was stopped and its unfinished file removed\n');
			return exitCodes.interrupted;
	}
}

/**
 * The film step after a run (`--film`), whatever the run's exit code, except 2: then nothing was
 * submitted and the folder is not this run's. The run's exit code stands, with two exceptions: a
 * film that ffmpeg failed to make turns a 0 into 1 (a script must not take a missing film for a
 * made one), and a Ctrl-C during the film is 130. A missing ffmpeg or no done scene only says so.
 */
export async function filmAfterRun(
	outDir: string,
	runCode: number,
	options: Pick<RunOptions, 'ffmpegPath' | 'output'>,
	io: Io,
): Promise<number> {
	if (runCode === exitCodes.usage) return runCode;
	const json = options.output === 'json';
	const outcome = await filmStep(outDir, {ffmpegPath: options.ffmpegPath, json}, io);
	switch (outcome.kind) {
		case 'made':
			return runCode;
		case 'refused':
			io.stderr.write(`flowdeck: --film: ${outcome.message}\n`);
			return runCode;
		case 'failed':
			writeFailure(outcome, io);
			io.stderr.write(
				`flowdeck: --film: the run's videos are kept; \`flowdeck film ${outDir}\` tries again\n`,
			);
			return runCode === exitCodes.ok ? exitCodes.failed : runCode;
		case 'interrupted':
			io.stderr.write('flowdeck: --film interrupted; ffmpeg was stopped and its unfinished file removed\n');
			return exitCodes.interrupted;
	}
}

/** Runs the film step with a Ctrl-C handler of its own: the run's is gone by then. */
async function filmStep(outDir: string, options: FilmOptions, io: Io): Promise<FilmOutcome> {
	const stop = new AbortController();
	const removeHandler = io.onInterrupt?.(() => stop.abort());
	const tty = (io.stdout as NodeJS.WriteStream).isTTY === true;
	try {
		return await makeFilm({
			outDir,
			ffmpegPath: options.ffmpegPath,
			env: io.env,
			report: filmReport(io.stdout, options.json ? 'json' : tty ? 'tty' : 'lines'),
			signal: stop.signal,
		});
	} finally {
		removeHandler?.();
	}
}

function writeFailure(outcome: Extract<FilmOutcome, {kind: 'failed'}>, io: Io): void {
	const made = outcome.filmMade ? ` (${filmFile} is made)` : '';
	const tail = outcome.tail.length > 0 ? '; its last lines:' : '';
	io.stderr.write(`flowdeck: ${outcome.message}${made}${tail}\n`);
	for (const line of outcome.tail) io.stderr.write(`  ${line}\n`);
}

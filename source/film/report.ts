/**
 * What the film step shows while it works (readme: Making the film): its summary lines, and the join's
 * progress from ffmpeg's `-progress` (seconds written against the takes' summed durations). On a
 * terminal one line is redrawn in place; otherwise a plain line at each quarter, so a log is not
 * flooded; with --json, NDJSON `film.progress` and `film.done` objects instead of any line.
 */

import {seconds} from './words.js';

export type ReportMode = 'tty' | 'lines' | 'json';

export type FilmReport = {
	readonly mode: ReportMode;
	/** A summary line (not shown with --json). */
	line(text: string): void;
	/** ffmpeg has written `done` of `total` seconds. */
	progress(done: number, total: number): void;
	/** The join ended: the redrawn line is finished with its newline. */
	progressEnd(): void;
	/** An NDJSON event (only with --json). */
	event(type: 'film.progress' | 'film.done', fields: Record<string, unknown>): void;
};

/** A redraw at most this often: ffmpeg reports twice a second, a terminal needs no more. */
const redrawMs = 100;

export function filmReport(stdout: NodeJS.WritableStream, mode: ReportMode, now = Date.now): FilmReport {
	let lastDraw = 0;
	let drawn = false;
	let quarter = 0;
	const text = (done: number, total: number) => {
		const share = total > 0 ? Math.min(1, done / total) : 1;
		return {
			share,
			line: `joining: ${Math.floor(share * 100)}% (${Math.min(done, total).toFixed(1)} of ${seconds(total)})`,
		};
	};
	const report: FilmReport = {
		mode,
		line(line) {
			if (mode !== 'json') stdout.write(`${line}\n`);
		},
		progress(done, total) {
			const {share, line} = text(done, total);
			if (mode === 'tty') {
				if (now() - lastDraw < redrawMs && share < 1) return;
				lastDraw = now();
				drawn = true;
				stdout.write(`\r\x1b[2K${line}`);
				return;
			}
			// Each quarter once: 25 %, 50 %, 75 %, 100 %.
			const reached = Math.floor(share * 4);
			if (reached <= quarter) return;
			quarter = reached;
			if (mode === 'lines') stdout.write(`${line}\n`);
			else
				report.event('film.progress', {
					seconds: round(Math.min(done, total)),
					totalSeconds: round(total),
					percent: reached * 25,
				});
		},
		progressEnd() {
			if (mode === 'tty' && drawn) stdout.write('\n');
			drawn = false;
		},
		event(type, fields) {
			if (mode === 'json') stdout.write(`${JSON.stringify({ts: now(), type, ...fields})}\n`);
		},
	};
	return report;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

import {hasRun, readRunFile} from '../core/run-file.js';
import {exitCodes} from '../run/exit-codes.js';
import type {Io, RunSources} from '../run/io.js';
import {newRunFile} from '../run/new-run.js';
import type {RunOptions} from '../run/options.js';
import {preflightResume, preflightRun} from '../run/plan/preflight.js';
import {projectsOfRun} from '../run/run-projects.js';
import {loadScenes} from '../run/scenes.js';
import {setAsideEarlierRun} from '../run/session.js';
import {type RunStart, startRun} from '../run/start.js';
import {UsageError} from '../run/usage-error.js';
import {nothingToResume} from './nothing-to-resume.js';

/** `flowdeck run <scenes>`: a new run into an output folder that holds none. */
export async function runCommand(
	sceneFile: string,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	// Scene file, model keys (against the catalogue) and accounts: all checked before any request.
	const {text, scenes} = await loadScenes(sceneFile, options);
	const earlierRun = await hasRun(options.outDir);
	if (earlierRun && !options.newRun) {
		throw new UsageError(
			`${options.outDir} already holds a run: \`flowdeck resume ${options.outDir}\` continues it, or pass --new-run to start afresh`,
		);
	}
	const wiring: RunStart = {
		outDir: options.outDir,
		maxInFlight: options.maxInFlight,
		mode: options.mode,
		preflight: async (ready) => {
			const preflight = await preflightRun({...ready, scenes, options, sceneFile});
			if (preflight.refused) return exitCodes.usage;
			if (preflight.declined) return exitCodes.ok;
			return preflight;
		},
		start: async (accounts) => {
			if (earlierRun) await setAsideEarlierRun(options.outDir);
			return {kind: 'new', run: newRunFile({sceneFile, text, scenes, options, accounts})};
		},
	};
	return withFilm(options.outDir, await startRun(wiring, options, io, sources), options, io);
}

/** `flowdeck resume <out>`: replays the journal and carries on; never resubmits an acknowledged scene. */
export async function resumeCommand(
	outDir: string,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	const run = await readRunFile(outDir);
	if (!run) {
		throw new UsageError(
			`${outDir}: no flowdeck run here (no .flowdeck/run.json); start one with \`flowdeck run\``,
		);
	}
	// NDJSON readers get the run's events as ever; people get one line.
	const nothing = options.output === 'json' ? undefined : await nothingToResume(outDir, run);
	if (nothing) {
		io.stdout.write(`${nothing}\n`);
		return withFilm(outDir, exitCodes.ok, options, io);
	}
	const wiring: RunStart = {
		outDir,
		maxInFlight: run.settings.maxInFlight,
		mode: run.settings.mode,
		resubmitInDoubt: options.resubmitInDoubt,
		preflight: (ready) => preflightResume({...ready, scenes: run.scenes}),
		projects: () => projectsOfRun(outDir, run),
		start: async () => ({kind: 'resume', run}),
	};
	return withFilm(outDir, await startRun(wiring, options, io, sources), options, io);
}

/** `--film`: once the run has ended, the film of its done scenes (commands/film.ts, loaded only then). */
async function withFilm(outDir: string, code: number, options: RunOptions, io: Io): Promise<number> {
	if (!options.film) return code;
	return (await import('./film.js')).filmAfterRun(outDir, code, options, io);
}

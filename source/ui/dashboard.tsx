// Evaluated before Ink and React load: their production build (react-production.ts). This file has
// no JSX, so no react/jsx-runtime import is hoisted above this one.
import './react-production.js';
import {render} from 'ink';
import {createElement} from 'react';
import type {Pipeline} from '../core/pipeline/index.js';
import type {RunState} from '../core/run-state.js';
import {App, type AppProps} from './App.js';
import {pipelineCommands} from './commands.js';
import {withFrameDiff} from './frame-diff.js';
import {restoreNodeEnv} from './react-production.js';
import {createTheme, displayFromEnv} from './theme.js';

restoreNodeEnv();

/** The run a dashboard shows (a run/session Session fits). */
export type DashboardRun = {
	pipeline: Pipeline;
	/** Starts the run; resolves once it has ended and its journal is closed. */
	start(): Promise<RunState>;
	outDir: string;
	sceneFile?: string;
};

export type DashboardOptions = {
	env: NodeJS.ProcessEnv;
	ascii: boolean;
	/** Exit code of the ended run (run/report/report.ts finalExitCode). */
	exitCode(state: RunState, interrupted: boolean): number;
	/** Signals from outside (kill -INT, -TERM): treated like Ctrl-C. */
	onInterrupt?: (handler: () => void) => () => void;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
};

/**
 * The live dashboard of a run: renders until the run ends, leaves the final frame and a summary in
 * the scrollback, and returns the exit code. `q` and Ctrl-C only stop the pipeline; the run ending is
 * the one way out, so the journal and manifest are always complete first.
 */
export async function runDashboard(run: DashboardRun, options: DashboardOptions): Promise<number> {
	const {pipeline} = run;
	let interrupted = false;
	const commands = pipelineCommands(pipeline, () => {
		interrupted = true;
	});
	const props: AppProps = {
		store: pipeline,
		commands,
		theme: createTheme(displayFromEnv(options.env, {ascii: options.ascii})),
		outDir: run.outDir,
		sceneFile: run.sceneFile,
		warnings: (listener) => {
			pipeline.on('warning', listener);
			return () => {
				pipeline.off('warning', listener);
			};
		},
	};
	const instance = render(createElement(App, props), {
		// Undefined would replace Ink's defaults (process.stdin/stdout) rather than fall back to them.
		...(options.stdin ? {stdin: options.stdin} : {}),
		// Ink writes whole frames; only the cells that changed reach the terminal (frame-diff.ts).
		stdout: withFrameDiff(options.stdout ?? process.stdout),
		// Raw mode turns Ctrl-C into a key; the app handles it like the headless run's SIGINT.
		exitOnCtrlC: false,
		patchConsole: true,
		maxFps: 10,
	});
	const removeHandler = options.onInterrupt?.(() => commands.interrupt());
	// A person is watching: failed and in-doubt scenes wait for `r` or `q` instead of ending the run.
	pipeline.holdOpenWhileRetryable();
	try {
		const state = await run.start();
		const exitCode = options.exitCode(state, interrupted);
		instance.rerender(createElement(App, {...props, final: {exitCode}}));
		instance.unmount();
		await instance.waitUntilExit();
		return exitCode;
	} catch (error) {
		instance.unmount();
		throw error;
	} finally {
		removeHandler?.();
	}
}

import {exitCodeFor, isFinished, type RunState} from '../../core/run-state.js';
import {exitCodes} from '../exit-codes.js';
import type {Io, RunSources} from '../io.js';
import type {RunOptions} from '../options.js';
import type {Session} from '../session.js';
import {formatLine} from './lines.js';
import {ndjsonLine} from './ndjson.js';

/** Headless reporting: readable lines or NDJSON, and the two-stage Ctrl-C. */
export async function report(
	session: Session,
	options: RunOptions,
	io: Io,
	sources: RunSources,
): Promise<number> {
	if (options.output === 'tui' && io.dashboard) return io.dashboard(session, options);
	const {pipeline} = session;
	let readerGone = false;
	pipeline.on('event', (event) => {
		if (readerGone) return;
		const state = pipeline.getSnapshot();
		const line = options.output === 'json' ? ndjsonLine(event, state) : lineOf(formatLine(event, state));
		if (line) io.stdout.write(line);
	});
	pipeline.on('warning', (message) => io.stderr.write(`warning: ${message}\n`));
	let interrupted = false;
	const removeHandler = io.onInterrupt?.(() => {
		interrupted = true;
		pipeline.stop();
	});
	const ended = session.start();
	// Registered once the run has started (run.start is out): a reader gone during the plan stops it
	// before its first submit. Nobody sees the report any more; a run stops as after a first Ctrl-C,
	// since what is generating is paid for and still fetched (a Ctrl-C after that stops at once). The
	// demo pays for nothing and simply stops. Quietly either way: exit 130 if anything is left.
	const removeClosedHandler = io.onStdoutClosed?.(() => {
		readerGone = true;
		interrupted = true;
		if (sources.simulated) pipeline.stop({now: true});
		else if (!pipeline.getSnapshot().stopping) pipeline.stop();
	});
	try {
		const state = await ended;
		return finalExitCode(state, interrupted, pipeline.noUsableAccount);
	} finally {
		removeHandler?.();
		removeClosedHandler?.();
	}
}

const lineOf = (text: string | undefined): string | undefined =>
	text === undefined ? undefined : `${text}\n`;

/** The exit code of an ended run, headless or on the dashboard alike. */
export function finalExitCode(state: RunState, interrupted: boolean, noUsableAccount: boolean): number {
	const unfinished = state.scenes.some((scene) => !isFinished(scene));
	if (interrupted && unfinished) return exitCodes.interrupted;
	if (noUsableAccount && state.scenes.some((scene) => scene.state === 'queued')) return exitCodes.noAccount;
	if (unfinished) return exitCodes.failed;
	return exitCodeFor(state);
}

import {exitCodes} from '../run/exit-codes.js';
import type {Io} from '../run/io.js';
import {showDashboard} from './dashboard-io.js';
import type {watchStdout} from './stdout-closed.js';

/** The Io of the CLI itself: the process's streams, environment and signals. */
export function processIo(stdoutClosed: ReturnType<typeof watchStdout>): Io {
	const io: Io = {stdout: process.stdout, stderr: process.stderr, env: process.env, onInterrupt};
	io.onStdoutClosed = stdoutClosed.onClosed;
	io.dashboard = (session, options) => showDashboard(session, options, io);
	return io;
}

function onInterrupt(handler: () => void): () => void {
	let count = 0;
	const listener = () => {
		count++;
		if (count === 1) {
			handler();
			return;
		}
		// Second Ctrl-C: the pipeline stops at once; its state is already journaled.
		handler();
	};
	process.on('SIGINT', listener);
	process.on('SIGTERM', listener);
	return () => {
		process.off('SIGINT', listener);
		process.off('SIGTERM', listener);
		// The run has ended and its record is written; the process is closing. A Ctrl-C now must
		// not kill it by the signal (no exit code at all): it ends as interrupted, like one before.
		process.once('SIGINT', lateInterrupt);
		process.once('SIGTERM', lateInterrupt);
	};
}

const lateInterrupt = () => exitWith(exitCodes.interrupted);

export function exitWith(code: number): void {
	process.exitCode = code;
	// Keep-alive sockets and timers must not hold a finished run open.
	setTimeout(() => process.exit(code), 50).unref();
}

export async function exitOnError(error: unknown): Promise<void> {
	// Loaded only now: a usage problem came from one of the modules it names, already loaded.
	const known = await import('./command-errors.js').then(
		({isUsageProblem}) => isUsageProblem(error),
		() => false,
	);
	process.stderr.write(
		`flowdeck: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
	);
	process.exit(known ? exitCodes.usage : 1);
}

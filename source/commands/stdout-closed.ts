/**
 * When the reader of stdout goes away (`flowdeck run … --json | head`), the next write fails with
 * EPIPE (Node ignores SIGPIPE), and the stream reports it as an 'error' event: unheard, Node prints
 * a 25-line stack trace and exits 1, in the middle of a run whose videos may already be paid for.
 * Here the error is heard, once, and told to whoever asked (run/report/report.ts: the run stops as
 * after a first Ctrl-C). Any write error counts, not only EPIPE: whatever it was, nothing written
 * to that stream reaches anyone any more.
 */

export type StdoutClosed = {
	/** True once a write to the stream has failed. */
	readonly closed: boolean;
	/**
	 * Calls `handler` once, when the stream's reader goes away (at once if it already has); returns a
	 * function that removes it.
	 */
	onClosed(handler: () => void): () => void;
};

export function watchStdout(stdout: NodeJS.WritableStream, stderr?: NodeJS.WritableStream): StdoutClosed {
	let closed = false;
	const handlers = new Set<() => void>();
	stdout.on('error', () => {
		if (closed) return;
		closed = true;
		for (const handler of [...handlers]) handler();
		handlers.clear();
	});
	// A closed stderr (`2>&1 | head`) loses warnings, nothing more: a run does not stop for it, and
	// the stack trace of its EPIPE would have nowhere to go but the same closed pipe.
	stderr?.on('error', () => {});
	return {
		get closed() {
			return closed;
		},
		onClosed(handler) {
			if (closed) {
				handler();
				return () => {};
			}
			handlers.add(handler);
			return () => {
				handlers.delete(handler);
			};
		},
	};
}

import type {FileHandle} from 'node:fs/promises';

/**
 * Hands a downloading file's pages to the disk while the download goes on, so the fsync that makes
 * a finished video durable finds little left to write. Without it, every file of a parallel batch
 * fsyncs its whole length at the end at once while the disk sat idle during the download
 * (bench/download.js, 8 × 100 MB, run side by side with the code before: downloadVsCurl 0.56–0.59 →
 * 0.96–1.02).
 *
 * One gate per process lets one early writeback run at a time: an fdatasync holds a libuv thread
 * until the disk is done, and several at once took the threads the downloads' own writes need.
 */
export class WritebackGate {
	readonly everyBytes: number;
	#busy = false;
	#started = 0;
	#mostAtOnce = 0;
	#running = 0;

	// Veo clips run from a few MB to a few tens of MB: a step of 4 MB gives them the early writeback
	// too (8 × 20 MB: +10–15 %; 8 × 100 MB: the same as 16 MB). A step taken while another file's
	// writeback runs is skipped.
	constructor({everyBytes = 4 * 1024 * 1024}: {everyBytes?: number} = {}) {
		this.everyBytes = everyBytes;
	}

	/** Early writebacks started so far, and the most that ever ran at once (tests, bench). */
	get stats(): {started: number; mostAtOnce: number} {
		return {started: this.#started, mostAtOnce: this.#mostAtOnce};
	}

	/** One file's early writebacks; call `written` as its bytes reach the file, `settle` before closing it. */
	track(file: FileHandle): FileWriteback {
		let flushedUpTo = 0;
		let inFlight: Promise<void> | undefined;
		let stopped = false;
		return {
			written: (bytes: number) => {
				if (stopped || inFlight || this.#busy || bytes - flushedUpTo < this.everyBytes) return;
				this.#busy = true;
				this.#started++;
				this.#running++;
				this.#mostAtOnce = Math.max(this.#mostAtOnce, this.#running);
				// A failure here is not the download's: the final fsync reports any real disk error.
				inFlight = file
					.datasync()
					.catch(() => undefined)
					.finally(() => {
						this.#busy = false;
						this.#running--;
						flushedUpTo = bytes;
						inFlight = undefined;
					});
			},
			settle: async () => {
				stopped = true;
				await inFlight;
			},
		};
	}
}

export type FileWriteback = {
	written(bytes: number): void;
	settle(): Promise<void>;
};

export const processWritebackGate = new WritebackGate();

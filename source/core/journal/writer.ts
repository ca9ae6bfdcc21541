import type {FileHandle} from 'node:fs/promises';
import {mkdir, open} from 'node:fs/promises';
import {join} from 'node:path';
import {credentialPattern} from '../../labs/errors/redact.js';
import {fsyncDirectory} from '../atomic-file.js';
import type {RunEvent} from '../events.js';
import {isEphemeral} from '../events.js';
import {journalDirName, journalPath} from './paths.js';

/**
 * The run's record on disk: one RunEvent a line, append-only. Lines queued in the same tick go out
 * as one write (a big run journals ~10 events per scene); the order of lines is the order of calls.
 */
export class Journal {
	readonly #handle: FileHandle;
	#pending: string[] = [];
	#writeScheduled = false;
	/** Every write and fsync, chained in order. Never rejects: a failure is kept in #failure. */
	#tail: Promise<void> = Promise.resolve();
	/** A sync queued and not yet started: later callers share it. */
	#nextSync: Promise<void> | undefined;
	#failure: Error | undefined;
	#closed = false;

	private constructor(handle: FileHandle) {
		this.#handle = handle;
	}

	static async open(outDir: string): Promise<Journal> {
		const directory = join(outDir, journalDirName);
		await mkdir(directory, {recursive: true});
		const path = journalPath(outDir);
		const handle = await open(path, 'a');
		let journal: Journal;
		try {
			journal = new Journal(handle);
			// A run killed mid-write leaves a torn last line; new lines must not be glued onto it.
			if (!(await endsWithNewline(path, handle))) journal.#queue('\n');
			await fsyncDirectory(directory);
		} catch (error) {
			await handle.close();
			throw error;
		}
		return journal;
	}

	/** Queues one event; ephemeral ones (download progress) are not worth a line. */
	append(event: RunEvent): void {
		if (isEphemeral(event)) return;
		if (this.#closed) throw new Error('the journal is closed');
		const line = JSON.stringify(event);
		// RunEvents never carry a credential: a match is a bug upstream, and the journal is a file users
		// share when asking for help.
		if (credentialPattern.test(line)) {
			// The line itself stays out of the message: it holds the very secret being kept out.
			throw new Error(`refusing to journal a ${event.type} event that looks like it holds a credential`);
		}
		this.#queue(`${line}\n`);
	}

	/** Appends, then resolves once everything queued so far is written and fsynced. */
	async appendDurable(event: RunEvent): Promise<void> {
		this.append(event);
		await this.#sync();
	}

	/** Resolves once everything queued so far is written (not necessarily on the platter). */
	async flush(): Promise<void> {
		await this.#tail;
		this.#throwIfFailed();
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		try {
			await this.#sync();
		} finally {
			await this.#handle.close();
		}
	}

	#queue(text: string): void {
		this.#pending.push(text);
		// Stryker disable next-line ConditionalExpression: a second chained #writePending finds #pending empty and writes nothing; the flag only spares promise hops
		if (this.#writeScheduled) return;
		this.#writeScheduled = true;
		this.#tail = this.#tail.then(() => this.#writePending());
	}

	async #writePending(): Promise<void> {
		this.#writeScheduled = false;
		const chunk = Buffer.from(this.#pending.join('')); // UTF-8, Buffer.from's default
		this.#pending = [];
		// After a failed write the file may end mid-line; adding more would only bury the damage.
		if (this.#failure) return;
		try {
			let offset = 0;
			while (offset < chunk.length) {
				const {bytesWritten} = await this.#handle.write(chunk, offset, chunk.length - offset);
				offset += bytesWritten;
			}
		} catch (error) {
			this.#failure = asError(error);
		}
	}

	/**
	 * One fsync for every caller that asks while it is still waiting its turn (group commit): it first
	 * writes whatever is queued by then, so it covers them all. A run with hundreds of accounts submits
	 * many scenes a second, each synced before and after its call (docs/design.md §3).
	 */
	async #sync(): Promise<void> {
		let synced = this.#nextSync;
		if (synced === undefined) {
			synced = this.#tail.then(async () => {
				this.#nextSync = undefined;
				await this.#writePending();
				if (this.#failure) return;
				try {
					await this.#handle.sync();
				} catch (error) {
					this.#failure = asError(error);
				}
			});
			this.#nextSync = synced;
			this.#tail = synced;
		}
		await synced;
		this.#throwIfFailed();
	}

	#throwIfFailed(): void {
		if (this.#failure) throw new Error(`cannot write the journal: ${this.#failure.message}`);
	}
}

async function endsWithNewline(path: string, handle: FileHandle): Promise<boolean> {
	const {size} = await handle.stat();
	if (size === 0) return true;
	// The append handle cannot read; a second, read-only one looks at the last byte.
	const reader = await open(path, 'r');
	try {
		const last = Buffer.alloc(1);
		await reader.read(last, 0, 1, size - 1);
		return last[0] === 0x0a;
	} finally {
		await reader.close();
	}
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

import {type FileHandle, open, rename, rm} from 'node:fs/promises';
import {dirname} from 'node:path';

/** Per target path: the write under way, so two writers of one file never share its `.tmp`. */
const writesInFlight = new Map<string, Promise<void>>();

/**
 * Replaces `path` with `data` so that a reader (or a crash) sees the old file or the new one, never
 * half of one: write `<path>.tmp` beside it, fsync, rename over. Writes to one path are serialised
 * in call order, so the last call wins.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | TextChunks): Promise<void> {
	const previous = writesInFlight.get(path) ?? Promise.resolve();
	const write = previous.catch(() => {}).then(() => replaceFile(path, data));
	writesInFlight.set(path, write);
	const forget = () => {
		if (writesInFlight.get(path) === write) writesInFlight.delete(path);
	};
	write.then(forget, forget);
	return write;
}

/**
 * A file's text made piece by piece as it is written, so that a big one (the manifest of a
 * 10,000-scene run, rewritten every 2 s) never exists as one string: that garbage alone raised such
 * a run's peak memory by a fifth (bench/memory.js).
 */
export type TextChunks = {chunks: () => Iterable<string>};

/** Pieces are gathered up to this size before each write. */
const writeBatchBytes = 64 * 1024;

async function writeChunks(handle: FileHandle, {chunks}: TextChunks): Promise<void> {
	let batch = '';
	for (const chunk of chunks()) {
		batch += chunk;
		if (batch.length < writeBatchBytes) continue;
		await handle.write(batch);
		batch = '';
	}
	if (batch !== '') await handle.write(batch);
}

async function replaceFile(path: string, data: string | Uint8Array | TextChunks): Promise<void> {
	const temporary = `${path}.tmp`;
	try {
		const handle = await open(temporary, 'w');
		try {
			if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
			else await writeChunks(handle, data);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, {force: true}).catch(() => {});
		throw error;
	}
	await fsyncDirectory(dirname(path));
}

/**
 * Makes a new or renamed directory entry durable. Best effort: some platforms (Windows) cannot open
 * a directory for syncing, and the data itself is already on disk by then.
 */
export async function fsyncDirectory(directory: string): Promise<void> {
	try {
		const handle = await open(directory, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Nothing more can be done where directories do not sync.
	}
}

// Proves how the journal behaves when the disk misbehaves: short writes are finished, a failed write
// or fsync is reported by every later flush, fsync and close (the first failure, not a later one),
// nothing is written after a failure, and every file handle is closed, even when opening fails.
import type {FileHandle} from 'node:fs/promises';
import {mkdir, mkdtemp, open, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {RunEvent} from '../../../source/core/events.js';
import {Journal, journalPath, readJournal} from '../../../source/core/journal/index.js';

/** Every file handle opened in a test, to check that none is left open. */
const opened: FileHandle[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:fs/promises')>();
	return {
		...actual,
		open: async (...args: Parameters<typeof actual.open>) => {
			const handle = await actual.open(...args);
			opened.push(handle);
			return handle;
		},
	};
});

type HandleMethod = (...args: unknown[]) => Promise<unknown>;
type HandlePrototype = {write: HandleMethod; sync: HandleMethod; stat: HandleMethod};

let outDir: string;
let proto: HandlePrototype;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-journal-failures-'));
	const probe = await open(join(outDir, 'probe'), 'w');
	await probe.close();
	proto = Object.getPrototypeOf(probe);
	opened.length = 0;
});

afterEach(async () => {
	vi.restoreAllMocks();
	await rm(outDir, {recursive: true, force: true});
});

const paused = (ts: number): RunEvent => ({type: 'run.paused', ts, paused: ts % 2 === 0});
const lineOf = (event: RunEvent) => `${JSON.stringify(event)}\n`;
const journalText = () => readFile(journalPath(outDir), 'utf8');
/** How many handles are still open (a closed FileHandle's fd is -1). */
const stillOpen = () => opened.filter((handle) => handle.fd !== -1).length;

describe('Journal on a misbehaving disk', () => {
	it('finishes a short write instead of losing the rest of the chunk', async () => {
		const original = proto.write;
		const write = vi.spyOn(proto, 'write').mockImplementationOnce(function (
			this: unknown,
			buffer,
			offset,
			length,
		) {
			// The kernel took only 7 bytes.
			return original.call(this, buffer, offset, Math.min(length as number, 7));
		});
		const journal = await Journal.open(outDir);
		journal.append(paused(1));
		journal.append(paused(2));
		await journal.close();
		expect(await journalText()).toBe(lineOf(paused(1)) + lineOf(paused(2)));
		expect(write).toHaveBeenCalledTimes(2);
	});

	it('reports a failed write from flush, fsync and close, and writes nothing after it', async () => {
		const journal = await Journal.open(outDir);
		const write = vi
			.spyOn(proto, 'write')
			.mockRejectedValueOnce(new Error('ENOSPC: no space left on device'));
		const sync = vi.spyOn(proto, 'sync');
		journal.append(paused(1));
		await expect(journal.flush()).rejects.toThrow(
			'cannot write the journal: ENOSPC: no space left on device',
		);
		journal.append(paused(2));
		await expect(journal.appendDurable(paused(3))).rejects.toThrow(/ENOSPC/);
		await expect(journal.close()).rejects.toThrow(/ENOSPC/);
		expect(write).toHaveBeenCalledTimes(1);
		// No fsync after a failed write: the file may end mid-line.
		expect(sync).not.toHaveBeenCalled();
		// The handle is closed all the same.
		expect(stillOpen()).toBe(0);
		expect(await journalText()).toBe('');
	});

	it('reports the failed write, not an fsync failure that follows it', async () => {
		const journal = await Journal.open(outDir);
		vi.spyOn(proto, 'write').mockRejectedValueOnce(new Error('ENOSPC'));
		vi.spyOn(proto, 'sync').mockRejectedValue(new Error('EIO'));
		await expect(journal.appendDurable(paused(1))).rejects.toThrow('cannot write the journal: ENOSPC');
		await expect(journal.close()).rejects.toThrow('cannot write the journal: ENOSPC');
	});

	it('reports a failed fsync', async () => {
		const journal = await Journal.open(outDir);
		vi.spyOn(proto, 'sync').mockRejectedValueOnce(new Error('EIO: i/o error'));
		await expect(journal.appendDurable(paused(1))).rejects.toThrow(
			'cannot write the journal: EIO: i/o error',
		);
		await expect(journal.close()).rejects.toThrow(/EIO/);
	});

	it('reports a failure that is not an Error by its text', async () => {
		vi.spyOn(proto, 'write').mockRejectedValueOnce('disk gone');
		const journal = await Journal.open(outDir);
		journal.append(paused(1));
		await expect(journal.flush()).rejects.toThrow('cannot write the journal: disk gone');
		await expect(journal.close()).rejects.toThrow(/disk gone/);
	});

	it('closes the handle and passes the error on when opening fails', async () => {
		vi.spyOn(proto, 'stat').mockRejectedValueOnce(new Error('EACCES: permission denied'));
		await expect(Journal.open(outDir)).rejects.toThrow('EACCES: permission denied');
		expect(opened).toHaveLength(1);
		expect(stillOpen()).toBe(0);
	});
});

describe('Journal file handles and bytes', () => {
	it('closes once, however often close is called', async () => {
		const journal = await Journal.open(outDir);
		const sync = vi.spyOn(proto, 'sync');
		journal.append(paused(1));
		await journal.close();
		expect(stillOpen()).toBe(0);
		await expect(journal.close()).resolves.toBeUndefined();
		expect(sync).toHaveBeenCalledTimes(1);
	});

	it('closes the read-only handle it opens to look at the last byte', async () => {
		await mkdir(join(outDir, '.flowdeck'), {recursive: true});
		await writeFile(journalPath(outDir), lineOf(paused(1)));
		const journal = await Journal.open(outDir);
		// The append handle, the reader and the directory's fsync handle; only the first stays open.
		expect(opened.length).toBeGreaterThanOrEqual(2);
		expect(stillOpen()).toBe(1);
		await journal.close();
		expect(stillOpen()).toBe(0);
	});

	it('adds no blank line between sessions when the last line is whole', async () => {
		const first = await Journal.open(outDir);
		first.append(paused(1));
		await first.close();
		const second = await Journal.open(outDir);
		second.append(paused(2));
		await second.close();
		expect(await journalText()).toBe(lineOf(paused(1)) + lineOf(paused(2)));
	});

	it('writes no line at all for download progress', async () => {
		const journal = await Journal.open(outDir);
		journal.append({type: 'download.progress', ts: 1, scene: 1, name: 'm1', receivedBytes: 10});
		journal.append({type: 'run.idle', ts: 2, idle: true});
		journal.append(paused(3));
		await journal.close();
		expect(await journalText()).toBe(lineOf(paused(3)));
		expect(await readJournal(outDir)).toEqual({events: [paused(3)], skippedLines: []});
	});

	it('writes text outside ASCII as UTF-8', async () => {
		const event: RunEvent = {
			type: 'scene.state',
			ts: 1,
			scene: 1,
			id: 'café-☕',
			state: 'failed',
			attempt: 1,
			error: 'refusé…',
		};
		const journal = await Journal.open(outDir);
		journal.append(event);
		await journal.close();
		expect(await readJournal(outDir)).toEqual({events: [event], skippedLines: []});
	});
});

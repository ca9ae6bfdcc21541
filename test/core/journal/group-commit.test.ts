// Proves the journal's group commit: callers that ask for durability while an fsync is still waiting
// its turn share it, and each is answered only once its own line is written and synced.
import {mkdtemp, open, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {RunEvent} from '../../../source/core/events.js';
import {Journal, journalPath} from '../../../source/core/journal/index.js';

type HandlePrototype = {sync: (...args: unknown[]) => Promise<unknown>};

let outDir: string;
let proto: HandlePrototype;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-journal-group-'));
	const probe = await open(join(outDir, 'probe'), 'w');
	await probe.close();
	proto = Object.getPrototypeOf(probe);
});

afterEach(async () => {
	vi.restoreAllMocks();
	await rm(outDir, {recursive: true, force: true});
});

const paused = (ts: number): RunEvent => ({type: 'run.paused', ts, paused: ts % 2 === 0});

describe('Journal group commit', () => {
	it('syncs 50 simultaneous durable appends with far fewer fsyncs, every line on disk first', async () => {
		const journal = await Journal.open(outDir);
		const original = proto.sync;
		const linesAtSync: number[] = [];
		const sync = vi.spyOn(proto, 'sync').mockImplementation(async function (this: unknown, ...args) {
			linesAtSync.push((await readFile(journalPath(outDir), 'utf8')).split('\n').length - 1);
			return original.apply(this, args);
		});
		const answered: number[] = [];
		await Promise.all(
			Array.from({length: 50}, (_, i) =>
				journal.appendDurable(paused(i)).then(async () => {
					// Answered only once its line is on disk and an fsync covering it has finished.
					const lines = (await readFile(journalPath(outDir), 'utf8')).split('\n').length - 1;
					expect(lines).toBeGreaterThanOrEqual(i + 1);
					expect(Math.max(...linesAtSync)).toBeGreaterThanOrEqual(i + 1);
					answered.push(i);
				}),
			),
		);
		expect(answered).toHaveLength(50);
		expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
		await journal.close();
	});

	it('gives a line appended after a sync started a sync of its own', async () => {
		const journal = await Journal.open(outDir);
		const original = proto.sync;
		let release: () => void = () => {};
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		let syncs = 0;
		vi.spyOn(proto, 'sync').mockImplementation(async function (this: unknown, ...args) {
			syncs++;
			if (syncs === 1) await gate;
			return original.apply(this, args);
		});
		const first = journal.appendDurable(paused(1));
		// Let the first sync start (it waits at the gate), then ask again: a new fsync is needed.
		await vi.waitFor(() => expect(syncs).toBe(1));
		const second = journal.appendDurable(paused(2));
		release();
		await Promise.all([first, second]);
		expect(syncs).toBe(2);
		const text = await readFile(journalPath(outDir), 'utf8');
		expect(text.trim().split('\n')).toHaveLength(2);
		await journal.close();
	});
});

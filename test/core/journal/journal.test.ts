import {mkdir, mkdtemp, open, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {RunEvent} from '../../../source/core/events.js';
import {Journal, journalPath, readJournal, replay} from '../../../source/core/journal/index.js';
import {initialRunState} from '../../../source/core/run-state.js';
import {sceneEvent, spec} from './events.js';

let outDir: string;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-journal-'));
});

afterEach(async () => {
	vi.restoreAllMocks();
	await rm(outDir, {recursive: true, force: true});
});

/** The FileHandle prototype, to spy on the writes and fsyncs the journal makes. */
async function fileHandlePrototype(): Promise<{write: () => unknown; sync: () => unknown}> {
	const probe = await open(join(outDir, 'probe'), 'w');
	await probe.close();
	return Object.getPrototypeOf(probe);
}

const readLines = async (): Promise<string[]> =>
	(await readFile(journalPath(outDir), 'utf8')).split('\n').filter((line) => line !== '');

describe('Journal', () => {
	it('round-trips events through the file, one JSON object a line', async () => {
		const events: RunEvent[] = [
			{type: 'run.start', ts: 1, runId: 'r1', resumed: false, scenes: 2, accounts: ['acc1']},
			{type: 'account.state', ts: 2, account: 'acc1', health: 'ok', credits: 100},
			sceneEvent(1, 'submitting', {account: 'acc1'}),
			sceneEvent(1, 'polling', {account: 'acc1', media: [{name: 'm1', copy: 1}]}),
			{
				type: 'media.state',
				ts: 5,
				scene: 1,
				attempt: 1,
				name: 'm1',
				state: 'downloaded',
				file: '001-a-1.mp4',
			},
			{type: 'run.end', ts: 6, done: 1, failed: 0, skipped: 0, inDoubt: 0, durationMs: 5},
		];
		const journal = await Journal.open(outDir);
		for (const event of events) journal.append(event);
		await journal.close();
		expect(await readLines()).toHaveLength(events.length);
		expect(await readJournal(outDir)).toEqual({events, skippedLines: []});
	});

	it('keeps download progress out of the journal', async () => {
		const journal = await Journal.open(outDir);
		journal.append({type: 'download.progress', ts: 1, scene: 1, name: 'm1', receivedBytes: 10});
		journal.append(sceneEvent(1, 'done'));
		await journal.close();
		const {events} = await readJournal(outDir);
		expect(events.map((event) => event.type)).toEqual(['scene.state']);
	});

	it('keeps the order of 10,000 rapid appends and coalesces their writes', async () => {
		const journal = await Journal.open(outDir);
		const proto = await fileHandlePrototype();
		const write = vi.spyOn(proto, 'write');
		for (let i = 1; i <= 10_000; i++) {
			journal.append({type: 'run.paused', ts: i, paused: i % 2 === 0});
			// Yield now and then, so that appends land while an earlier write is under way.
			if (i % 1000 === 0) await Promise.resolve();
		}
		await journal.close();
		const {events, skippedLines} = await readJournal(outDir);
		expect(skippedLines).toEqual([]);
		expect(events.map((event) => event.ts)).toEqual(Array.from({length: 10_000}, (_, i) => i + 1));
		expect(write.mock.calls.length).toBeGreaterThan(0);
		expect(write.mock.calls.length).toBeLessThan(100);
	});

	it('appends after what an earlier session wrote', async () => {
		const first = await Journal.open(outDir);
		first.append(sceneEvent(1, 'done'));
		await first.close();
		const second = await Journal.open(outDir);
		second.append(sceneEvent(2, 'done'));
		await second.close();
		const {events} = await readJournal(outDir);
		expect(events.map((event) => (event.type === 'scene.state' ? event.scene : 0))).toEqual([1, 2]);
	});

	it('appendDurable resolves only once the line is written and fsynced', async () => {
		const journal = await Journal.open(outDir);
		const proto = await fileHandlePrototype();
		const sync = vi.spyOn(proto, 'sync');
		journal.append(sceneEvent(1, 'queued'));
		await journal.appendDurable(sceneEvent(1, 'submitting', {account: 'acc1'}));
		const lines = await readLines();
		expect(lines.map((line) => JSON.parse(line).state)).toEqual(['queued', 'submitting']);
		expect(sync).toHaveBeenCalledTimes(1);
		await journal.close();
	});

	it('flush waits for the writes without an fsync', async () => {
		const journal = await Journal.open(outDir);
		const proto = await fileHandlePrototype();
		const sync = vi.spyOn(proto, 'sync');
		journal.append(sceneEvent(1, 'queued'));
		await journal.flush();
		expect(await readLines()).toHaveLength(1);
		expect(sync).not.toHaveBeenCalled();
		await journal.close();
		expect(sync).toHaveBeenCalledTimes(1);
	});

	it('refuses appends after close', async () => {
		const journal = await Journal.open(outDir);
		await journal.close();
		expect(() => journal.append(sceneEvent(1, 'done'))).toThrow(/closed/);
	});

	it.each([
		['a bearer token', 'ya29.a0AfB_byC'],
		['a labs session cookie', 'next-auth.session-token=abc'],
		['a SAPISID cookie', 'SAPISID=xyz'],
		['a __Secure-1PSID cookie', '__Secure-1PSID=xyz'],
	])('refuses to journal an event holding %s, and keeps it out of the error', async (_, secret) => {
		const journal = await Journal.open(outDir);
		const event = sceneEvent(1, 'failed', {error: `auth failed with ${secret}`});
		let thrown: unknown;
		try {
			journal.append(event);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(Error);
		expect((thrown as Error).message).toMatch(/credential/);
		expect((thrown as Error).message).not.toContain(secret);
		await expect(journal.appendDurable(event)).rejects.toThrow(/credential/);
		await journal.close();
		expect(await readFile(journalPath(outDir), 'utf8')).toBe('');
	});

	it('starts new lines on a fresh line after a torn last line', async () => {
		await mkdir(join(outDir, '.flowdeck'), {recursive: true});
		await writeFile(journalPath(outDir), `${JSON.stringify(sceneEvent(1, 'queued'))}\n{"type":"scene.sta`);
		const journal = await Journal.open(outDir);
		journal.append(sceneEvent(2, 'done'));
		await journal.close();
		const {events, skippedLines} = await readJournal(outDir);
		expect(skippedLines).toEqual([2]);
		expect(events.map((event) => (event.type === 'scene.state' ? event.scene : 0))).toEqual([1, 2]);
	});
});

describe('readJournal', () => {
	const write = async (text: string) => {
		await mkdir(join(outDir, '.flowdeck'), {recursive: true});
		await writeFile(journalPath(outDir), text);
	};
	const line = (event: RunEvent) => `${JSON.stringify(event)}\n`;

	it('reads a missing journal as empty', async () => {
		expect(await readJournal(outDir)).toEqual({events: [], skippedLines: []});
	});

	it('skips a torn last line and reports its number', async () => {
		const whole = line(sceneEvent(1, 'queued')) + line(sceneEvent(1, 'submitting'));
		await write(whole + line(sceneEvent(1, 'polling')).slice(0, 25));
		const {events, skippedLines} = await readJournal(outDir);
		expect(events).toEqual([sceneEvent(1, 'queued'), sceneEvent(1, 'submitting')]);
		expect(skippedLines).toEqual([3]);
	});

	it('skips garbage in the middle and carries on', async () => {
		await write(
			line(sceneEvent(1, 'queued')) +
				'not json at all\n' +
				'\u0000\u0000\u0000\n' +
				'[1,2]\n' +
				'{"type":"scene.state","ts":1}\n' +
				'{"type":"no.such.event","ts":1}\n' +
				line(sceneEvent(2, 'done')),
		);
		const {events, skippedLines} = await readJournal(outDir);
		expect(events).toEqual([sceneEvent(1, 'queued'), sceneEvent(2, 'done')]);
		expect(skippedLines).toEqual([2, 3, 4, 5, 6]);
	});

	it('passes over blank lines without reporting them', async () => {
		await write(`${line(sceneEvent(1, 'queued'))}\n${line(sceneEvent(2, 'queued'))}`);
		expect(await readJournal(outDir)).toEqual({
			events: [sceneEvent(1, 'queued'), sceneEvent(2, 'queued')],
			skippedLines: [],
		});
	});
});

describe('replay', () => {
	const initial = () => initialRunState([spec(1), spec(2), spec(3)], ['acc1', 'acc2'], 0);

	it('turns a scene left in submitting into in-doubt, keeping its account and batch id', () => {
		const state = replay(initial(), [
			{type: 'run.start', ts: 1, runId: 'r1', resumed: false, scenes: 3, accounts: ['acc1', 'acc2']},
			sceneEvent(1, 'submitting', {account: 'acc1', ts: 50, batchId: 'B-1'}),
		]);
		const scene = state.scenes[0]!;
		expect(scene.state).toBe('in-doubt');
		expect(scene.batchId).toBe('B-1');
		expect(scene.account).toBe('acc1');
		expect(scene.attempt).toBe(1);
		expect(scene.error).toBe('the submit may have reached Flow but no answer was recorded');
		expect(state.runId).toBe('r1');
	});

	it('keeps polling scenes with their media and leaves queued scenes queued', () => {
		const state = replay(initial(), [
			sceneEvent(1, 'submitting', {account: 'acc1'}),
			sceneEvent(1, 'polling', {
				account: 'acc1',
				projectId: 'p1',
				media: [
					{name: 'm1', copy: 1},
					{name: 'm2', copy: 2},
				],
			}),
			{type: 'media.state', ts: 9, scene: 1, attempt: 1, name: 'm2', state: 'ready'},
			sceneEvent(2, 'submitting', {account: 'acc2'}),
		]);
		expect(state.scenes.map((scene) => scene.state)).toEqual(['polling', 'in-doubt', 'queued']);
		const polling = state.scenes[0]!;
		expect(polling.account).toBe('acc1');
		expect(polling.projectId).toBe('p1');
		expect(polling.media.map((media) => [media.name, media.state])).toEqual([
			['m1', 'generating'],
			['m2', 'ready'],
		]);
	});

	it('leaves an acknowledged-then-finished scene alone', () => {
		const state = replay(initial(), [
			sceneEvent(1, 'submitting'),
			sceneEvent(1, 'failed', {error: 'PUBLIC_ERROR_UNSAFE'}),
		]);
		expect(state.scenes[0]).toMatchObject({state: 'failed', error: 'PUBLIC_ERROR_UNSAFE'});
	});

	it('does not mutate the initial state', () => {
		const start = initial();
		const copy = structuredClone(start);
		replay(start, [sceneEvent(1, 'submitting')]);
		expect(start).toEqual(copy);
	});

	it('survives a journal written and torn on disk, end to end', async () => {
		const journal = await Journal.open(outDir);
		journal.append(sceneEvent(1, 'submitting', {account: 'acc1'}));
		await journal.appendDurable(sceneEvent(2, 'submitting', {account: 'acc2'}));
		journal.append(sceneEvent(2, 'polling', {account: 'acc2', media: [{name: 'm', copy: 1}]}));
		await journal.close();
		const text = await readFile(journalPath(outDir), 'utf8');
		// A kill -9 in the middle of the last write.
		await writeFile(journalPath(outDir), text.slice(0, -10));
		const {events, skippedLines} = await readJournal(outDir);
		expect(skippedLines).toEqual([3]);
		const state = replay(initial(), events);
		expect(state.scenes.map((scene) => scene.state)).toEqual(['in-doubt', 'in-doubt', 'queued']);
	});
});

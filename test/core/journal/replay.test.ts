// Proves what a resumed run starts from after a crash: readJournal passes over blank lines, refuses a
// journal it cannot read rather than starting afresh, and replay keeps finished scenes, turns every
// unanswered submit into in-doubt as of the journal's last event, and needs no event at all.
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../../source/core/events.js';
import {inDoubtError, Journal, journalPath, readJournal, replay} from '../../../source/core/journal/index.js';
import {filesOf, initialRunState} from '../../../source/core/run-state.js';
import {sceneEvent, spec} from './events.js';

let outDir: string;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-journal-replay-'));
});

afterEach(async () => {
	await rm(outDir, {recursive: true, force: true});
});

const initial = () => initialRunState([spec(1), spec(2), spec(3), spec(4)], ['acc1', 'acc2'], 7);
const line = (event: RunEvent) => `${JSON.stringify(event)}\n`;

describe('readJournal on resume', () => {
	it('passes over lines of only spaces or a carriage return without reporting them', async () => {
		await mkdir(join(outDir, '.flowdeck'), {recursive: true});
		await writeFile(
			journalPath(outDir),
			`${line(sceneEvent(1, 'queued'))}   \n\r\n\t\n${line(sceneEvent(2, 'done'))}`,
		);
		expect(await readJournal(outDir)).toEqual({
			events: [sceneEvent(1, 'queued'), sceneEvent(2, 'done')],
			skippedLines: [],
		});
	});

	it('fails on a journal it cannot read instead of resuming from nothing', async () => {
		// A directory where the journal should be: EISDIR, not a missing file.
		await mkdir(journalPath(outDir), {recursive: true});
		await expect(readJournal(outDir)).rejects.toThrow(/EISDIR/);
	});
});

describe('replay', () => {
	it('starts from the initial state when the journal is empty', () => {
		expect(replay(initial(), [])).toEqual(initial());
	});

	it('dates a scene it turns in-doubt from the last event of the journal', () => {
		const state = replay(initial(), [
			sceneEvent(1, 'submitting', {ts: 50, account: 'acc1'}),
			sceneEvent(2, 'submitting', {ts: 60, account: 'acc2'}),
			sceneEvent(2, 'polling', {ts: 70, account: 'acc2', media: [{name: 'm', copy: 1}]}),
			{type: 'run.paused', ts: 80, paused: true},
		]);
		expect(state.scenes[0]).toMatchObject({state: 'in-doubt', since: 80, error: inDoubtError});
		expect(state.scenes[1]).toMatchObject({state: 'polling', since: 70});
	});

	it('resumes a crashed run: done stays done, unanswered submits are in doubt, the rest is queued', async () => {
		const journal = await Journal.open(outDir);
		journal.append({
			type: 'run.start',
			ts: 1,
			runId: 'r1',
			resumed: false,
			scenes: 4,
			accounts: ['acc1', 'acc2'],
		});
		journal.append(sceneEvent(1, 'submitting', {account: 'acc1', batchId: 'B-1'}));
		journal.append(
			sceneEvent(1, 'polling', {account: 'acc1', projectId: 'p1', media: [{name: 'm1', copy: 1}]}),
		);
		journal.append({
			type: 'media.state',
			ts: 1100,
			scene: 1,
			attempt: 1,
			name: 'm1',
			state: 'downloaded',
			file: 'a.mp4',
		});
		journal.append(sceneEvent(1, 'done', {ts: 1101}));
		journal.append(sceneEvent(2, 'submitting', {account: 'acc2', batchId: 'B-2', projectId: 'p2'}));
		await journal.appendDurable(sceneEvent(3, 'submitting', {account: 'acc1', attempt: 2, batchId: 'B-3'}));
		await journal.close();
		// The kill: half a line at the end.
		await writeFile(journalPath(outDir), `{"type":"scene.state","ts":12`, {flag: 'a'});

		const {events, skippedLines} = await readJournal(outDir);
		expect(skippedLines).toEqual([8]);
		const state = replay(initial(), events);
		expect(state.runId).toBe('r1');
		expect(state.scenes.map((scene) => scene.state)).toEqual(['done', 'in-doubt', 'in-doubt', 'queued']);
		expect(filesOf(state.scenes[0]!)).toEqual(['a.mp4']);
		expect(state.scenes[1]).toMatchObject({account: 'acc2', projectId: 'p2', batchId: 'B-2', attempt: 1});
		expect(state.scenes[2]).toMatchObject({account: 'acc1', batchId: 'B-3', attempt: 2, error: inDoubtError});
		expect(state.scenes[3]).toMatchObject({state: 'queued', attempt: 1, since: 7});
	});
});

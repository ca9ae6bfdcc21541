// Proves that readJournal keeps a line only when it looks like the event it claims to be: every
// known value of each event kind is read back, and a line with any one field wrong is skipped and
// reported by its line number, so the reducer never sees a record it would misread on resume.
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {sceneStates} from '../../../source/core/events.js';
import {journalPath, readJournal} from '../../../source/core/journal/index.js';

let outDir: string;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-journal-validation-'));
});

afterEach(async () => {
	await rm(outDir, {recursive: true, force: true});
});

const writeLines = async (lines: string[]) => {
	await mkdir(join(outDir, '.flowdeck'), {recursive: true});
	await writeFile(journalPath(outDir), lines.map((line) => `${line}\n`).join(''));
};

type Fields = Record<string, unknown>;

/** One valid record of each kind, every optional field present. */
const valid: Record<string, Fields> = {
	'run.start': {type: 'run.start', ts: 1, runId: 'r1', resumed: true, scenes: 3, accounts: ['acc1', 'acc2']},
	'run.plan': {type: 'run.plan', ts: 1, accounts: [{account: 'acc1', scenes: [1], cost: 20}], totalCost: 20},
	'account.state': {type: 'account.state', ts: 1, account: 'acc1', health: 'ok'},
	'scene.state': {
		type: 'scene.state',
		ts: 1,
		scene: 2,
		id: 's2',
		state: 'polling',
		attempt: 2,
		account: 'acc1',
		projectId: 'p1',
		error: 'slow',
		batchId: 'B-1',
		media: [{name: 'm1', copy: 1}],
	},
	'media.state': {type: 'media.state', ts: 1, scene: 1, attempt: 1, name: 'm1', state: 'ready'},
	'take.chosen': {type: 'take.chosen', ts: 1, scene: 2, copy: 3, by: 'user'},
	'run.paused': {type: 'run.paused', ts: 1, paused: true},
	'run.stopping': {type: 'run.stopping', ts: 1, now: false},
	'run.end': {type: 'run.end', ts: 1, done: 1, failed: 0, skipped: 0, inDoubt: 0, durationMs: 5},
};

const accepted: Array<[string, Fields]> = [
	...Object.entries(valid),
	['run.start with no accounts', {...valid['run.start'], accounts: []}],
	[
		'scene.state with no optional field',
		{type: 'scene.state', ts: 1, scene: 1, id: 's1', state: 'queued', attempt: 1},
	],
	['scene.state with an empty media list', {...valid['scene.state'], media: []}],
	...['ok', 'refreshing', 'auth-failed', 'quota-exhausted', 'cooling-down'].map(
		(health): [string, Fields] => [`account.state ${health}`, {...valid['account.state'], health}],
	),
	...sceneStates.map((state): [string, Fields] => [`scene.state ${state}`, {...valid['scene.state'], state}]),
	...['generating', 'ready', 'downloading', 'downloaded', 'failed', 'abandoned'].map(
		(state): [string, Fields] => [`media.state ${state}`, {...valid['media.state'], state}],
	),
	...['user', 'first', 'largest'].map((by): [string, Fields] => [
		`take.chosen by ${by}`,
		{...valid['take.chosen'], by},
	]),
];

describe('readJournal keeps', () => {
	it.each(accepted)('%s', async (_, event) => {
		await writeLines([JSON.stringify(event)]);
		expect(await readJournal(outDir)).toEqual({events: [event], skippedLines: []});
	});
});

const bad = (type: string, change: Fields): [string, string] => [
	`${type} with ${JSON.stringify(change)}`,
	JSON.stringify({...valid[type], ...change}),
];

const rejected: Array<[string, string]> = [
	['null', 'null'],
	['a number', '5'],
	['a string', '"run.paused"'],
	['a type that is not a string', JSON.stringify({...valid['run.paused'], type: ['run.paused']})],
	['a ts that is a string', JSON.stringify({...valid['run.paused'], ts: '1'})],
	['a ts JSON reads as Infinity', '{"type":"run.paused","ts":1e999,"paused":true}'],
	bad('run.start', {runId: 7}),
	bad('run.start', {resumed: 'yes'}),
	bad('run.start', {scenes: '3'}),
	bad('run.start', {accounts: 'acc1'}),
	bad('run.start', {accounts: ['acc1', 2]}),
	bad('run.plan', {accounts: {}}),
	bad('run.plan', {totalCost: '20'}),
	bad('account.state', {account: null}),
	bad('account.state', {health: 'sleeping'}),
	bad('scene.state', {scene: 0}),
	bad('scene.state', {scene: 1.5}),
	bad('scene.state', {id: 2}),
	bad('scene.state', {state: 'paused'}),
	bad('scene.state', {attempt: 0}),
	bad('scene.state', {account: 5}),
	bad('scene.state', {projectId: ['p1']}),
	bad('scene.state', {error: {}}),
	bad('scene.state', {batchId: 9}),
	bad('scene.state', {media: 'm1'}),
	bad('scene.state', {media: [null]}),
	bad('scene.state', {media: [{name: 5, copy: 1}]}),
	bad('scene.state', {media: [{name: 'm1', copy: '1'}]}),
	bad('scene.state', {media: [{name: 'm1', copy: 1}, {name: 'm2'}]}),
	bad('media.state', {scene: 0}),
	bad('media.state', {attempt: -1}),
	bad('media.state', {name: 3}),
	bad('media.state', {state: 'lost'}),
	bad('take.chosen', {scene: 0}),
	bad('take.chosen', {scene: '2'}),
	bad('take.chosen', {copy: 0}),
	bad('take.chosen', {copy: 1.5}),
	bad('take.chosen', {copy: undefined}),
	bad('take.chosen', {by: 'largest-first'}),
	bad('take.chosen', {by: undefined}),
	bad('run.paused', {paused: 'no'}),
	bad('run.stopping', {now: 1}),
	bad('run.end', {done: '1'}),
	bad('run.end', {failed: null}),
	bad('run.end', {skipped: '0'}),
	bad('run.end', {inDoubt: false}),
	bad('run.end', {durationMs: '5'}),
];

describe('readJournal skips and reports', () => {
	it.each(rejected)('%s', async (_, line) => {
		await writeLines([JSON.stringify(valid['run.paused']), line, JSON.stringify(valid['run.end'])]);
		expect(await readJournal(outDir)).toEqual({
			events: [valid['run.paused'], valid['run.end']],
			skippedLines: [2],
		});
	});
});

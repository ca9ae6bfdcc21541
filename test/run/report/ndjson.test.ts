import {describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';
import {initialRunState, type RunState, reduceRun} from '../../../source/core/run-state.js';
import {ndjsonLine} from '../../../source/run/report/ndjson.js';

// The public NDJSON stream's `take.chosen` (docs/design.md §4): which take a done scene keeps, and
// who chose it, with the file manifest.json names; nothing else of the event or the scene.

const spec: SceneSpec = {
	index: 1,
	id: 'fox',
	prompt: 'a fox',
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 2,
};

function doneRun(): RunState {
	const events: RunEvent[] = [
		{
			type: 'scene.state',
			ts: 1,
			scene: 1,
			id: 'fox',
			state: 'polling',
			attempt: 1,
			account: 'acc1',
			projectId: 'secret-project',
			media: [
				{name: 'media-1', copy: 1},
				{name: 'media-2', copy: 2},
			],
		},
		{
			type: 'media.state',
			ts: 2,
			scene: 1,
			attempt: 1,
			name: 'media-1',
			state: 'downloaded',
			file: '001-a-fox-1.mp4',
		},
		{
			type: 'media.state',
			ts: 2,
			scene: 1,
			attempt: 1,
			name: 'media-2',
			state: 'downloaded',
			file: '001-a-fox-2.mp4',
		},
		{type: 'scene.state', ts: 3, scene: 1, id: 'fox', state: 'done', attempt: 1},
	];
	return events.reduce(reduceRun, initialRunState([spec], ['acc1'], 0));
}

describe('ndjsonLine take.chosen', () => {
	it('prints ts, type, scene, id, copy, by and the chosen file, in that order', () => {
		const event: RunEvent = {type: 'take.chosen', ts: 4, scene: 1, copy: 2, by: 'user'};
		const state = reduceRun(doneRun(), event);
		const line = ndjsonLine(event, state);
		expect(line?.endsWith('\n')).toBe(true);
		const printed = JSON.parse(line ?? '');
		expect(printed).toEqual({
			ts: 4,
			type: 'take.chosen',
			scene: 1,
			id: 'fox',
			copy: 2,
			by: 'user',
			file: '001-a-fox-2.mp4',
		});
		expect(Object.keys(printed).join()).toBe('ts,type,scene,id,copy,by,file');
		expect(line).not.toContain('secret-project');
		expect(line).not.toContain('media-2');
	});

	it("names the event's take, and null for a scene it does not know", () => {
		const event: RunEvent = {type: 'take.chosen', ts: 4, scene: 1, copy: 1, by: 'largest'};
		expect(JSON.parse(ndjsonLine(event, doneRun()) ?? '')).toMatchObject({
			copy: 1,
			by: 'largest',
			file: '001-a-fox-1.mp4',
		});
		const unknown: RunEvent = {type: 'take.chosen', ts: 4, scene: 7, copy: 1, by: 'first'};
		expect(JSON.parse(ndjsonLine(unknown, doneRun()) ?? '')).toMatchObject({scene: 7, id: null, file: null});
	});
});

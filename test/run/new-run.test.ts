import {describe, expect, it} from 'vitest';
import {newRunFile} from '../../source/run/new-run.js';
import {resolveRunOptions} from '../../source/run/options.js';

// run.json keeps the run's take rule (--pick), so `resume` goes on choosing as the run began.

describe('newRunFile settings.pick', () => {
	it.each([
		[{}, 'first'],
		[{pick: 'largest'}, 'largest'],
	] as const)('flags %j write pick %s', (flags, pick) => {
		const options = resolveRunOptions({...flags, copies: '2'}, {interactive: false});
		const run = newRunFile({
			sceneFile: 'scenes.txt',
			text: 'a fox\n',
			scenes: [
				{index: 1, id: '001', prompt: 'a fox', aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 2, line: 1},
			],
			options,
			accounts: [{name: 'acc1', transport: 'auto'}],
		});
		expect(run.settings.pick).toBe(pick);
	});
});

// Proves the reducer's side of uploads and upscales: an upload is remembered for the run, an upscaled
// copy joins its scene's media beside its clip (its failure with the reason), never twice.
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/core/events.js';
import {initialRunState, reduceRun} from '../../source/core/run-state.js';

const state = () =>
	initialRunState(
		[{index: 1, id: '001', prompt: 'p', aspect: '16:9', model: 'm', copies: 1, inputs: {upscale: '1080p'}}],
		['acc1'],
	);

const media = (extra: Partial<Extract<RunEvent, {type: 'media.state'}>>): RunEvent => ({
	type: 'media.state',
	ts: 1,
	scene: 1,
	attempt: 1,
	name: 'm1',
	state: 'downloaded',
	...extra,
});

describe('reduceRun: uploads and upscales', () => {
	it('remembers every upload, oldest first', () => {
		const upload = (name: string): RunEvent => ({
			type: 'image.upload',
			ts: 1,
			account: 'acc1',
			file: 'hero.png',
			sha256: 'abc',
			name,
			projectId: 'p1',
		});
		const after = [upload('u1'), upload('u2')].reduce(reduceRun, state());
		expect(after.uploads.map((u) => u.name)).toEqual(['u1', 'u2']);
		expect(after.uploads[0]).toEqual({
			account: 'acc1',
			file: 'hero.png',
			sha256: 'abc',
			name: 'u1',
			projectId: 'p1',
		});
	});

	it('adds an upscaled copy beside its clip, with the clip copy number, then updates it in place', () => {
		let run = reduceRun(state(), {
			type: 'scene.state',
			ts: 1,
			scene: 1,
			id: '001',
			state: 'polling',
			attempt: 1,
			media: [{name: 'm1', copy: 3}],
		});
		run = reduceRun(run, media({name: 'm1_upsampled', state: 'generating', upscale: '1080p', source: 'm1'}));
		run = reduceRun(
			run,
			media({name: 'm1_upsampled', state: 'downloaded', file: 'f-1080p.mp4', upscale: '1080p'}),
		);
		expect(run.scenes[0]!.media).toEqual([
			{name: 'm1', copy: 3, state: 'generating'},
			{
				name: 'm1_upsampled',
				copy: 3,
				state: 'downloaded',
				upscale: '1080p',
				source: 'm1',
				file: 'f-1080p.mp4',
				bytes: undefined,
				error: undefined,
			},
		]);
	});

	it('keeps the reason of a failed upscale', () => {
		const run = reduceRun(
			state(),
			media({name: 'm1~1080p', state: 'failed', upscale: '1080p', source: 'm1', copy: 1, error: 'refused'}),
		);
		expect(run.scenes[0]!.media).toEqual([
			{name: 'm1~1080p', copy: 1, state: 'failed', upscale: '1080p', source: 'm1', error: 'refused'},
		]);
	});
});

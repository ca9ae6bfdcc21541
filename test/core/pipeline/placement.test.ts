// Proves where ownership lets a queued scene go: an extend only to the account holding its source
// clip, once that clip is saved, and never when the source ended without one; a scene whose images an
// account already holds goes there first.
import {describe, expect, it} from 'vitest';
import type {SceneSpec} from '../../../source/core/events.js';
import {placementOf, sourceClip} from '../../../source/core/pipeline/placement.js';
import {
	initialRunState,
	type MediaView,
	type RunState,
	type SceneView,
} from '../../../source/core/run-state.js';

const spec = (index: number, inputs?: SceneSpec['inputs']): SceneSpec => ({
	index,
	id: String(index).padStart(3, '0'),
	prompt: `p${index}`,
	aspect: '16:9',
	model: 'm',
	copies: 1,
	...(inputs === undefined ? {} : {inputs}),
});

function stateWith(specs: SceneSpec[], change: (scenes: SceneView[]) => void = () => {}): RunState {
	const state = initialRunState(specs, ['a', 'b', 'c']);
	change(state.scenes);
	return state;
}

const clip = (name: string, copy: number, extra: Partial<MediaView> = {}): MediaView => ({
	name,
	copy,
	state: 'downloaded',
	...extra,
});

describe('placementOf: extend', () => {
	const specs = [spec(1), spec(2, {extend: 1})];

	it('waits while its source is under way', () => {
		for (const state of ['queued', 'submitting', 'polling', 'downloading'] as const) {
			const run = stateWith(specs, (scenes) => {
				scenes[0]!.state = state;
			});
			expect(placementOf(run.scenes[1]!, run)).toEqual({kind: 'wait'});
		}
	});

	it("goes only to the source's account once the source is done", () => {
		const run = stateWith(specs, (scenes) => {
			Object.assign(scenes[0]!, {state: 'done', account: 'b', projectId: 'pb', media: [clip('m1', 1)]});
		});
		expect(placementOf(run.scenes[1]!, run)).toEqual({kind: 'only', account: 'b', source: 1});
	});

	it('fails, saying why, when the source failed, was skipped or is in doubt', () => {
		for (const state of ['failed', 'skipped', 'in-doubt'] as const) {
			const run = stateWith(specs, (scenes) => {
				Object.assign(scenes[0]!, {state, error: 'policy refusal'});
			});
			expect(placementOf(run.scenes[1]!, run)).toEqual({
				kind: 'fail',
				error: `scene 1, which it extends, is ${state}: policy refusal`,
			});
		}
	});

	it('fails, saying why, when a source ended without an error to name', () => {
		const run = stateWith(specs, (scenes) => {
			scenes[0]!.state = 'failed';
		});
		expect(placementOf(run.scenes[1]!, run)).toEqual({
			kind: 'fail',
			error: 'scene 1, which it extends, is failed',
		});
	});

	it('fails when a done source saved no clip, or its account is not known', () => {
		const noClip = {kind: 'fail', error: 'scene 1, which it extends, has no clip to continue'};
		const saved = stateWith(specs, (scenes) => {
			Object.assign(scenes[0]!, {state: 'done', account: 'b', projectId: 'pb', media: []});
		});
		expect(placementOf(saved.scenes[1]!, saved)).toEqual(noClip);
		const ownerless = stateWith(specs, (scenes) => {
			Object.assign(scenes[0]!, {state: 'done', projectId: 'pb', media: [clip('m1', 1)]});
		});
		expect(ownerless.scenes[0]!.account).toBeUndefined();
		expect(placementOf(ownerless.scenes[1]!, ownerless)).toEqual(noClip);
	});

	it('fails when the source is not in the run', () => {
		const run = stateWith([spec(1, {extend: 7})]);
		expect(placementOf(run.scenes[0]!, run)).toEqual({
			kind: 'fail',
			error: 'it extends scene 7, which the run does not have',
		});
	});
});

describe('placementOf: images', () => {
	const specs = [spec(1, {refs: ['hero.png', 'castle.jpg']}), spec(2)];
	const upload = (account: string, file: string) => ({
		account,
		file,
		sha256: file,
		name: `${account}-${file}`,
		projectId: 'p',
	});

	it('may go anywhere before anything is uploaded, and a text scene always may', () => {
		const run = stateWith(specs);
		expect(placementOf(run.scenes[0]!, run)).toEqual({kind: 'any'});
		run.uploads.push(upload('a', 'hero.png'));
		expect(placementOf(run.scenes[1]!, run)).toEqual({kind: 'any'});
	});

	it('prefers the accounts that hold every image of the scene', () => {
		const run = stateWith(specs);
		run.uploads.push(upload('a', 'hero.png'), upload('c', 'hero.png'), upload('c', 'castle.jpg'));
		run.uploads.push(upload('b', 'castle.jpg'), upload('b', 'hero.png'));
		expect(placementOf(run.scenes[0]!, run)).toEqual({kind: 'any', prefer: new Set(['b', 'c'])});
	});

	it('prefers none when no account holds them all', () => {
		const run = stateWith(specs);
		run.uploads.push(upload('a', 'hero.png'), upload('b', 'castle.jpg'));
		expect(placementOf(run.scenes[0]!, run)).toEqual({kind: 'any'});
	});
});

describe('sourceClip', () => {
	it('is the first saved take, never an upscaled copy or an unsaved one', () => {
		const run = stateWith([spec(1)], (scenes) => {
			Object.assign(scenes[0]!, {
				projectId: 'p',
				media: [
					clip('m1_upsampled', 1, {upscale: '1080p', source: 'm1'}),
					clip('m2', 2),
					clip('m1', 1, {state: 'failed'}),
					clip('m3', 3),
				],
			});
		});
		expect(sourceClip(run.scenes[0]!)).toEqual({name: 'm2', projectId: 'p'});
	});

	it('is the take of the lowest copy whatever order the takes were saved in', () => {
		const run = stateWith([spec(1)], (scenes) => {
			Object.assign(scenes[0]!, {projectId: 'p', media: [clip('m3', 3), clip('m1', 1), clip('m2', 2)]});
		});
		expect(sourceClip(run.scenes[0]!)).toEqual({name: 'm1', projectId: 'p'});
	});

	it('is none without a project', () => {
		const run = stateWith([spec(1)], (scenes) => {
			scenes[0]!.media = [clip('m1', 1)];
		});
		expect(sourceClip(run.scenes[0]!)).toBeUndefined();
	});
});

// manifest.json's `mode` and `inputs` (issue 18, docs/design.md §4): how each scene is made, under the
// names the scene file gives its inputs.
import {describe, expect, it} from 'vitest';
import type {SceneSpec} from '../../source/core/events.js';
import {buildManifest, manifestText} from '../../source/core/manifest.js';
import {initialRunState, type RunState} from '../../source/core/run-state.js';

const spec = (index: number, inputs?: SceneSpec['inputs']): SceneSpec => ({
	index,
	id: `scene-${index}`,
	prompt: `a fox, take ${index}`,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 1,
	...(inputs === undefined ? {} : {inputs}),
});

/** One scene per mode, upscaled or not, and a plain text scene last. */
function modedRun(): RunState {
	const inputs: Array<SceneSpec['inputs']> = [
		{image: 'shots/start.png'},
		// Given out of the scene file's order: the manifest keeps its own.
		{upscale: '1080p', endImage: 'shots/end.png', image: 'shots/start.png'},
		{refs: ['ref/hero.png', 'ref/harbour.png']},
		{extend: 1, upscale: '4k'},
		{upscale: '4k'},
		undefined,
	];
	return initialRunState(
		inputs.map((given, i) => spec(i + 1, given)),
		['acc1'],
		0,
	);
}

describe('manifest: mode and inputs', () => {
	it("names each scene's mode, and its inputs under the scene file's names, only those it has", () => {
		const manifest = buildManifest(modedRun());
		expect(manifest.scenes.map((scene) => [scene.mode, scene.inputs])).toEqual([
			['frames', {image: 'shots/start.png'}],
			['frames', {image: 'shots/start.png', end_image: 'shots/end.png', upscale: '1080p'}],
			['references', {refs: ['ref/hero.png', 'ref/harbour.png']}],
			['extend', {extend: 1, upscale: '4k'}],
			// An upscale alone leaves a scene made from its prompt.
			['text', {upscale: '4k'}],
			['text', null],
		]);
		for (const scene of manifest.scenes) {
			expect(Object.keys(scene).join()).toBe('index,id,prompt,mode,inputs,state,account,files,chosen,error');
		}
		expect(Object.keys(manifest.scenes[1]?.inputs ?? {})).toEqual(['image', 'end_image', 'upscale']);
	});

	it("a scene's refs in the manifest are a copy: changing one leaves the run state alone", () => {
		const state = modedRun();
		buildManifest(state).scenes[2]?.inputs?.refs?.push('ref/extra.png');
		expect(state.scenes[2]?.inputs?.refs).toEqual(['ref/hero.png', 'ref/harbour.png']);
	});

	it('is written byte for byte what JSON.stringify makes of buildManifest', () => {
		const state = modedRun();
		expect([...manifestText(state)].join('')).toBe(`${JSON.stringify(buildManifest(state), null, 2)}\n`);
	});
});

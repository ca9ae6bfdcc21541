// Proves when a scene still owes an upscale: each saved clip of a scene that asks for one, until an
// upscaled copy (or its failure) names it as its source.
import {describe, expect, it} from 'vitest';
import {upscalesOwed} from '../../../source/core/pipeline/upscaler.js';
import type {MediaView, SceneView} from '../../../source/core/run-state.js';

const scene = (media: MediaView[], upscale?: '1080p' | '4k'): SceneView => ({
	index: 1,
	id: '001',
	prompt: 'p',
	aspect: '16:9',
	model: 'm',
	copies: 2,
	state: 'downloading',
	attempt: 1,
	media,
	since: 0,
	...(upscale === undefined ? {} : {inputs: {upscale}}),
});

describe('upscalesOwed', () => {
	it('is nothing for a scene that wants no upscale', () => {
		expect(upscalesOwed(scene([{name: 'm1', copy: 1, state: 'downloaded'}]))).toEqual([]);
	});

	it('is every saved clip without an upscaled copy', () => {
		const media: MediaView[] = [
			{name: 'm1', copy: 1, state: 'downloaded'},
			{name: 'm2', copy: 2, state: 'downloading'},
		];
		expect(upscalesOwed(scene(media, '1080p'))).toEqual(['m1']);
		media[1]!.state = 'downloaded';
		expect(upscalesOwed(scene(media, '1080p'))).toEqual(['m1', 'm2']);
	});

	it('is settled by an upscaled copy in any state, a failed one included', () => {
		const media: MediaView[] = [
			{name: 'm1', copy: 1, state: 'downloaded'},
			{name: 'm2', copy: 2, state: 'downloaded'},
			{name: 'm1_upsampled', copy: 1, state: 'generating', upscale: '1080p', source: 'm1'},
			{name: 'm2~1080p', copy: 2, state: 'failed', upscale: '1080p', source: 'm2'},
		];
		expect(upscalesOwed(scene(media, '1080p'))).toEqual([]);
	});
});

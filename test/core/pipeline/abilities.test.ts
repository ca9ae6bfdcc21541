// Proves what a scene needs of its account (uploads, extend, upscale; the source of an extend needs
// extend too), the words a refusal names each ability with, and how an account's abilities are read.
// Everything is computed inside the tests: a throw while a describe block is collected fails no test.
import {describe, expect, it} from 'vitest';
import type {SceneSpec} from '../../../source/core/events.js';
import {
	abilities,
	abilitiesOf,
	abilityWords,
	extendSources,
	needsOf,
} from '../../../source/core/pipeline/abilities.js';
import type {FlowAccount} from '../../../source/core/pipeline/options.js';

const spec = (index: number, inputs?: SceneSpec['inputs']): SceneSpec => ({
	index,
	id: String(index),
	prompt: 'p',
	aspect: '16:9',
	model: 'm',
	copies: 1,
	...(inputs === undefined ? {} : {inputs}),
});

describe('needsOf', () => {
	const scenes = [
		spec(1),
		spec(2, {extend: 1, upscale: '4k'}),
		spec(3, {refs: ['a.png']}),
		spec(4, {image: 'a.png'}),
	];

	it('names the scenes an extend continues, once each, and none when nothing extends', () => {
		expect([...extendSources(scenes)]).toEqual([1]);
		expect([...extendSources([...scenes, spec(5, {extend: 1}), spec(6, {extend: 4})])]).toEqual([1, 4]);
		expect(extendSources([spec(1), spec(2, {image: 'a.png'})]).size).toBe(0);
	});

	it('asks upload for images, extend for an extend and its source, upscale for an upscale', () => {
		const sources = extendSources(scenes);
		expect(scenes.map((scene) => needsOf(scene, sources))).toEqual([
			['extend'],
			['extend', 'upscale'],
			['upload'],
			['upload'],
		]);
	});
});

describe('abilityWords', () => {
	it('names every ability in the words a refusal joins with "or" (no account can …)', () => {
		expect(abilities.map((ability) => abilityWords[ability]).join(' or ')).toBe(
			'upload images or extend clips or upscale clips',
		);
	});
});

describe('abilitiesOf', () => {
	const client = (extra: Partial<FlowAccount>) => extra as FlowAccount;

	it('takes what the client says', () => {
		const said = client({supports: (ability) => ability === 'upload'});
		expect([...abilitiesOf(said)]).toEqual(['upload']);
	});

	it('judges a client that does not say by the calls it has', () => {
		expect([...abilitiesOf(client({}))]).toEqual(['extend']);
		const full = client({upload: async () => ({name: 'u', projectId: 'p'}), upscale: async (ref) => ref});
		expect([...abilitiesOf(full)]).toEqual(['upload', 'extend', 'upscale']);
	});
});

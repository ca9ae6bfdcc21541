// Proves the key sent for each kind of video comes from the scene's text key by the table of
// docs/protocol-labs.md §3.3 (fast and Ultra families), that a key with no counterpart gives none
// (so the scene is refused, never sent with a guessed key), and the upscale keys and tiers.
// The module is loaded inside the tests, not imported at the top: its key tables are built when it
// loads, and a table that breaks the load must fail a test (a test file that cannot import runs no
// test at all, which a mutation run reads as a pass).
import {describe, expect, it} from 'vitest';

const load = () => import('../../source/labs/mode-models.js');

describe('modelForMode', () => {
	it.each([
		// [text key, mode, aspect, key sent]
		['veo_3_1_t2v_fast', 'frames', '16:9', 'veo_3_1_i2v_s_fast'],
		['veo_3_1_t2v_fast', 'frames', '9:16', 'veo_3_1_i2v_s_fast_portrait'],
		['veo_3_1_t2v_fast', 'frames-last', '16:9', 'veo_3_1_i2v_s_fast_fl'],
		['veo_3_1_t2v_fast', 'frames-last', '9:16', 'veo_3_1_i2v_s_fast_portrait_fl'],
		['veo_3_1_t2v_fast', 'references', '16:9', 'veo_3_1_r2v_fast_landscape'],
		['veo_3_1_t2v_fast', 'references', '9:16', 'veo_3_1_r2v_fast_portrait'],
		['veo_3_1_t2v_fast_portrait', 'references', '16:9', 'veo_3_1_r2v_fast_landscape'],
		['veo_3_1_t2v_fast_ultra', 'frames', '16:9', 'veo_3_1_i2v_s_fast_ultra'],
		['veo_3_1_t2v_fast_ultra', 'frames', '9:16', 'veo_3_1_i2v_s_fast_portrait_ultra'],
		['veo_3_1_t2v_fast_ultra', 'frames-last', '16:9', 'veo_3_1_i2v_s_fast_ultra_fl'],
		['veo_3_1_t2v_fast_portrait_ultra', 'frames-last', '9:16', 'veo_3_1_i2v_s_fast_portrait_ultra_fl'],
		['veo_3_1_t2v_fast_ultra', 'references', '16:9', 'veo_3_1_r2v_fast_landscape_ultra'],
		['veo_3_1_t2v_fast_ultra', 'references', '9:16', 'veo_3_1_r2v_fast_portrait_ultra'],
		['veo_3_1_t2v_fast', 'extend', '16:9', 'veo_3_1_extend_fast_landscape'],
		['veo_3_1_t2v_fast', 'extend', '9:16', 'veo_3_1_extend_fast_portrait'],
		['veo_3_1_t2v_fast_ultra', 'extend', '16:9', 'veo_3_1_extend_fast_landscape_ultra'],
		['veo_3_1_t2v_fast_ultra', 'extend', '9:16', 'veo_3_1_extend_fast_portrait_ultra'],
		// A scene may already name a key of another mode of the family.
		['veo_3_1_r2v_fast_portrait', 'references', '9:16', 'veo_3_1_r2v_fast_portrait'],
		['veo_3_1_i2v_s_fast_fl', 'frames', '9:16', 'veo_3_1_i2v_s_fast_portrait'],
		['veo_3_1_i2v_s_fast_ultra', 'text', '9:16', 'veo_3_1_t2v_fast_portrait_ultra'],
		// Text: the key, or its twin for the aspect; an unknown key as it is.
		['veo_3_1_t2v_fast', 'text', '9:16', 'veo_3_1_t2v_fast_portrait'],
		['veo_3_1_t2v_fast_portrait', 'text', '16:9', 'veo_3_1_t2v_fast'],
		['veo_3_1_t2v_fast_portrait_ultra', 'text', '9:16', 'veo_3_1_t2v_fast_portrait_ultra'],
		['veo_3_1_t2v_lite', 'text', '9:16', 'veo_3_1_t2v_lite'],
		['veo_9_future', 'text', '16:9', 'veo_9_future'],
	] as const)('%s, %s, %s → %s', async (key, mode, aspect, sent) => {
		const {modelForMode} = await load();
		expect(modelForMode(key, mode, aspect)).toBe(sent);
	});

	it.each([
		'veo_3_1_t2v_lite',
		'veo_3_1_t2v_quality',
		'veo_3_1_t2v_fast_4s',
		'veo_3_1_t2v_fast_ultra_relaxed',
		'veo_3_1_t2v_lite_low_priority',
		'veo_9_future',
	])('%s has no key for frames, last frames, references or extend', async (key) => {
		const {modelForMode} = await load();
		for (const mode of ['frames', 'frames-last', 'references', 'extend'] as const) {
			for (const aspect of ['16:9', '9:16'] as const) expect(modelForMode(key, mode, aspect)).toBeUndefined();
		}
	});
});

describe('upscale keys and tiers', () => {
	it('names the upsampler of each resolution', async () => {
		const {upscaleModel} = await load();
		expect(upscaleModel('1080p')).toBe('veo_3_1_upsampler_1080p');
		expect(upscaleModel('4k')).toBe('veo_3_1_upsampler_4k');
	});

	it.each([
		['PAYGATE_TIER_ONE', '1080p', true],
		['PAYGATE_TIER_TWO', '1080p', true],
		['PAYGATE_TIER_TWO', '4k', true],
		['PAYGATE_TIER_ONE', '4k', false],
		['PAYGATE_TIER_NOT_PAID', '1080p', false],
		['PAYGATE_TIER_NOT_PAID', '4k', false],
		[undefined, '1080p', false],
	] as const)('%s may upscale to %s: %s', async (tier, resolution, allowed) => {
		const {upscaleAllowed} = await load();
		expect(upscaleAllowed(tier, resolution)).toBe(allowed);
	});
});

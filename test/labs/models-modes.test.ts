// Proves every key a scene from frames, references or a clip, or an upscale, can be sent with is in the
// model table with the orientation, tier and price of Flow's catalogue dump (public file 71328220684;
// docs/protocol-labs.md §3.3), so the plan prices it instead of warning "not in catalogue".
import {describe, expect, it} from 'vitest';
import {modelForMode, upscaleModel, type VideoMode} from '../../source/labs/mode-models.js';
import {modelAllowed, modelForAspect, modelInfo, ultraTier} from '../../source/labs/models.js';

const textKeys = [
	'veo_3_1_t2v_fast',
	'veo_3_1_t2v_fast_portrait',
	'veo_3_1_t2v_fast_ultra',
	'veo_3_1_t2v_fast_portrait_ultra',
];
const modes: VideoMode[] = ['text', 'frames', 'frames-last', 'references', 'extend'];

describe('the model table knows every key the modes send', () => {
	it('every key modelForMode answers for the fast families, and both upsamplers', () => {
		const sent = new Set<string>();
		for (const key of textKeys) {
			for (const mode of modes) {
				for (const aspect of ['16:9', '9:16'] as const) {
					const answer = modelForMode(key, mode, aspect);
					expect(answer, `${key} ${mode} ${aspect}`).toBeDefined();
					sent.add(answer!);
					// The key fits the aspect it is sent for: the plan resolves it to itself.
					expect(modelForAspect(modelInfo(answer!)!, aspect), answer).toBe(answer);
				}
			}
		}
		sent.add(upscaleModel('1080p'));
		sent.add(upscaleModel('4k'));
		expect(sent.size).toBe(4 + 16 + 2);
		for (const key of sent) expect(modelInfo(key), key).toBeDefined();
	});

	it.each([
		['veo_3_1_i2v_s_fast', 'landscape', 'veo_3_1_i2v_s_fast_portrait'],
		['veo_3_1_i2v_s_fast_portrait_fl', 'portrait', 'veo_3_1_i2v_s_fast_fl'],
		['veo_3_1_r2v_fast_landscape', 'landscape', 'veo_3_1_r2v_fast_portrait'],
		['veo_3_1_extend_fast_portrait', 'portrait', 'veo_3_1_extend_fast_landscape'],
	])('fast %s: %s, twin %s, 20 credits on every tier, from the catalogue', (key, orientation, twin) => {
		expect(modelInfo(key)).toEqual({key, orientation, twin, credits: 20, creditsGuessed: false});
	});

	it.each([
		'veo_3_1_i2v_s_fast_ultra',
		'veo_3_1_i2v_s_fast_portrait_ultra',
		'veo_3_1_i2v_s_fast_ultra_fl',
		'veo_3_1_i2v_s_fast_portrait_ultra_fl',
		'veo_3_1_r2v_fast_landscape_ultra',
		'veo_3_1_r2v_fast_portrait_ultra',
		'veo_3_1_extend_fast_landscape_ultra',
		'veo_3_1_extend_fast_portrait_ultra',
	])('%s: Ultra only, 10 credits', (key) => {
		expect(modelInfo(key)).toMatchObject({tier: ultraTier, credits: 10, creditsGuessed: false});
		expect(modelAllowed('PAYGATE_TIER_ONE', key)).toBe(false);
		expect(modelAllowed('PAYGATE_TIER_TWO', key)).toBe(true);
	});

	it('lite extend takes both aspects at 10; the upsamplers cost 0 (1080p) and 50 on Ultra only (4k)', () => {
		expect(modelInfo('veo_3_1_extension_lite')).toEqual({
			key: 'veo_3_1_extension_lite',
			orientation: 'both',
			credits: 10,
			creditsGuessed: false,
		});
		expect(modelInfo('veo_3_1_upsampler_1080p')).toEqual({
			key: 'veo_3_1_upsampler_1080p',
			orientation: 'both',
			credits: 0,
			creditsGuessed: false,
		});
		expect(modelInfo('veo_3_1_upsampler_4k')).toEqual({
			key: 'veo_3_1_upsampler_4k',
			orientation: 'both',
			tier: ultraTier,
			credits: 50,
			creditsGuessed: false,
		});
	});
});

import {describe, expect, it} from 'vitest';
import {
	knownModelKeys,
	modelAllowed,
	modelForAspect,
	modelInfo,
	requiredTier,
	tierLabel,
	ultraTier,
} from '../../source/labs/models.js';

const info = (key: string) => {
	const found = modelInfo(key);
	if (!found) throw new Error(`${key} is not in the catalogue`);
	return found;
};

describe('model catalogue', () => {
	it('knows the T2V keys of docs/protocol-labs.md §3.3', () => {
		for (const key of [
			'veo_3_1_t2v_fast',
			'veo_3_1_t2v_fast_portrait',
			'veo_3_1_t2v_fast_ultra',
			'veo_3_1_t2v_fast_portrait_ultra',
			'veo_3_1_t2v_fast_ultra_relaxed',
			'veo_3_1_t2v_fast_portrait_ultra_relaxed',
			'veo_3_1_t2v_lite',
			'veo_3_1_t2v_lite_low_priority',
			'veo_3_1_t2v_fast_4s',
			'veo_3_1_t2v_fast_6s',
			'veo_3_0_t2v_fast',
		]) {
			expect(knownModelKeys).toContain(key);
		}
		expect(modelInfo('veo_9_imaginary')).toBeUndefined();
	});

	it('prices the measured key at 20 credits and marks it measured; the approximations are marked guesses', () => {
		expect(info('veo_3_1_t2v_fast')).toMatchObject({credits: 20, creditsGuessed: false});
		// Lite: 10 credits as flow.google.com priced it (2026-09/10); relaxed keys stay guesses.
		expect(info('veo_3_1_t2v_lite')).toMatchObject({credits: 10, creditsGuessed: false});
		expect(info('veo_3_1_t2v_fast_ultra_relaxed').creditsGuessed).toBe(true);
		expect(info('veo_3_1_t2v_fast_ultra_relaxed').credits).toBe(0);
	});

	it('every twin points back at its key, in the other orientation', () => {
		for (const key of knownModelKeys) {
			const model = info(key);
			if (model.twin === undefined) {
				expect(model.orientation, key).toBe('both');
				continue;
			}
			const twin = info(model.twin);
			expect(twin.twin, key).toBe(key);
			expect(new Set([model.orientation, twin.orientation]), key).toEqual(new Set(['landscape', 'portrait']));
			expect(twin.tier, key).toBe(model.tier);
		}
	});

	it('9:16 with a landscape-only key sends its portrait twin, and back', () => {
		expect(modelForAspect(info('veo_3_1_t2v_fast'), '9:16')).toBe('veo_3_1_t2v_fast_portrait');
		expect(modelForAspect(info('veo_3_1_t2v_fast'), '16:9')).toBe('veo_3_1_t2v_fast');
		expect(modelForAspect(info('veo_3_1_t2v_fast_ultra'), '9:16')).toBe('veo_3_1_t2v_fast_portrait_ultra');
		expect(modelForAspect(info('veo_3_1_t2v_fast_ultra_relaxed'), '9:16')).toBe(
			'veo_3_1_t2v_fast_portrait_ultra_relaxed',
		);
		expect(modelForAspect(info('veo_3_1_t2v_fast_portrait'), '16:9')).toBe('veo_3_1_t2v_fast');
		expect(modelForAspect(info('veo_3_1_t2v_lite'), '9:16')).toBe('veo_3_1_t2v_lite');
	});

	it('a one-orientation key without a twin has no key for the other aspect', () => {
		const lonely = {key: 'x_portrait', orientation: 'portrait' as const, credits: 1, creditsGuessed: true};
		expect(modelForAspect(lonely, '16:9', () => undefined)).toBeUndefined();
	});

	it('_ultra keys need PAYGATE_TIER_TWO, also keys the table does not know yet', () => {
		expect(modelAllowed('PAYGATE_TIER_ONE', 'veo_3_1_t2v_fast_ultra')).toBe(false);
		expect(modelAllowed('PAYGATE_TIER_TWO', 'veo_3_1_t2v_fast_ultra')).toBe(true);
		expect(modelAllowed('PAYGATE_TIER_ONE', 'veo_3_1_t2v_fast')).toBe(true);
		expect(modelAllowed('PAYGATE_TIER_NOT_PAID', 'veo_3_1_t2v_lite')).toBe(true);
		expect(modelAllowed(undefined, 'veo_3_1_t2v_fast_portrait_ultra')).toBe(false);
		expect(requiredTier('veo_4_t2v_ultra_new')).toBe(ultraTier);
		expect(requiredTier('veo_4_t2v_multra')).toBeUndefined();
		expect(requiredTier('veo_4_t2v_new')).toBeUndefined();
	});

	it('names tiers as people know them', () => {
		expect(tierLabel('PAYGATE_TIER_ONE')).toBe('Pro');
		expect(tierLabel('PAYGATE_TIER_TWO')).toBe('Ultra');
		expect(tierLabel('PAYGATE_TIER_NOT_PAID')).toBe('free');
		expect(tierLabel('PAYGATE_TIER_GEMNOVA')).toBe('gemnova');
		expect(tierLabel(undefined)).toBe('-');
	});
});

/**
 * The text-to-video model keys the fake accepts (docs/protocol-labs.md §3.3) and what each costs.
 * Prices follow §6.4: fast 20 (measured), lite 10, relaxed / low priority 0.
 */

export const landscape = 'VIDEO_ASPECT_RATIO_LANDSCAPE';
export const portrait = 'VIDEO_ASPECT_RATIO_PORTRAIT';
export type AspectRatio = typeof landscape | typeof portrait;

export const defaultCreditsPerVideo: Readonly<Record<string, number>> = {
	veo_3_1_t2v_fast: 20,
	veo_3_1_t2v_fast_portrait: 20,
	veo_3_1_t2v_fast_4s: 20,
	veo_3_1_t2v_fast_6s: 20,
	veo_3_1_t2v_fast_ultra: 20,
	veo_3_1_t2v_fast_portrait_ultra: 20,
	veo_3_1_t2v_fast_ultra_relaxed: 0,
	veo_3_1_t2v_fast_portrait_ultra_relaxed: 0,
	veo_3_1_t2v_lite: 10,
	// Priced as flow.google.com showed it in 2026-09/10 (docs/wire-captures.md); the key is a GUESS.
	veo_3_1_t2v_quality: 100,
	veo_3_1_t2v_lite_low_priority: 0,
	veo_3_0_t2v_fast: 20,
};

/**
 * Keys that have a `_portrait` sibling are landscape-only, the sibling portrait-only (§3.2, FG §5.2);
 * the `_4s` / `_6s` / lite keys take both.
 */
export function allowedAspects(modelKey: string): readonly AspectRatio[] {
	if (modelKey.includes('_portrait')) return [portrait];
	const sibling = modelKey.replace(/^(veo_3_1_t2v_fast)/, '$1_portrait');
	if (sibling !== modelKey && sibling in defaultCreditsPerVideo) return [landscape];
	return [landscape, portrait];
}

/** `_ultra` keys need the Ultra paygate tier (F2A account_tiers.py). */
export const requiredTier = (modelKey: string): string | undefined =>
	modelKey.includes('_ultra') ? 'PAYGATE_TIER_TWO' : undefined;

export function defaultServiceTier(tier: string): string {
	if (tier === 'PAYGATE_TIER_TWO') return 'SERVICE_TIER_ADVANCED';
	if (tier === 'PAYGATE_TIER_NOT_PAID') return 'SERVICE_TIER_ENTRY';
	return 'SERVICE_TIER_INTERMEDIATE';
}

export const defaultPolicyMarkers: Readonly<Record<string, string>> = {
	'[policy]': 'PUBLIC_ERROR_UNSAFE_GENERATION',
	'[minor]': 'PUBLIC_ERROR_MINOR',
	'[audio]': 'PUBLIC_ERROR_AUDIO_FILTERED',
};

/** `failureReasons` beside a FAILED status; only the audio pair was seen on the wire, the rest mirror the code. */
export function failureReasonFor(code: string): string {
	if (code === 'PUBLIC_ERROR_AUDIO_FILTERED') return 'AUDIO_GENERATION_FILTERED';
	return code.replace(/^PUBLIC_ERROR_/, '');
}

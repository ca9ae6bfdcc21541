/**
 * The video model keys the fake accepts (docs/protocol-labs.md §3.3) and what each costs.
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
	// Start frame (F2A strips `_fl` for a start image alone) and start + end (`_fl`, first-last), §3.3.
	// Fast 20, Ultra 10 at the Ultra tier, as a pricing table generated from the live modelConfig
	// lists them (flowkit fork; §6.4 says "Fast Ultra ~10").
	veo_3_1_i2v_s_fast: 20,
	veo_3_1_i2v_s_fast_portrait: 20,
	veo_3_1_i2v_s_fast_ultra: 10,
	veo_3_1_i2v_s_fast_portrait_ultra: 10,
	veo_3_1_i2v_s_fast_fl: 20,
	veo_3_1_i2v_s_fast_portrait_fl: 20,
	veo_3_1_i2v_s_fast_ultra_fl: 10,
	veo_3_1_i2v_s_fast_portrait_ultra_fl: 10,
	// References: 20 as captured on flow.google.com (2026-09-25), Ultra 10 as above. Public tools spell
	// the landscape Ultra key both `…_fast_ultra` (§3.3, F2A) and `…_fast_landscape_ultra`; both are taken.
	veo_3_1_r2v_fast_landscape: 20,
	veo_3_1_r2v_fast_portrait: 20,
	veo_3_1_r2v_fast_ultra: 10,
	veo_3_1_r2v_fast_landscape_ultra: 10,
	veo_3_1_r2v_fast_portrait_ultra: 10,
	// Extend (ExtendVideo): fast 20, its Ultra keys 10 at the Ultra tier, Lite 10 in both orientations,
	// as the pricing table generated from the live modelConfig lists them (public file 71328220684; the
	// keys also in gflow_cli, public file 59502325489, and public file 51819811741 for `…_ultra`).
	veo_3_1_extend_fast_landscape: 20,
	veo_3_1_extend_fast_portrait: 20,
	veo_3_1_extend_fast_landscape_ultra: 10,
	veo_3_1_extend_fast_portrait_ultra: 10,
	veo_3_1_extension_lite: 10,
	// Upscale (UpsampleVideo): 1080p free, 4k 50 and Ultra alone (public file 71328220684; flowkit
	// config.py measured 914 -> 914 for 1080p, "4K (tier TWO) ~ 50 credits/video").
	veo_3_1_upsampler_1080p: 0,
	veo_3_1_upsampler_4k: 50,
};

/**
 * Which generate call a key belongs to, read from its family (§3.3): t2v → text, i2v with `_fl`
 * (first-last) → start + end frames, other i2v → start frame, r2v → references, extend / extension →
 * extend, upsampler → upscale. A key a test adds through `creditsPerVideo` is text unless its name says
 * otherwise.
 */
export type ModelInput = 'text' | 'start' | 'start-end' | 'references' | 'extend' | 'upscale';

export function modelInput(modelKey: string): ModelInput {
	if (/_i2v_|_interpolation_/.test(modelKey)) return /_fl(_|$)/.test(modelKey) ? 'start-end' : 'start';
	if (modelKey.includes('_r2v_')) return 'references';
	if (/_extend_|_extension_/.test(modelKey)) return 'extend';
	if (modelKey.includes('upsampler')) return 'upscale';
	return 'text';
}

/**
 * Keys that have a `_portrait` sibling are landscape-only, the sibling portrait-only (§3.2, FG §5.2),
 * and so is a key that says `_landscape` (the r2v keys); the `_4s` / `_6s` / lite keys take both.
 */
export function allowedAspects(modelKey: string): readonly AspectRatio[] {
	if (modelKey.includes('_portrait')) return [portrait];
	if (modelKey.includes('_landscape')) return [landscape];
	const sibling = modelKey.replace(/^(veo_3_1_(?:t2v|i2v_s|r2v)_fast)/, '$1_portrait');
	if (sibling !== modelKey && sibling in defaultCreditsPerVideo) return [landscape];
	return [landscape, portrait];
}

/**
 * `_ultra` keys need the Ultra paygate tier (F2A account_tiers.py), and so does the 4k upsampler
 * (public file 71328220684: unavailable below ADVANCED; FK-fork: "only TIER_TWO reaches 4K").
 */
export const requiredTier = (modelKey: string): string | undefined =>
	modelKey.includes('_ultra') || modelKey.endsWith('_upsampler_4k') ? 'PAYGATE_TIER_TWO' : undefined;

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

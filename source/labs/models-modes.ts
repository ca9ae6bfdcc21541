/**
 * The keys of the other kinds of video in the model table (source/labs/models.ts): every key
 * `modelForMode` and `upscaleModel` (source/labs/mode-models.ts) can send, so the plan prices a scene
 * made from frames, references or a clip, or an upscale, like any other. Pure data.
 *
 * Prices and tiers are Flow's own catalogue as a flowkit fork dumped it from
 * `projectInitialData.modelConfig` (public file 71328220684; docs/protocol-labs.md §3.3), per
 * service tier ENTRY / INTERMEDIATE / ADVANCED (Ultra): the fast keys 20 / 20 / unavailable, their
 * `_ultra` keys unavailable / unavailable / 10. The table keeps one price and one required tier per
 * key, so a fast key reads "every tier, 20" as the text keys do (Ultra accounts send the `_ultra`
 * keys: mode-models.ts picks them from the scene's text key).
 */
import type {ModelInfo} from './models.js';
import type {PaygateTier} from './types.js';

/** `ultraTier` of models.ts, written here: models.ts imports this table. */
const ultra: PaygateTier = 'PAYGATE_TIER_TWO';

type Price = Pick<ModelInfo, 'credits' | 'tier'>;

const fast: Price = {credits: 20};
const fastUltra: Price = {credits: 10, tier: ultra};

/** A landscape key and its portrait twin, at one price. */
const twins = (landscape: string, portrait: string, price: Price): ModelInfo[] => [
	{key: landscape, orientation: 'landscape', twin: portrait, ...price, creditsGuessed: false},
	{key: portrait, orientation: 'portrait', twin: landscape, ...price, creditsGuessed: false},
];

export const otherModeModels: readonly ModelInfo[] = [
	// Start frame (StartImage / eb1hJf).
	...twins('veo_3_1_i2v_s_fast', 'veo_3_1_i2v_s_fast_portrait', fast),
	...twins('veo_3_1_i2v_s_fast_ultra', 'veo_3_1_i2v_s_fast_portrait_ultra', fastUltra),
	// Start and end frame (StartAndEndImage / nprQif): `_fl`, first-last.
	...twins('veo_3_1_i2v_s_fast_fl', 'veo_3_1_i2v_s_fast_portrait_fl', fast),
	...twins('veo_3_1_i2v_s_fast_ultra_fl', 'veo_3_1_i2v_s_fast_portrait_ultra_fl', fastUltra),
	// References (ReferenceImages / MZZa6b); the portrait key also captured at 20 (AFC 2026-09-25).
	...twins('veo_3_1_r2v_fast_landscape', 'veo_3_1_r2v_fast_portrait', fast),
	...twins('veo_3_1_r2v_fast_landscape_ultra', 'veo_3_1_r2v_fast_portrait_ultra', fastUltra),
	// Extend (ExtendVideo): no square extend model in the catalogue.
	...twins('veo_3_1_extend_fast_landscape', 'veo_3_1_extend_fast_portrait', fast),
	...twins('veo_3_1_extend_fast_landscape_ultra', 'veo_3_1_extend_fast_portrait_ultra', fastUltra),
	// Lite extend, both aspects: 10 / 10 / 5 (the Ultra price is lower; the table keeps the higher).
	{key: 'veo_3_1_extension_lite', orientation: 'both', credits: 10, creditsGuessed: false},
	// Upsamplers: 1080p unavailable / 0 / 0 (who may ask is upscaleAllowed's rule), 4k 50 on Ultra only.
	{key: 'veo_3_1_upsampler_1080p', orientation: 'both', credits: 0, creditsGuessed: false},
	{key: 'veo_3_1_upsampler_4k', orientation: 'both', tier: ultra, credits: 50, creditsGuessed: false},
];

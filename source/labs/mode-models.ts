/**
 * The model key each kind of video is sent with (docs/protocol-labs.md §3.3): a scene names a text
 * key (`--model`, the scene file), and a scene made from frames, references or a clip sends the
 * matching key of the same family, in its orientation. Pure data and lookups.
 */

import {modelForAspect, modelInfo, ultraTier} from './models.js';
import type {Aspect, PaygateTier, UpscaleResolution} from './types.js';

/**
 * What a video is made from: text, a start frame, a start and an end frame, reference images, or a
 * clip it continues.
 */
export type VideoMode = 'text' | 'frames' | 'frames-last' | 'references' | 'extend';

type OtherMode = Exclude<VideoMode, 'text'>;
type Pair = {landscape: string; portrait: string};

/** One family: its text keys, and its key per other mode and orientation. */
type Family = {text: readonly string[]} & Record<OtherMode, Pair>;

/**
 * Sources (docs/protocol-labs.md §3.3): F2A's model table (`generation_handler.py`) and a flowkit
 * fork's dump of Flow's own catalogue (`modelConfig`, public file 71328220684) name every key below;
 * `_fl` = first-last, the key without it for a start frame alone (F2A strips it); the fast r2v
 * portrait key was also captured on flow.google.com (2026-09-25). The extend keys are the
 * catalogue's (labs REST extends with them; flow.google.com does not extend). Only these two
 * families are here: the relaxed keys are deprecated in that catalogue, and the lite, quality and
 * `_4s`/`_6s` keys are not mapped yet, so a scene with images or a clip on them is refused rather
 * than sent with a guessed key. Every key here is priced in the model table (models-modes.ts).
 */
const families: readonly Family[] = [
	{
		text: ['veo_3_1_t2v_fast', 'veo_3_1_t2v_fast_portrait'],
		frames: {landscape: 'veo_3_1_i2v_s_fast', portrait: 'veo_3_1_i2v_s_fast_portrait'},
		'frames-last': {landscape: 'veo_3_1_i2v_s_fast_fl', portrait: 'veo_3_1_i2v_s_fast_portrait_fl'},
		references: {landscape: 'veo_3_1_r2v_fast_landscape', portrait: 'veo_3_1_r2v_fast_portrait'},
		extend: {landscape: 'veo_3_1_extend_fast_landscape', portrait: 'veo_3_1_extend_fast_portrait'},
	},
	{
		// Ultra (PAYGATE_TIER_TWO). The landscape r2v key is `…_landscape_ultra` (F2A and the catalogue).
		text: ['veo_3_1_t2v_fast_ultra', 'veo_3_1_t2v_fast_portrait_ultra'],
		frames: {landscape: 'veo_3_1_i2v_s_fast_ultra', portrait: 'veo_3_1_i2v_s_fast_portrait_ultra'},
		'frames-last': {
			landscape: 'veo_3_1_i2v_s_fast_ultra_fl',
			portrait: 'veo_3_1_i2v_s_fast_portrait_ultra_fl',
		},
		references: {landscape: 'veo_3_1_r2v_fast_landscape_ultra', portrait: 'veo_3_1_r2v_fast_portrait_ultra'},
		extend: {
			landscape: 'veo_3_1_extend_fast_landscape_ultra',
			portrait: 'veo_3_1_extend_fast_portrait_ultra',
		},
	},
];

const otherModes: readonly OtherMode[] = ['frames', 'frames-last', 'references', 'extend'];

/** Every key of a family, of any mode, to its family: a scene may already name an i2v or r2v key. */
const familyOf: ReadonlyMap<string, Family> = new Map(
	families.flatMap((family) => [
		...family.text.map((key) => [key, family] as const),
		...otherModes.flatMap((mode) => [
			[family[mode].landscape, family] as const,
			[family[mode].portrait, family] as const,
		]),
	]),
);

const orientationOf = (aspect: Aspect): keyof Pair => (aspect === '9:16' ? 'portrait' : 'landscape');

/**
 * The key to send for a video of this mode and aspect, from the key the scene names (a text key, or
 * any key of the same family). Text: the key itself or its twin in the other orientation, an unknown
 * key as it is (the plan decides about those). Other modes: undefined when the key's family has no
 * key for the mode, so the caller can refuse the scene with a clear message.
 */
export function modelForMode(textKey: string, mode: VideoMode, aspect: Aspect): string | undefined {
	const family = familyOf.get(textKey);
	if (mode === 'text') {
		// Any text key of the family gives the same answer: modelForAspect turns it into its twin.
		const info = modelInfo(family?.text[0] ?? textKey);
		return info === undefined ? textKey : modelForAspect(info, aspect);
	}
	return family?.[mode][orientationOf(aspect)];
}

/** The upsampler keys (F2A; docs/protocol-labs.md §3.3). */
const upsamplers: Readonly<Record<UpscaleResolution, string>> = {
	'1080p': 'veo_3_1_upsampler_1080p',
	'4k': 'veo_3_1_upsampler_4k',
};

export const upscaleModel = (resolution: UpscaleResolution): string => upsamplers[resolution];

/**
 * May an account of this tier ask for an upscale to this resolution? 1080p on every paid tier, 4k on
 * Ultra alone: FK-fork's `upscale_video` ("TIER_ONE tops out at 1080p, only TIER_TWO reaches 4K",
 * Flow refuses 4K on TIER_ONE) and the catalogue dump (public file 71328220684: 1080p unavailable on
 * the entry tier, 4k on the advanced one only; docs/protocol-labs.md §3.3). The free tier is taken
 * for the entry one (a GUESS). An unknown tier (not prepared) may ask for neither.
 */
export function upscaleAllowed(tier: PaygateTier | undefined, resolution: UpscaleResolution): boolean {
	if (tier === undefined || tier === 'PAYGATE_TIER_NOT_PAID') return false;
	return resolution === '1080p' || tier === ultraTier;
}

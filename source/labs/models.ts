/**
 * The model keys flowdeck knows (docs/protocol-labs.md §3.3): the text-to-video keys here, the keys
 * of the other kinds of video and of upscales in models-modes.ts; which orientation each accepts,
 * which paygate tier it needs, and what a video costs (§6.4). Pure data and lookups.
 *
 * Flow's own catalogue (`modelConfig` in trpc/flow.projectInitialData) is the authority and changes
 * without notice; this table is what the public captures show, so prices are estimates for the plan,
 * never what is charged.
 */

import {otherModeModels} from './models-modes.js';
import type {Aspect, PaygateTier} from './types.js';

export type Orientation = 'landscape' | 'portrait' | 'both';

export type ModelInfo = {
	key: string;
	orientation: Orientation;
	/** The same model locked to the other orientation (only for one-orientation keys). */
	twin?: string;
	/** The paygate tier the key needs; undefined: every tier may use it. */
	tier?: PaygateTier;
	/** Credits one video costs. */
	credits: number;
	/** The price was not measured on the wire (approximate or assumed). */
	creditsGuessed: boolean;
};

export const ultraTier: PaygateTier = 'PAYGATE_TIER_TWO';

const models: readonly ModelInfo[] = [
	// 20 credits measured (1000 → 980, FG). Landscape-only; the portrait twin is its own key (§3.2).
	{
		key: 'veo_3_1_t2v_fast',
		orientation: 'landscape',
		twin: 'veo_3_1_t2v_fast_portrait',
		credits: 20,
		creditsGuessed: false,
	},
	// 20 credits measured on flow.google.com with aspect 1 (capture 2026-09-25, 904 -> 884).
	{
		key: 'veo_3_1_t2v_fast_portrait',
		orientation: 'portrait',
		twin: 'veo_3_1_t2v_fast',
		credits: 20,
		creditsGuessed: false,
	},
	// `_4s` / `_6s` take both orientations (FG §5.2). GUESS: priced like the 8 s key (no source).
	{key: 'veo_3_1_t2v_fast_4s', orientation: 'both', credits: 20, creditsGuessed: true},
	{key: 'veo_3_1_t2v_fast_6s', orientation: 'both', credits: 20, creditsGuessed: true},
	// Ultra only (F2A account_tiers.py). ~10 credits: FK's approximate figure.
	{
		key: 'veo_3_1_t2v_fast_ultra',
		orientation: 'landscape',
		twin: 'veo_3_1_t2v_fast_portrait_ultra',
		tier: ultraTier,
		credits: 10,
		creditsGuessed: true,
	},
	{
		key: 'veo_3_1_t2v_fast_portrait_ultra',
		orientation: 'portrait',
		twin: 'veo_3_1_t2v_fast_ultra',
		tier: ultraTier,
		credits: 10,
		creditsGuessed: true,
	},
	// Relaxed: 0 credits, Ultra only (FK, approximate).
	{
		key: 'veo_3_1_t2v_fast_ultra_relaxed',
		orientation: 'landscape',
		twin: 'veo_3_1_t2v_fast_portrait_ultra_relaxed',
		tier: ultraTier,
		credits: 0,
		creditsGuessed: true,
	},
	{
		key: 'veo_3_1_t2v_fast_portrait_ultra_relaxed',
		orientation: 'portrait',
		twin: 'veo_3_1_t2v_fast_ultra_relaxed',
		tier: ultraTier,
		credits: 0,
		creditsGuessed: true,
	},
	// Lite takes both orientations (FG §5.2); 10 credits, the price flow.google.com showed in 2026-09/10.
	{key: 'veo_3_1_t2v_lite', orientation: 'both', credits: 10, creditsGuessed: false},
	// Quality: 100 credits as flow.google.com priced it (2026-09/10, docs/wire-captures.md). The key is
	// the one public clients send for it; no capture shows it yet (GUESS: both orientations).
	{key: 'veo_3_1_t2v_quality', orientation: 'both', credits: 100, creditsGuessed: false},
	// Low priority: 0 credits at SERVICE_TIER_ADVANCED (FG); GUESS that it is free on every tier.
	{key: 'veo_3_1_t2v_lite_low_priority', orientation: 'both', credits: 0, creditsGuessed: true},
	// The 2025 key (GYGA). GUESS: both orientations, priced like veo_3_1_t2v_fast.
	{key: 'veo_3_0_t2v_fast', orientation: 'both', credits: 20, creditsGuessed: true},
];

const allModels: readonly ModelInfo[] = [...models, ...otherModeModels];

const byKey: ReadonlyMap<string, ModelInfo> = new Map(allModels.map((model) => [model.key, model]));

export const knownModelKeys: readonly string[] = allModels.map((model) => model.key);

/** Looks a key up in the catalogue; undefined for a key flowdeck does not know. */
export const modelInfo = (key: string): ModelInfo | undefined => byKey.get(key);

export type ModelLookup = (key: string) => ModelInfo | undefined;

/**
 * The tier a key needs. Flow names its Ultra keys `…_ultra…`, so the rule also covers keys that are
 * not in the table yet (F2A account_tiers.py).
 */
export function requiredTier(key: string, lookup: ModelLookup = modelInfo): PaygateTier | undefined {
	const info = lookup(key);
	if (info) return info.tier;
	return /(^|_)ultra(_|$)/.test(key) ? ultraTier : undefined;
}

/** May an account of this tier use the key? An unknown tier (not prepared) may use no gated key. */
export function modelAllowed(
	tier: PaygateTier | undefined,
	key: string,
	lookup: ModelLookup = modelInfo,
): boolean {
	const needed = requiredTier(key, lookup);
	return needed === undefined || tier === needed;
}

const orientationOf = (aspect: Aspect): Exclude<Orientation, 'both'> =>
	aspect === '9:16' ? 'portrait' : 'landscape';

/**
 * The key to send for an aspect: the key itself when it accepts the aspect, else its twin in the
 * other orientation (veo_3_1_t2v_fast + 9:16 → veo_3_1_t2v_fast_portrait); undefined when neither fits.
 */
export function modelForAspect(info: ModelInfo, aspect: Aspect, lookup: ModelLookup = modelInfo) {
	const wanted = orientationOf(aspect);
	if (info.orientation === 'both' || info.orientation === wanted) return info.key;
	const twin = info.twin === undefined ? undefined : lookup(info.twin);
	if (twin && (twin.orientation === wanted || twin.orientation === 'both')) return twin.key;
	return undefined;
}

const tierLabels: Record<string, string> = {
	PAYGATE_TIER_NOT_PAID: 'free',
	PAYGATE_TIER_ONE: 'Pro',
	PAYGATE_TIER_TWO: 'Ultra',
};

/** A tier as people know it (Pro, Ultra); an unfamiliar one as Flow names it. */
export const tierLabel = (tier: PaygateTier | undefined): string =>
	tier === undefined ? '-' : (tierLabels[tier] ?? tier.replace(/^PAYGATE_TIER_/, '').toLowerCase());

/** Everything the route handlers share: the model, the knobs with defaults applied, and the traffic record. */

import {type MediaSize, mediaSize} from '../cdn/media-bytes.js';
import {UrlSigner} from '../cdn/signed-url.js';
import {minVideoBytes} from '../cdn/video-bytes.js';
import {createFlowWorld, type FlowWorld} from '../flow/world.js';
import type {ResponseShape, SimStats, SimulatorOptions} from '../types.js';
import {type CaptchaPageConfig, captchaPageConfig} from './captcha-page.js';
import {defaultCreditsPerVideo, defaultPolicyMarkers} from './catalog.js';
import type {Ctx} from './http-util.js';
import {type Random, randomSeed, seededRandom} from './random.js';
import {SimState} from './state.js';

export type Config = {
	signedUrlTtlMs: number;
	errorRate: number;
	policyMarkers: Record<string, string>;
	rejectMarker: string;
	transientMarker: string;
	oddStatusMarker: string;
	slowMs: number;
	/** The size of every served video; undefined: playable clips (cdn/media-bytes.ts). */
	videoBytes: MediaSize;
	responseShape: ResponseShape;
	legacyStatus: boolean;
	creditsPerVideo: Record<string, number>;
	captchaPage: CaptchaPageConfig;
};

export type World = {
	state: SimState;
	stats: SimStats;
	signer: UrlSigner;
	config: Config;
	/** Decides injected faults; apart from generation times so adding media does not shift faults. */
	faults: Random;
	/** Filled in once the CDN server listens. */
	cdnUrl: string;
	/** Remaining one-shot faults. */
	truncationsLeft: number;
	shortLeft: number;
	htmlLoginsLeft: number;
	/** The flow.google.com stand-in's own state (flow/world.ts). */
	flow: FlowWorld;
	/** Prompts whose transient failure has been served already. */
	flakyPromptsSeen: Set<string>;
};

const defaults = {
	generationMs: {min: 60_000, max: 100_000},
	tokenLifetimeMs: 3_600_000,
	signedUrlTtlMs: 300_000,
	rejectMarker: '[reject]',
	transientMarker: '[flaky]',
	oddStatusMarker: '[odd-status]',
} as const;

export function createWorld(options: SimulatorOptions): World {
	const seed = options.seed ?? randomSeed();
	const generation = options.generationMs ?? defaults.generationMs;
	const generationMs = typeof generation === 'number' ? {min: generation, max: generation} : generation;
	if (!(generationMs.min >= 0 && generationMs.max >= generationMs.min)) {
		throw new Error('simulator: generationMs must be a non-negative range');
	}
	const state = new SimState({
		accounts: options.accounts,
		now: options.now ?? Date.now,
		tokenLifetimeMs: options.tokenLifetimeMs ?? defaults.tokenLifetimeMs,
		tokenUses: options.tokenUses,
		generationMs,
		random: seededRandom(seed ^ 0x5bd1e995),
	});
	return {
		state,
		stats: {
			requests: [],
			submits: [],
			crossAccountAttempts: [],
			downloads: [],
			uploads: [],
			captchaMints: [],
			crossAccountCookieMints: [],
		},
		signer: new UrlSigner(),
		config: {
			signedUrlTtlMs: options.signedUrlTtlMs ?? defaults.signedUrlTtlMs,
			errorRate: options.errorRate ?? 0,
			policyMarkers: options.policyMarkers ?? {...defaultPolicyMarkers},
			rejectMarker: options.rejectMarker ?? defaults.rejectMarker,
			transientMarker: options.transientMarker ?? defaults.transientMarker,
			oddStatusMarker: options.oddStatusMarker ?? defaults.oddStatusMarker,
			slowMs: options.slowMs ?? 0,
			videoBytes:
				options.videoBytes === undefined
					? undefined
					: Math.max(minVideoBytes, Math.floor(options.videoBytes)),
			responseShape: options.responseShape ?? 'current',
			legacyStatus: options.legacyStatus ?? false,
			creditsPerVideo: {...defaultCreditsPerVideo, ...options.creditsPerVideo},
			captchaPage: captchaPageConfig(options.captchaPage),
		},
		faults: seededRandom(seed),
		cdnUrl: '',
		truncationsLeft: options.truncateDownloads ?? 0,
		shortLeft: options.shortDownloads ?? 0,
		htmlLoginsLeft: options.htmlLoginDownloads ?? 0,
		flow: createFlowWorld(options),
		flakyPromptsSeen: new Set(),
	};
}

/** Records a request whose credentials named another account's media or project (once per request). */
export function noteCrossAccount(world: World, ctx: Ctx): void {
	if (!world.stats.crossAccountAttempts.includes(ctx.record))
		world.stats.crossAccountAttempts.push(ctx.record);
}

/** How many bytes the CDN serves for a media: what its record and Content-Length say. */
export const videoSizeOf = (world: World, mediaName: string): number =>
	mediaSize(world.config.videoBytes, mediaName);

/** A signed CDN URL for a media, valid for the configured time from now. */
export const signedUrlFor = (world: World, mediaName: string): string =>
	world.signer.sign(world.cdnUrl, mediaName, world.state.now() + world.config.signedUrlTtlMs);

/** The PUBLIC_ERROR code a prompt's marker makes its media fail with (SimulatorOptions.policyMarkers). */
export function policyCode(world: World, prompt: string): string | undefined {
	for (const [marker, code] of Object.entries(world.config.policyMarkers)) {
		if (prompt.includes(marker)) return code;
	}
	return undefined;
}

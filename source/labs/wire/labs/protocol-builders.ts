// Request builders for the 2026 labs REST bodies flowdeck sends (LABS_PROTOCOL.md §3.2).

import {FlowError} from '../../errors/index.js';
import type {Aspect, GenerateRequest, MediaRef, PaygateTier} from '../../types.js';

const tool = 'PINHOLE';
const maxCopies = 4;

// ---------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------

export type WireAspect = 'VIDEO_ASPECT_RATIO_LANDSCAPE' | 'VIDEO_ASPECT_RATIO_PORTRAIT';

export function aspectToWire(aspect: Aspect): WireAspect {
	return aspect === '9:16' ? 'VIDEO_ASPECT_RATIO_PORTRAIT' : 'VIDEO_ASPECT_RATIO_LANDSCAPE';
}

export type GenerateRequestItem = {
	aspectRatio: WireAspect;
	seed: number;
	textInput: {structuredPrompt: {parts: Array<{text: string}>}};
	videoModelKey: string;
	metadata: Record<string, never>;
};

export type GenerateBody = {
	mediaGenerationContext: {batchId: string; audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'};
	clientContext: {
		projectId: string;
		tool: 'PINHOLE';
		userPaygateTier: PaygateTier;
		sessionId: string;
		recaptchaContext: {token: string; applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'};
	};
	requests: GenerateRequestItem[];
	useV2ModelConfig: true;
};

export type GenerateBodyInput = {
	request: GenerateRequest;
	projectId: string;
	tier: PaygateTier;
	captchaToken: string;
	sessionId: string;
	batchId: string;
	/** Seeds to use when the request has none (tests); random ones otherwise. */
	seeds?: number[];
};

/** 1..99999, as F2A draws them. */
const randomSeed = (): number => 1 + Math.floor(Math.random() * 99_999);

/** One seed per copy, all different, so the copies are different videos. */
function seedsFor(request: GenerateRequest, copies: number, given: number[] | undefined): number[] {
	const {seed} = request;
	if (seed !== undefined) return Array.from({length: copies}, (_, i) => seed + i);
	const seeds: number[] = [];
	for (let i = 0; i < copies; i++) {
		let next = given?.[i] ?? randomSeed();
		while (given?.[i] === undefined && seeds.includes(next)) next = randomSeed();
		seeds.push(next);
	}
	return seeds;
}

export type ClientContextInput = Pick<GenerateBodyInput, 'projectId' | 'tier' | 'captchaToken' | 'sessionId'>;

/** The clientContext every captcha-carrying call sends (a generate, an upscale). */
export function buildClientContext(input: ClientContextInput): GenerateBody['clientContext'] {
	return {
		projectId: input.projectId,
		tool,
		userPaygateTier: input.tier,
		sessionId: input.sessionId,
		recaptchaContext: {token: input.captchaToken, applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'},
	};
}

/**
 * The 2026 text-to-video body (LABS_PROTOCOL.md §3.2). No `textInput.prompt` (replaced by
 * structuredPrompt) and no duration field (the server answers 400 to `videoLengthSeconds`).
 */
export function buildGenerateBody(input: GenerateBodyInput): GenerateBody {
	const {request} = input;
	const copies = request.copies;
	if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies) {
		throw new FlowError('protocol', `copies must be a whole number from 1 to ${maxCopies} (got ${copies})`, {
			code: 'BAD_REQUEST',
		});
	}
	const aspectRatio = aspectToWire(request.aspect);
	const requests = seedsFor(request, copies, input.seeds).map(
		(seed): GenerateRequestItem => ({
			aspectRatio,
			seed,
			textInput: {structuredPrompt: {parts: [{text: request.prompt}]}},
			videoModelKey: request.model,
			metadata: {},
		}),
	);
	return {
		mediaGenerationContext: {batchId: input.batchId, audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
		clientContext: buildClientContext(input),
		requests,
		useV2ModelConfig: true,
	};
}

export type StatusBody = {media: MediaRef[]};

/** The 2026 status body: each name beside its own project id (the 2025 `operations` body gets a 400). */
export function buildStatusBody(media: MediaRef[]): StatusBody {
	return {media: media.map(({name, projectId}) => ({name, projectId}))};
}

export type CreateProjectBody = {json: {projectTitle: string; toolName: 'PINHOLE'}};

export function buildCreateProjectBody(title: string): CreateProjectBody {
	return {json: {projectTitle: title, toolName: tool}};
}

/** The page-session id the Flow page sends: ";" + epoch ms. */
export function newSessionId(now = Date.now()): string {
	return `;${now}`;
}

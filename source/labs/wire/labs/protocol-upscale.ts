/**
 * The labs REST upscale (docs/protocol-labs.md §3.5, `…:batchAsyncGenerateVideoUpsampleVideo`), as
 * FK-fork's `upscale_video` builds it: the generate envelope of §3.2 with one item naming the clip
 * (`videoInput`), the resolution and the upsampler key. Pure: no I/O.
 */

import {randomUUID} from 'node:crypto';
import {FlowError} from '../../errors/index.js';
import type {MediaRef, UpscaleResolution} from '../../types.js';
import type {UpscaleCall} from '../transport.js';
import {aspectToWire, buildClientContext, type GenerateBody, type WireAspect} from './protocol-builders.js';
import {isRecord} from './protocol-read.js';
import {parseGenerateResponse} from './protocol-status.js';

export type WireResolution = 'VIDEO_RESOLUTION_1080P' | 'VIDEO_RESOLUTION_4K';

const wireResolutions: Readonly<Record<UpscaleResolution, WireResolution>> = {
	'1080p': 'VIDEO_RESOLUTION_1080P',
	'4k': 'VIDEO_RESOLUTION_4K',
};

export type UpscaleRequestItem = {
	aspectRatio: WireAspect;
	resolution: WireResolution;
	seed: number;
	/**
	 * FK-fork sends `{workflowId}` of the clip (the copy then shows on the clip's item in Flow) or
	 * `{sceneId}`; flowdeck keeps neither and sends `{}` as its generate calls do (a GUESS).
	 */
	metadata: Record<string, never>;
	videoInput: {mediaId: string};
	videoModelKey: string;
};

export type UpscaleBody = Omit<GenerateBody, 'requests'> & {requests: [UpscaleRequestItem]};

export type UpscaleBodyInput = {
	call: UpscaleCall;
	sessionId: string;
	/** For tests; a random one otherwise. */
	batchId?: string;
	seed?: number;
};

/** 1..99999, as the generate calls draw them. */
const randomSeed = (): number => 1 + Math.floor(Math.random() * 99_999);

export function buildUpscaleBody(input: UpscaleBodyInput): UpscaleBody {
	const {request, projectId, tier, captchaToken} = input.call;
	if (request.aspect === undefined) {
		// A wrong aspect could upscale a portrait clip into a landscape frame, and 4k is charged.
		throw new FlowError('protocol', 'an upscale on labs REST needs the clip aspect (none was given)', {
			code: 'BAD_REQUEST',
		});
	}
	return {
		mediaGenerationContext: {
			batchId: input.batchId ?? randomUUID(),
			audioFailurePreference: 'BLOCK_SILENCED_VIDEOS',
		},
		clientContext: buildClientContext({projectId, tier, captchaToken, sessionId: input.sessionId}),
		requests: [
			{
				aspectRatio: aspectToWire(request.aspect),
				resolution: wireResolutions[request.resolution],
				seed: input.seed ?? randomSeed(),
				metadata: {},
				videoInput: {mediaId: request.media.name},
				videoModelKey: request.model,
			},
		],
		useV2ModelConfig: true,
	};
}

/** Flow's name for the copy: `<clip>_upsampled` for 1080p, `<clip>_4k_upsampled` for 4k. */
const suffixes: Readonly<Record<UpscaleResolution, string>> = {'1080p': '_upsampled', '4k': '_4k_upsampled'};

/**
 * The copy an upscale makes, by Flow's naming: FK-fork's docstring ("named `<mediaId>_upsampled`",
 * public file 67192489897) and a client polling `_4k_upsampled` for 4k (public file 60787361034);
 * the project contents list upsamples the same way (docs/protocol-flow.md §0).
 */
export const upsampledRef = ({request, projectId}: UpscaleCall): MediaRef => ({
	name: `${request.media.name}${suffixes[request.resolution]}`,
	projectId,
});

/**
 * A second upscale of the same clip at the same resolution: 409 ALREADY_EXISTS with
 * PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS (docs/protocol-labs.md §3.5). The copy exists, so
 * polling it is the answer; a 409 for any other reason (ABORTED) is not this.
 */
export function upscaleExists(error: unknown): boolean {
	if (!(error instanceof FlowError) || error.httpStatus !== 409) return false;
	return error.code === 'ALREADY_EXISTS' || error.code === 'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS';
}

/**
 * The upscaled copy to poll: the answer's first media or operation, read as a generate answer is
 * (§3.4); an answer that names none (an object without `media` or `operations`) is the copy Flow's
 * naming gives (`upsampledRef`).
 */
export function parseUpscaleResponse(body: unknown, call: UpscaleCall): MediaRef {
	if (isRecord(body) && namesNothing(body.media) && namesNothing(body.operations)) return upsampledRef(call);
	// parseGenerateResponse refuses an answer that names no media, so there is a first.
	return parseGenerateResponse(body, call.projectId).media[0]!;
}

const namesNothing = (list: unknown): boolean =>
	list === undefined || (Array.isArray(list) && list.length === 0);

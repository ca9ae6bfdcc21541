// Proves the labs REST upscale body is FK-fork's `upscale_video` body (docs/protocol-labs.md §3.5)
// field for field, that a call without the clip's aspect is refused rather than guessed, and that
// the copy to poll is read from the answer.
import {describe, expect, it} from 'vitest';
import type {UpscaleRequest} from '../../../../source/labs/types.js';
import {
	buildUpscaleBody,
	parseUpscaleResponse,
	upsampledRef,
} from '../../../../source/labs/wire/labs/protocol-upscale.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

const call = (request: Partial<UpscaleRequest> = {}) => ({
	request: {
		media: {name: 'clip-1', projectId: 'p-1'},
		resolution: '4k' as const,
		model: 'veo_3_1_upsampler_4k',
		aspect: '9:16' as const,
		...request,
	},
	projectId: 'p-1',
	tier: 'PAYGATE_TIER_TWO',
	captchaToken: '0cAFcWeTestToken',
});

describe('labs REST upscale', () => {
	it('builds the UpsampleVideo body: the clip, the resolution, the upsampler, the aspect', () => {
		const body = buildUpscaleBody({
			call: call(),
			sessionId: ';1778280998293',
			batchId: 'batch-1',
			seed: 4242,
		});
		expect(body).toStrictEqual({
			mediaGenerationContext: {batchId: 'batch-1', audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
			clientContext: {
				projectId: 'p-1',
				tool: 'PINHOLE',
				userPaygateTier: 'PAYGATE_TIER_TWO',
				sessionId: ';1778280998293',
				recaptchaContext: {token: '0cAFcWeTestToken', applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'},
			},
			requests: [
				{
					aspectRatio: 'VIDEO_ASPECT_RATIO_PORTRAIT',
					resolution: 'VIDEO_RESOLUTION_4K',
					seed: 4242,
					metadata: {},
					videoInput: {mediaId: 'clip-1'},
					videoModelKey: 'veo_3_1_upsampler_4k',
				},
			],
			useV2ModelConfig: true,
		});
		const hd = buildUpscaleBody({
			call: call({resolution: '1080p', model: 'veo_3_1_upsampler_1080p', aspect: '16:9'}),
			sessionId: ';1',
		});
		expect(hd.requests[0]).toMatchObject({
			aspectRatio: 'VIDEO_ASPECT_RATIO_LANDSCAPE',
			resolution: 'VIDEO_RESOLUTION_1080P',
			videoModelKey: 'veo_3_1_upsampler_1080p',
		});
		expect(hd.requests[0].seed).toBeGreaterThanOrEqual(1);
		expect(hd.mediaGenerationContext.batchId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('refuses an upscale without the clip aspect instead of guessing one', () => {
		const error = flowErrorOf(() => buildUpscaleBody({call: call({aspect: undefined}), sessionId: ';1'}));
		expect(error).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST'});
		expect(error.message).toBe('an upscale on labs REST needs the clip aspect (none was given)');
	});

	it('reads the copy to poll from the answer, in the asked project when the answer leaves it out', () => {
		const answer = {
			operations: [{operation: {name: 'clip-1_4k_upsampled'}, status: 'MEDIA_GENERATION_STATUS_PENDING'}],
		};
		expect(parseUpscaleResponse(answer, call())).toEqual({name: 'clip-1_4k_upsampled', projectId: 'p-1'});
		const media = {media: [{name: 'clip-1_upsampled', projectId: 'p-9'}], remainingCredits: 950};
		expect(parseUpscaleResponse(media, call())).toEqual({name: 'clip-1_upsampled', projectId: 'p-9'});
	});

	it.each([
		['4k', {}, 'clip-1_4k_upsampled'],
		['1080p', {media: [], workflows: [{name: 'w'}]}, 'clip-1_upsampled'],
	] as const)(
		'an answer naming no media (%s, %j) is the copy by Flow naming: %s',
		(resolution, answer, name) => {
			expect(parseUpscaleResponse(answer, call({resolution}))).toEqual({name, projectId: 'p-1'});
			expect(upsampledRef(call({resolution}))).toEqual({name, projectId: 'p-1'});
		},
	);

	it.each([[null], [[]], ['text'], [{media: [{}]}]])(
		'an answer it cannot read (%j) is a protocol error',
		(answer) => {
			expect(flowErrorOf(() => parseUpscaleResponse(answer, call()))).toMatchObject({kind: 'protocol'});
		},
	);
});

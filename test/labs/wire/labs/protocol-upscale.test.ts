// Proves the labs REST upscale body is FK-fork's `upscale_video` body (docs/protocol-labs.md §3.5)
// field for field with a seed drawn from 1..99999, that a call without the clip's aspect is refused
// rather than guessed, that the copy to poll is read from the answer, and that only a 409 saying the
// upscale already exists is read as "the copy exists".
import {afterEach, describe, expect, it, vi} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import type {UpscaleRequest} from '../../../../source/labs/types.js';
import {
	buildUpscaleBody,
	parseUpscaleResponse,
	upsampledRef,
	upscaleExists,
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

afterEach(() => {
	vi.restoreAllMocks();
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

	it.each([
		[0, 1],
		[0.5, 50_000],
		[0.999_999_9, 99_999],
	])('draws the seed from 1..99999 when none is given (random %d → %d)', (random, seed) => {
		vi.spyOn(Math, 'random').mockReturnValue(random);
		expect(buildUpscaleBody({call: call(), sessionId: ';1'}).requests[0].seed).toBe(seed);
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

describe('upscaleExists', () => {
	const http = (httpStatus: number, code?: string) =>
		new FlowError('throttle', `HTTP ${httpStatus}`, {httpStatus, ...(code === undefined ? {} : {code})});

	it.each(['ALREADY_EXISTS', 'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS'])(
		'a 409 %s is the upscale already made or under way',
		(code) => {
			expect(upscaleExists(http(409, code))).toBe(true);
		},
	);

	it.each([
		['a 409 for another reason', http(409, 'ABORTED')],
		['a 409 without a code', http(409)],
		['the code on another status', http(429, 'ALREADY_EXISTS')],
		[
			'an error that is no FlowError',
			Object.assign(new Error('x'), {httpStatus: 409, code: 'ALREADY_EXISTS'}),
		],
		['nothing', undefined],
	])('%s is not', (_what, error) => {
		expect(upscaleExists(error)).toBe(false);
	});
});

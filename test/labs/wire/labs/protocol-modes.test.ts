// Proves the labs REST generate bodies for a start frame, a start and an end frame, reference images
// and a clip to extend are the text-to-video body with the images (or the clip) in every item, field
// for field (docs/protocol-labs.md §3.5), and that each request goes to the endpoint of its mode or is
// refused.
import {describe, expect, it} from 'vitest';
import type {GenerateRequest} from '../../../../source/labs/types.js';
import {
	apiPaths,
	buildGenerateBody,
	buildModeGenerateBody,
	generatePaths,
	type LabsGenerateMode,
	labsGenerateMode,
} from '../../../../source/labs/wire/labs/protocol.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
	prompt: 'the hero turns around',
	model: 'veo_3_1_i2v_s_fast_portrait',
	aspect: '9:16',
	copies: 1,
	...overrides,
});

const input = (overrides: Partial<GenerateRequest>, seeds = [17066, 17067]) => ({
	request: request(overrides),
	projectId: 'p-1',
	tier: 'PAYGATE_TIER_ONE',
	captchaToken: '0cAFcWeTestToken',
	sessionId: ';1778280998293',
	batchId: 'batch-1',
	seeds,
});

const envelope = {
	mediaGenerationContext: {batchId: 'batch-1', audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
	clientContext: {
		projectId: 'p-1',
		tool: 'PINHOLE',
		userPaygateTier: 'PAYGATE_TIER_ONE',
		sessionId: ';1778280998293',
		recaptchaContext: {token: '0cAFcWeTestToken', applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'},
	},
	useV2ModelConfig: true,
};

const item = (model: string, seed = 17066) => ({
	aspectRatio: 'VIDEO_ASPECT_RATIO_PORTRAIT',
	seed,
	textInput: {structuredPrompt: {parts: [{text: 'the hero turns around'}]}},
	videoModelKey: model,
	metadata: {},
});

describe('labs REST generate bodies per mode', () => {
	it('start frame: startImage {mediaId} in the item, to StartImage', () => {
		const built = buildModeGenerateBody(input({startImage: 'img-start'}));
		expect(built.mode).toBe('frames');
		expect(built.body).toStrictEqual({
			...envelope,
			requests: [{...item('veo_3_1_i2v_s_fast_portrait'), startImage: {mediaId: 'img-start'}}],
		});
	});

	it('start and end frame: both, to StartAndEndImage', () => {
		const built = buildModeGenerateBody(
			input({startImage: 'img-start', endImage: 'img-end', model: 'veo_3_1_i2v_s_fast_portrait_fl'}),
		);
		expect(built.mode).toBe('frames-last');
		expect(built.body).toStrictEqual({
			...envelope,
			requests: [
				{
					...item('veo_3_1_i2v_s_fast_portrait_fl'),
					startImage: {mediaId: 'img-start'},
					endImage: {mediaId: 'img-end'},
				},
			],
		});
	});

	it('references: referenceImages as assets, in order, in every copy, to ReferenceImages', () => {
		const built = buildModeGenerateBody(
			input({references: ['r1', 'r2', 'r3'], copies: 2, model: 'veo_3_1_r2v_fast_portrait'}),
		);
		const referenceImages = ['r1', 'r2', 'r3'].map((mediaId) => ({
			mediaId,
			imageUsageType: 'IMAGE_USAGE_TYPE_ASSET',
		}));
		expect(built.mode).toBe('references');
		expect(built.body).toStrictEqual({
			...envelope,
			requests: [
				{...item('veo_3_1_r2v_fast_portrait'), referenceImages},
				{...item('veo_3_1_r2v_fast_portrait', 17067), referenceImages},
			],
		});
		// Byte for byte: the images follow the text-to-video fields.
		expect(JSON.stringify(built.body.requests[0])).toBe(
			'{"aspectRatio":"VIDEO_ASPECT_RATIO_PORTRAIT","seed":17066,' +
				'"textInput":{"structuredPrompt":{"parts":[{"text":"the hero turns around"}]}},' +
				'"videoModelKey":"veo_3_1_r2v_fast_portrait","metadata":{},' +
				'"referenceImages":[{"mediaId":"r1","imageUsageType":"IMAGE_USAGE_TYPE_ASSET"},' +
				'{"mediaId":"r2","imageUsageType":"IMAGE_USAGE_TYPE_ASSET"},' +
				'{"mediaId":"r3","imageUsageType":"IMAGE_USAGE_TYPE_ASSET"}]}',
		);
	});

	it('text: the text-to-video body, untouched', () => {
		const built = buildModeGenerateBody(input({model: 'veo_3_1_t2v_fast_portrait'}));
		expect(built.mode).toBe('text');
		expect(built.body).toStrictEqual(buildGenerateBody(input({model: 'veo_3_1_t2v_fast_portrait'})));
		expect(JSON.stringify(built.body)).not.toMatch(/startImage|endImage|referenceImages|videoInput/);
	});

	it('extend: one item per copy, each naming the clip as videoInput.mediaId, byte for byte', () => {
		const built = buildModeGenerateBody(
			input({
				extend: {name: 'clip-7', projectId: 'p-1'},
				copies: 2,
				model: 'veo_3_1_extend_fast_portrait',
			}),
		);
		expect(built.mode).toBe('extend');
		expect(JSON.stringify(built.body)).toBe(
			'{"mediaGenerationContext":{"batchId":"batch-1","audioFailurePreference":"BLOCK_SILENCED_VIDEOS"},' +
				'"clientContext":{"projectId":"p-1","tool":"PINHOLE","userPaygateTier":"PAYGATE_TIER_ONE",' +
				'"sessionId":";1778280998293","recaptchaContext":{"token":"0cAFcWeTestToken",' +
				'"applicationType":"RECAPTCHA_APPLICATION_TYPE_WEB"}},' +
				'"requests":[' +
				'{"aspectRatio":"VIDEO_ASPECT_RATIO_PORTRAIT","seed":17066,' +
				'"textInput":{"structuredPrompt":{"parts":[{"text":"the hero turns around"}]}},' +
				'"videoModelKey":"veo_3_1_extend_fast_portrait","metadata":{},"videoInput":{"mediaId":"clip-7"}},' +
				'{"aspectRatio":"VIDEO_ASPECT_RATIO_PORTRAIT","seed":17067,' +
				'"textInput":{"structuredPrompt":{"parts":[{"text":"the hero turns around"}]}},' +
				'"videoModelKey":"veo_3_1_extend_fast_portrait","metadata":{},"videoInput":{"mediaId":"clip-7"}}' +
				'],"useV2ModelConfig":true}',
		);
		expect(generatePaths[built.mode]).toBe('/v1/video:batchAsyncGenerateVideoExtendVideo');
	});
});

describe('the endpoint of each mode', () => {
	it('names the three image endpoints and ExtendVideo beside the text one', () => {
		expect(generatePaths).toEqual({
			text: '/v1/video:batchAsyncGenerateVideoText',
			frames: '/v1/video:batchAsyncGenerateVideoStartImage',
			'frames-last': '/v1/video:batchAsyncGenerateVideoStartAndEndImage',
			references: '/v1/video:batchAsyncGenerateVideoReferenceImages',
			extend: '/v1/video:batchAsyncGenerateVideoExtendVideo',
		});
		expect(generatePaths.text).toBe(apiPaths.generate);
	});

	it.each<[Partial<GenerateRequest>, LabsGenerateMode]>([
		[{}, 'text'],
		[{startImage: 's'}, 'frames'],
		[{startImage: 's', endImage: 'e'}, 'frames-last'],
		[{references: ['r']}, 'references'],
		[{references: ['a', 'b', 'c']}, 'references'],
		[{extend: {name: 'clip', projectId: 'p-1'}}, 'extend'],
	])('%j → %s', (images, mode) => {
		expect(labsGenerateMode(request(images))).toBe(mode);
	});

	it.each([
		[{endImage: 'e'}, 'an end frame needs a start frame'],
		[{startImage: 's', references: ['r']}, 'reference images cannot go with frames'],
		[{references: []}, 'references must be 1 to 3 image ids (got 0)'],
		[{references: ['a', 'b', 'c', 'd']}, 'references must be 1 to 3 image ids (got 4)'],
		[{extend: {name: 'clip', projectId: 'p-1'}, startImage: 's'}, 'a clip to extend cannot go with images'],
		[{extend: {name: 'clip', projectId: 'p-1'}, references: ['r']}, 'a clip to extend cannot go with images'],
		[{extend: {name: 'clip', projectId: 'p-1'}, endImage: 'e'}, 'a clip to extend cannot go with images'],
	])('refuses %j as a bad request: %s', (images, message) => {
		const error = flowErrorOf(() => buildModeGenerateBody(input(images)));
		expect(error).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST', message});
	});
});

// Proves LabsTransport sends each kind of generate call (extend included) to the endpoint of its mode
// with the images or the clip in its body, reads the captured ReferenceImages reply, sends the upscale
// to UpsampleVideo (a second one answered 409 is the copy that exists), and refuses an upscale without
// an aspect before any request reaches the API.
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import type {GenerateRequest} from '../../../../source/labs/types.js';
import {LabsTransport} from '../../../../source/labs/wire/labs/transport.js';
import {Agent} from '../../../../source/labs/wire/undici.js';
import {caughtFlowError as caught} from '../../../helpers/flow-error.js';

const r2vReply = readFileSync(
	new URL(
		'../../../fixtures/wire/labs/batchAsyncGenerateVideoReferenceImages_response_scheduled_2026-08.flowgraph.annotated.json',
		import.meta.url,
	),
	'utf8',
);

type Seen = {method: string; path: string; body: string};

/** labs.google and the API on one loopback origin: a session, then `answer` for every API call. */
async function fakeOrigin(answer: string, status = 200) {
	const seen: Seen[] = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => {
			body += chunk;
		});
		req.on('end', () => {
			seen.push({method: req.method ?? '', path: req.url ?? '', body});
			res.setHeader('content-type', 'application/json');
			if (req.url === '/fx/api/auth/session') {
				res.end(JSON.stringify({user: {name: 'u'}, expires: '2099-01-01T00:00:00Z', access_token: 'ya29.t'}));
			} else {
				res.statusCode = status;
				res.end(answer);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const transport = new LabsTransport({
		sessionCookie: 'cookie',
		apiUrl: url,
		labsUrl: url,
		dispatcher: new Agent(),
		ownsDispatcher: true,
	});
	return {
		transport,
		api: () => seen.filter((call) => call.path.startsWith('/v1/')),
		async close() {
			await transport.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

let origin: Awaited<ReturnType<typeof fakeOrigin>> | undefined;
afterEach(async () => {
	await origin?.close();
	origin = undefined;
});

const request = (images: Partial<GenerateRequest>): GenerateRequest => ({
	prompt: 'p',
	model: 'veo_3_1_r2v_fast_landscape',
	aspect: '16:9',
	copies: 1,
	...images,
});
const call = (images: Partial<GenerateRequest>) => ({
	request: request(images),
	projectId: '64d45b46-4389-4e29-8795-1f48739b93e0',
	tier: 'PAYGATE_TIER_ONE',
	captchaToken: 'token',
});

describe('LabsTransport: one endpoint per mode', () => {
	it.each([
		[{}, '/v1/video:batchAsyncGenerateVideoText', undefined],
		[{startImage: 's'}, '/v1/video:batchAsyncGenerateVideoStartImage', {startImage: {mediaId: 's'}}],
		[
			{startImage: 's', endImage: 'e'},
			'/v1/video:batchAsyncGenerateVideoStartAndEndImage',
			{startImage: {mediaId: 's'}, endImage: {mediaId: 'e'}},
		],
		[
			{references: ['r1', 'r2']},
			'/v1/video:batchAsyncGenerateVideoReferenceImages',
			{
				referenceImages: [
					{mediaId: 'r1', imageUsageType: 'IMAGE_USAGE_TYPE_ASSET'},
					{mediaId: 'r2', imageUsageType: 'IMAGE_USAGE_TYPE_ASSET'},
				],
			},
		],
	])('%j goes to %s and reads the captured ReferenceImages reply', async (images, path, inItem) => {
		origin = await fakeOrigin(r2vReply);
		const result = await origin.transport.generate(call(images));
		expect(result).toEqual({
			media: [
				{name: '1d2d1e90-a4be-4b6a-82b3-f691e787632e', projectId: '64d45b46-4389-4e29-8795-1f48739b93e0'},
			],
			remainingCredits: 737,
		});
		const [sent] = origin.api();
		expect(sent).toMatchObject({method: 'POST', path});
		const item = JSON.parse(sent!.body).requests[0];
		const named = ['startImage', 'endImage', 'referenceImages'].filter((key) => key in item);
		expect(named).toEqual(Object.keys(inItem ?? {}));
		expect(item).toMatchObject(inItem ?? {});
	});

	it('an extend goes to ExtendVideo, naming the clip in every item, and reads the reply', async () => {
		origin = await fakeOrigin(r2vReply);
		const clip = {name: 'clip-1', projectId: '64d45b46-4389-4e29-8795-1f48739b93e0'};
		const result = await origin.transport.generate(call({extend: clip, copies: 2}));
		expect(result.media[0]?.name).toBe('1d2d1e90-a4be-4b6a-82b3-f691e787632e');
		const [sent] = origin.api();
		expect(sent).toMatchObject({method: 'POST', path: '/v1/video:batchAsyncGenerateVideoExtendVideo'});
		const items = JSON.parse(sent!.body).requests as Array<Record<string, unknown>>;
		expect(items.map((item) => item.videoInput)).toEqual([{mediaId: 'clip-1'}, {mediaId: 'clip-1'}]);
	});
});

describe('LabsTransport: upscale', () => {
	const upscale = (aspect?: '16:9' | '9:16') => ({
		request: {
			media: {name: 'clip-1', projectId: 'p-1'},
			resolution: '1080p' as const,
			model: 'veo_3_1_upsampler_1080p',
			...(aspect ? {aspect} : {}),
		},
		projectId: 'p-1',
		tier: 'PAYGATE_TIER_ONE',
		captchaToken: 'token',
	});

	it('posts to UpsampleVideo and answers the copy to poll', async () => {
		origin = await fakeOrigin(JSON.stringify({media: [{name: 'clip-1_upsampled', projectId: 'p-1'}]}));
		expect(await origin.transport.upscale(upscale('16:9'))).toEqual({
			name: 'clip-1_upsampled',
			projectId: 'p-1',
		});
		const [sent] = origin.api();
		expect(sent?.path).toBe('/v1/video:batchAsyncGenerateVideoUpsampleVideo');
		expect(JSON.parse(sent!.body).requests[0]).toMatchObject({
			videoInput: {mediaId: 'clip-1'},
			resolution: 'VIDEO_RESOLUTION_1080P',
			videoModelKey: 'veo_3_1_upsampler_1080p',
		});
	});

	it('a second upscale answered 409 ALREADY_EXISTS is the copy that exists: its conventional name', async () => {
		const exists = {
			error: {
				code: 409,
				message: 'Generation already in progress.',
				status: 'ALREADY_EXISTS',
				details: [{reason: 'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS'}],
			},
		};
		origin = await fakeOrigin(JSON.stringify(exists), 409);
		expect(await origin.transport.upscale(upscale('16:9'))).toEqual({
			name: 'clip-1_upsampled',
			projectId: 'p-1',
		});
		expect(origin.api()).toHaveLength(1);
	});

	it('a 409 for another reason (ABORTED) stays an error', async () => {
		const aborted = {error: {code: 409, message: 'Aborted.', status: 'ABORTED'}};
		origin = await fakeOrigin(JSON.stringify(aborted), 409);
		expect(await caught(origin.transport.upscale(upscale('16:9')))).toMatchObject({
			httpStatus: 409,
			code: 'ABORTED',
		});
	});

	it('refuses an upscale without the clip aspect before any API request', async () => {
		origin = await fakeOrigin('{}');
		expect(await caught(origin.transport.upscale(upscale()))).toMatchObject({code: 'BAD_REQUEST'});
		expect(origin.api()).toEqual([]);
	});
});

// Raw HTTP calls against the simulator's labs and api origins, for the tests of its routes: no
// client code in between, so a test reads exactly what the simulator answers.
import {expect} from 'vitest';
import type {Simulator} from '../../../source/simulator/index.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk wire JSON whose shape is the thing under test
export type Json = Record<string, any>;

export type Reply = {status: number; body: Json};

const cookieFor = (cookie: string) => ({cookie: `__Secure-next-auth.session-token=${cookie}`});

export async function post(url: string, token: string, body: unknown): Promise<Reply> {
	const response = await fetch(url, {
		method: 'POST',
		headers: {authorization: `Bearer ${token}`, 'content-type': 'text/plain;charset=UTF-8'},
		body: JSON.stringify(body),
	});
	return {status: response.status, body: (await response.json()) as Json};
}

/** A bearer token and a fresh project of the account the cookie signs in. */
export async function ready(sim: Simulator, cookie: string): Promise<{token: string; projectId: string}> {
	const session = await fetch(`${sim.labsUrl}/fx/api/auth/session`, {headers: cookieFor(cookie)});
	const token = ((await session.json()) as Json).access_token as string;
	expect(typeof token).toBe('string');
	return {token, projectId: await newProject(sim, cookie)};
}

export async function newProject(sim: Simulator, cookie: string): Promise<string> {
	const response = await fetch(`${sim.labsUrl}/fx/api/trpc/project.createProject`, {
		method: 'POST',
		headers: {...cookieFor(cookie), 'content-type': 'application/json'},
		body: JSON.stringify({json: {projectTitle: 'flowdeck', toolName: 'PINHOLE'}}),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as Json).result.data.json.result.projectId as string;
}

export const uploadCall = (sim: Simulator, token: string, projectId: string): Promise<Reply> =>
	post(`${sim.apiUrl}/v1/flow/uploadImage`, token, {
		clientContext: {projectId, tool: 'PINHOLE'},
		fileName: 'hero.png',
		imageBytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
		isHidden: false,
		isUserUploaded: true,
		mimeType: 'image/png',
	});

/** Uploads an image and returns its id. */
export async function upload(sim: Simulator, token: string, projectId: string): Promise<string> {
	const reply = await uploadCall(sim, token, projectId);
	expect(reply.status).toBe(200);
	return reply.body.media.name as string;
}

export type Images = {startImage?: string; endImage?: string; references?: string[]};

/** The §3.2 envelope, each item carrying the images given (docs/protocol-labs.md §3.5). */
export function modeBody(projectId: string, model: string, images: Images, copies = 1): Json {
	const item: Json = {
		aspectRatio: model.includes('portrait') ? 'VIDEO_ASPECT_RATIO_PORTRAIT' : 'VIDEO_ASPECT_RATIO_LANDSCAPE',
		seed: 7,
		textInput: {structuredPrompt: {parts: [{text: 'the hero walks on'}]}},
		videoModelKey: model,
		metadata: {},
	};
	if (images.startImage) item.startImage = {mediaId: images.startImage};
	if (images.endImage) item.endImage = {mediaId: images.endImage};
	if (images.references) {
		item.referenceImages = images.references.map((mediaId) => ({
			mediaId,
			imageUsageType: 'IMAGE_USAGE_TYPE_ASSET',
		}));
	}
	return {
		mediaGenerationContext: {batchId: crypto.randomUUID()},
		clientContext: {
			projectId,
			tool: 'PINHOLE',
			userPaygateTier: 'PAYGATE_TIER_ONE',
			sessionId: `;${Date.now()}`,
			recaptchaContext: {
				token: `user-token-${crypto.randomUUID()}`,
				applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB',
			},
		},
		requests: Array.from({length: copies}, () => item),
		useV2ModelConfig: true,
	};
}

export const generateCall = (sim: Simulator, token: string, path: string, body: Json): Promise<Reply> =>
	post(`${sim.apiUrl}/v1/video:${path}`, token, body);

/** A clock a test moves by hand, so a generation is done exactly when the test says. */
export function manualClock(start = 1_700_000_000_000) {
	const clock = {t: start, now: () => clock.t, advance: (ms: number) => (clock.t += ms)};
	return clock;
}

/** A text-to-video clip of the account, generated and (with `advance`) finished; returns its name. */
export async function finishedClip(
	sim: Simulator,
	token: string,
	projectId: string,
	advance?: () => void,
): Promise<string> {
	const reply = await generateCall(
		sim,
		token,
		'batchAsyncGenerateVideoText',
		modeBody(projectId, 'veo_3_1_t2v_fast', {}),
	);
	expect(reply.status).toBe(200);
	advance?.();
	return reply.body.media[0].name as string;
}

/** The ExtendVideo body as public file 51819811741 sends it: a generate item plus `videoInput`. */
export function extendBody(projectId: string, model: string, clip: string, copies = 1): Json {
	const body = modeBody(projectId, model, {}, copies);
	body.requests = body.requests.map((item: Json) => ({...item, videoInput: {mediaId: clip}}));
	return body;
}

export type Resolution = 'VIDEO_RESOLUTION_1080P' | 'VIDEO_RESOLUTION_4K';

/** The UpsampleVideo body as FK-fork's `upscale_video` sends it (docs/protocol-labs.md §3.5). */
export function upscaleBody(projectId: string, clip: string, resolution: Resolution, model?: string): Json {
	const {requests, ...envelope} = modeBody(projectId, 'veo_3_1_t2v_fast', {});
	return {
		...envelope,
		requests: [
			{
				aspectRatio: requests[0].aspectRatio,
				resolution,
				seed: 3,
				metadata: {},
				videoInput: {mediaId: clip},
				videoModelKey:
					model ??
					(resolution === 'VIDEO_RESOLUTION_4K' ? 'veo_3_1_upsampler_4k' : 'veo_3_1_upsampler_1080p'),
			},
		],
	};
}

/** Polls one media of the account and answers its status item. */
export async function pollOne(sim: Simulator, token: string, name: string, projectId: string): Promise<Json> {
	const reply = await post(`${sim.apiUrl}/v1/video:batchCheckAsyncVideoGenerationStatus`, token, {
		media: [{name, projectId}],
	});
	expect(reply.status).toBe(200);
	return reply.body.media[0] as Json;
}

/** The media's bytes as a client gets them: the labs redirect with the cookie, then the CDN without. */
export async function downloadMedia(sim: Simulator, cookie: string, name: string): Promise<Buffer> {
	const redirect = await fetch(
		`${sim.labsUrl}/fx/api/trpc/media.getMediaUrlRedirect?name=${encodeURIComponent(name)}`,
		{headers: cookieFor(cookie), redirect: 'manual'},
	);
	expect(redirect.status).toBe(307);
	const video = await fetch(redirect.headers.get('location') ?? '');
	expect(video.status).toBe(200);
	return Buffer.from(await video.arrayBuffer());
}

// A Transport that answers from memory and writes down every call, so the account client's own
// checks (ownership, captcha, dedupe) can be seen to act before anything reaches a wire.
import {AccountClient} from '../../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../../source/labs/captcha/providers.js';
import type {GenerateRequest, MediaRef, UploadedImage, UploadImageCall} from '../../../source/labs/types.js';
import type {GenerateCall, Transport, UpscaleCall} from '../../../source/labs/wire/transport.js';

export type FakeCalls = {
	generate: GenerateCall[];
	upload: UploadImageCall[];
	upscale: UpscaleCall[];
	captcha: string[];
	/** The action each captcha token was minted for, in order. */
	captchaActions: string[];
};

export type FakeOptions = {
	/** Leave `upscale` out, as a wire that cannot upscale does. */
	noUpscale?: boolean;
	tier?: string;
	/** Ask for a captcha token with every upload, as flow.google.com does (`UPLOAD_IMAGE`). */
	uploadCaptchaAction?: string;
	kind?: 'labs' | 'flow';
};

export function fakeTransport(
	projectId: string,
	options: FakeOptions = {},
): {transport: Transport; calls: FakeCalls} {
	const calls: FakeCalls = {generate: [], upload: [], upscale: [], captcha: [], captchaActions: []};
	let made = 0;
	const transport: Transport = {
		kind: options.kind ?? 'labs',
		captchaAction: 'VIDEO_GENERATION',
		...(options.uploadCaptchaAction ? {uploadCaptchaAction: options.uploadCaptchaAction} : {}),
		captchaPageUrl: (id) => `https://labs.test/project/${id}`,
		authenticate: async () => {},
		credits: async () => ({credits: 1000, tier: options.tier ?? 'PAYGATE_TIER_ONE'}),
		createProject: async () => projectId,
		generate: async (call) => {
			calls.generate.push(call);
			const media = Array.from({length: call.request.copies}, () => ({name: `video-${++made}`, projectId}));
			return {media, remainingCredits: 980};
		},
		uploadImage: async (call): Promise<UploadedImage> => {
			calls.upload.push(call);
			return {name: `image-${calls.upload.length}`, projectId: call.projectId};
		},
		status: async (media: MediaRef[]) => ({media: media.map((ref) => ({...ref, state: 'active' as const}))}),
		resolveMediaUrl: async () => ({url: 'https://cdn.test/video.mp4'}),
		close: async () => {},
	};
	if (!options.noUpscale) {
		transport.upscale = async (call) => {
			calls.upscale.push(call);
			// The copy may live in another project of the account's (the answer says which).
			return {name: `${call.request.media.name}_upsampled`, projectId: `${projectId}-copies`};
		};
	}
	return {transport, calls};
}

/** A prepared client over a fake transport, its captcha tokens counted. */
export async function fakeClient(name: string, projectId: string, options: FakeOptions = {}) {
	const {transport, calls} = fakeTransport(projectId, options);
	const captcha = functionCaptchaProvider('test', ({account, action}) => {
		calls.captcha.push(account);
		calls.captchaActions.push(action);
		return `token-${calls.captcha.length}`;
	});
	const client = new AccountClient({name, transport, captcha});
	await client.prepare();
	return {client, calls};
}

export const textRequest: GenerateRequest = {
	prompt: 'the hero walks on',
	model: 'veo_3_1_i2v_s_fast',
	aspect: '16:9',
	copies: 1,
};

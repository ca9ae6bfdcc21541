import {FlowError} from '../errors/index.js';
import type {
	CreditsInfo,
	GenerateRequest,
	MediaRef,
	PaygateTier,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
	TransportKind,
	UploadedImage,
	UploadImageCall,
	UpscaleRequest,
} from '../types.js';
import type {RenewalSignal} from './renewal.js';

/**
 * A generate call the server refused before running it (an xsrf challenge, and no media of it in the
 * project afterwards): nothing was spent, so the account client may send it once more with a new captcha.
 */
export const xsrfRefusedCode = 'XSRF_REFUSED';

/**
 * A wire flowdeck cannot upscale on: flow.google.com's `p0UkFb`, whose slot encodings public sources
 * disagree on (docs/protocol-flow.md §2).
 */
export const upscaleUnsupported = (kind: TransportKind): FlowError =>
	new FlowError('protocol', `upscaling on the ${kind} wire is not built yet`, {code: 'UPSCALE_UNSUPPORTED'});

export type GenerateCall = {
	request: GenerateRequest;
	projectId: string;
	tier: PaygateTier;
	/** Single-use captcha token minted for this call only. */
	captchaToken: string;
};

export type UpscaleCall = {
	request: UpscaleRequest;
	projectId: string;
	tier: PaygateTier;
	/** Single-use captcha token minted for this call only. */
	captchaToken: string;
};

/**
 * The wire behind one seam. One instance per account, holding that account's credentials; only the
 * account client talks to it. Every method throws FlowError and nothing else.
 */
export interface Transport {
	readonly kind: TransportKind;
	/** The captcha action name this wire expects for a video generation. */
	readonly captchaAction: string;
	/**
	 * The signed-in page a captcha token for a generate call in `projectId` is minted on (labs:
	 * `<labs>/fx/tools/flow/project/<id>`, flow: `<flow>/project/<id>`).
	 */
	captchaPageUrl(projectId: string): string;
	/** Proves the credentials work (for labs: obtains the access token). */
	authenticate(): Promise<void>;
	credits(): Promise<CreditsInfo>;
	createProject(title: string): Promise<string>;
	generate(call: GenerateCall): Promise<SubmitResult>;
	/**
	 * The captcha action an upload's token is minted for, when the wire wants one with every upload
	 * (flow.google.com: `UPLOAD_IMAGE`); absent when uploads carry none (labs REST).
	 */
	readonly uploadCaptchaAction?: string;
	/** Uploads an image into the project, with `call.captchaToken` when `uploadCaptchaAction` is set. */
	uploadImage(call: UploadImageCall): Promise<UploadedImage>;
	/**
	 * Asks for an upscaled copy of a finished clip; answers the media to poll (`<name>_upsampled`).
	 * Absent on a wire flowdeck cannot upscale on.
	 */
	upscale?(call: UpscaleCall): Promise<MediaRef>;
	/** One call for all the given media; they all belong to this account. */
	status(media: MediaRef[]): Promise<StatusResult>;
	/** A signed, expiring URL that needs no credentials, and what the server says of the video. */
	resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia>;
	/**
	 * The media an earlier generate call made, found in the project by the batch id it sent; undefined
	 * when none carry it. Absent on a wire that cannot look (labs).
	 */
	findSubmitted?(projectId: string, batchId: string): Promise<MediaRef[] | undefined>;
	/** Raised while credentials the transport already had are renewed (renewal.ts). */
	readonly renewal?: RenewalSignal;
	close(): Promise<void>;
}

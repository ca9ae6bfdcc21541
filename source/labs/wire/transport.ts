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
} from '../types.js';
import type {RenewalSignal} from './renewal.js';

/**
 * A generate call the server refused before running it (an xsrf challenge, and no media of it in the
 * project afterwards): nothing was spent, so the account client may send it once more with a new captcha.
 */
export const xsrfRefusedCode = 'XSRF_REFUSED';

/**
 * A wire flowdeck cannot upload images on yet: flow.google.com's `maseQ` answer has no capture or
 * public description to read it by (docs/protocol-flow.md).
 */
export const uploadUnsupported = (kind: TransportKind): FlowError =>
	new FlowError('protocol', `uploading images on the ${kind} wire is not built yet`, {
		code: 'UPLOAD_UNSUPPORTED',
	});

export type GenerateCall = {
	request: GenerateRequest;
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
	/** Uploads an image into the project; absent on a wire flowdeck cannot upload on yet (flow). */
	uploadImage?(call: UploadImageCall): Promise<UploadedImage>;
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

import type {
	CreditsInfo,
	GenerateRequest,
	MediaRef,
	PaygateTier,
	StatusResult,
	SubmitResult,
	TransportKind,
} from '../types.js';
import type {RenewalSignal} from './renewal.js';

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
	/** One call for all the given media; they all belong to this account. */
	status(media: MediaRef[]): Promise<StatusResult>;
	/** A signed, expiring URL that needs no credentials. */
	resolveMediaUrl(media: MediaRef): Promise<string>;
	/** Raised while credentials the transport already had are renewed (renewal.ts). */
	readonly renewal?: RenewalSignal;
	close(): Promise<void>;
}

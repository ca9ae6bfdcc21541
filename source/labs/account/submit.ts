import {randomUUID} from 'node:crypto';
import type {CaptchaProvider} from '../captcha/providers.js';
import {FlowError} from '../errors/index.js';
import type {GenerateRequest, PaygateTier, SubmitResult} from '../types.js';
import {type Transport, xsrfRefusedCode} from '../wire/transport.js';
import {captchaRequestFor} from './captcha-request.js';

export type GenerateDeps = {
	name: string;
	transport: Transport;
	captcha: CaptchaProvider;
	tier: PaygateTier | undefined;
	/** Runs a call with the account's name on its errors. */
	call: <T>(operation: () => Promise<T>) => Promise<T>;
};

/**
 * A captcha token for one call alone, minted on the page of its project (tokens are single use), for
 * the wire's generate action unless the call names another (an upload: `UPLOAD_IMAGE`).
 */
export function mintCaptcha(deps: GenerateDeps, projectId: string, action?: string): Promise<string> {
	return deps.call(() => deps.captcha.mint(captchaRequestFor(deps.name, deps.transport, projectId, action)));
}

/** One generate call, with a captcha token minted for it alone. */
export async function generateOnce(deps: GenerateDeps, request: GenerateRequest, projectId: string) {
	const {transport, call} = deps;
	const captchaToken = await mintCaptcha(deps, projectId);
	const tier = deps.tier ?? 'PAYGATE_TIER_NOT_PAID';
	return call(() => transport.generate({request, projectId, tier, captchaToken}));
}

/**
 * Sends a generate call under a batch id of its own, and once more under the same id when the server
 * refused it before running it. Any other failure (a lost answer included) is the caller's.
 */
export async function generateWithRefusalRetry(
	request: GenerateRequest,
	generate: (sent: GenerateRequest) => Promise<SubmitResult>,
): Promise<SubmitResult> {
	// Every attempt carries the same id, so whichever one ran is the one found in the project.
	const sent = request.batchId === undefined ? {...request, batchId: randomUUID().toUpperCase()} : request;
	try {
		return await generate(sent);
	} catch (error) {
		if (!(error instanceof FlowError) || error.code !== xsrfRefusedCode) throw error;
		// Nothing ran and the captcha token went with the refused call (tokens are single use).
		return generate(sent);
	}
}

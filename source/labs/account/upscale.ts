import {upscaleModel} from '../mode-models.js';
import type {Aspect, MediaRef, UpscaleResolution} from '../types.js';
import {upscaleUnsupported} from '../wire/transport.js';
import {type GenerateDeps, mintCaptcha} from './submit.js';

/**
 * One upscale of a finished clip, with a captcha token minted for it alone in the clip's project,
 * as a generate call is (docs/protocol-labs.md §3.5). A wire that cannot upscale is told before a
 * token is spent on it.
 */
export async function upscaleOnce(
	deps: GenerateDeps,
	media: MediaRef,
	resolution: UpscaleResolution,
	aspect?: Aspect,
): Promise<MediaRef> {
	const {transport, call} = deps;
	const upscale = transport.upscale?.bind(transport);
	if (upscale === undefined) return call(() => Promise.reject(upscaleUnsupported(transport.kind)));
	const projectId = media.projectId;
	const captchaToken = await mintCaptcha(deps, projectId);
	const tier = deps.tier ?? 'PAYGATE_TIER_NOT_PAID';
	const request = {media, resolution, model: upscaleModel(resolution), ...(aspect ? {aspect} : {})};
	return call(() => upscale({request, projectId, tier, captchaToken}));
}

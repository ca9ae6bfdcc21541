/**
 * `POST /v1/video:batchAsyncGenerateVideoUpsampleVideo` (docs/protocol-labs.md §3.5; FK-fork
 * `upscale_video`, public file 67192489897): one finished clip of the caller, in the call's project,
 * made again at 1080p (`veo_3_1_upsampler_1080p`, free) or 4K (`veo_3_1_upsampler_4k`, 50 credits, Ultra
 * alone; public file 71328220684). The copy is a media like any other: polled, redirected, downloaded.
 */
import {landscape, modelInput, portrait, requiredTier} from '../shared/catalog.js';
import {
	alreadyInProgress,
	type GoogleError,
	internal,
	invalidArgument,
	modelAccessDenied,
} from '../shared/google-error.js';
import type {Ctx} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import {authenticate, injectedFault, isError, readJson} from './api-auth.js';
import {checkProject, checkRoom, spendCaptcha} from './call-checks.js';
import {parseUpscaleBody, type UpscaleItem} from './request-bodies.js';
import {checkSourceVideos} from './source-video.js';
import {failedRenderCode, upscaleCallFault, upscaleRenderFault} from './upscale-faults.js';
import {generateResponse} from './wire.js';

/**
 * Each resolution's key, and the suffix its copy is named with: `<clip>_upsampled` (FK-fork's
 * docstring; FK-ext `upsampled_media_id`, "confirmed off the wire") and `<clip>_4k_upsampled` (public
 * files 60787361034 and 54490283475; HAR notes, public file 68584969862). The two copies coexist
 * (BOQ-ops `upsampled_media_id`, public file 67377772598).
 */
const resolutions: Readonly<Record<string, {model: string; suffix: string}>> = {
	VIDEO_RESOLUTION_1080P: {model: 'veo_3_1_upsampler_1080p', suffix: '_upsampled'},
	VIDEO_RESOLUTION_4K: {model: 'veo_3_1_upsampler_4k', suffix: '_4k_upsampled'},
};

export async function upscale(world: World, ctx: Ctx): Promise<GoogleError | {body: unknown}> {
	const body = await readJson(ctx);
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (isError(body)) return body;
	const call = parseUpscaleBody(body);
	if (isError(call)) return call;
	const {item} = call;
	const notOwn = checkProject(world, ctx, account, call.projectId);
	if (notOwn) return notOwn;
	ctx.record.mediaNames.push(item.sourceId);
	const sources = checkSourceVideos(world, ctx, account, call.projectId, [item.sourceId]);
	if (isError(sources)) return sources;
	const [source] = sources;
	if (!source) return invalidArgument();
	const badToken = spendCaptcha(world, account, call.captchaToken);
	if (badToken) return badToken;
	const target = checkModel(world, item);
	if (isError(target)) return target;
	const tier = requiredTier(item.model);
	if (tier !== undefined && account.tier !== tier) return modelAccessDenied();
	const name = `${source.name}${target.suffix}`;
	// A copy that failed may be asked for again (a GUESS); one made or on its way may not (GYGA: 409).
	const earlier = world.state.media(name);
	if (earlier && world.state.status(earlier) !== 'FAILED') return alreadyInProgress();
	const cost = world.config.creditsPerVideo[item.model] ?? 0;
	const noRoom = checkRoom(world, account, cost, 1);
	if (noRoom) return noRoom;
	if (injectedFault(world) || upscaleCallFault(world, account.name)) return internal();
	const [copy] = world.state.createMedia(account, call.projectId, call.batchId, [
		{
			name,
			// The copy stays on its clip's workflow (FK-fork sends metadata.workflowId for that; gflow_cli's
			// promotion records answer the clip's workflow, public file 70867524615).
			workflowId: source.workflowId,
			sourceId: source.name,
			prompt: source.prompt,
			model: item.model,
			aspectRatio: item.aspectRatio,
			seed: item.seed,
			cost,
			failureCode: upscaleRenderFault(world, account.name) ? failedRenderCode : undefined,
			mode: 'upscale',
			imageIds: [],
		},
	]);
	if (!copy) return internal();
	ctx.record.mediaNames.push(copy.name);
	world.stats.submits.push({
		account: account.name,
		projectId: call.projectId,
		prompt: '',
		copies: 1,
		mediaNames: [copy.name],
		captchaToken: call.captchaToken ?? '',
		mode: 'upscale',
		imageIds: [],
		sourceIds: [source.name],
	});
	return {body: generateResponse([copy], account.credits, world.config.responseShape)};
}

/** The key must be the upsampler of the resolution asked for, in either orientation (§3.5). */
function checkModel(world: World, item: UpscaleItem): {suffix: string} | GoogleError {
	if (item.aspectRatio !== landscape && item.aspectRatio !== portrait) return invalidArgument();
	if (world.config.creditsPerVideo[item.model] === undefined || modelInput(item.model) !== 'upscale') {
		return invalidArgument();
	}
	const target = Object.hasOwn(resolutions, item.resolution) ? resolutions[item.resolution] : undefined;
	if (target === undefined || target.model !== item.model) return invalidArgument();
	return target;
}

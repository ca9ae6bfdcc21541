/**
 * The generate calls of the aisandbox origin: text-to-video (docs/protocol-labs.md §3.2) and, on the
 * same envelope, start frame, start + end frames, references and extend (§3.5). One path for all:
 * project ownership, the named images or clip, the captcha, the model for the call and the tier,
 * credits, the in-flight cap, the prompt markers and injected faults, then the media and their answer
 * (§3.4).
 */
import type {AccountState} from '../shared/accounts.js';
import {allowedAspects, landscape, modelInput, portrait, requiredTier} from '../shared/catalog.js';
import {
	type GoogleError,
	internal,
	invalidArgument,
	modelAccessDenied,
	unavailable,
} from '../shared/google-error.js';
import type {Ctx} from '../shared/http-util.js';
import type {NewMedia} from '../shared/media.js';
import {policyCode, type World} from '../shared/world.js';
import type {SimGenerateMode, SimSubmit} from '../types.js';
import {authenticate, injectedFault, isError, readJson} from './api-auth.js';
import {checkProject, checkRoom, spendCaptcha} from './call-checks.js';
import {checkImages, type VideoInput} from './image-inputs.js';
import {type GenerateCall, parseGenerateBody} from './request-bodies.js';
import {checkSourceVideos} from './source-video.js';
import {generateResponse} from './wire.js';

const modeOf: Record<VideoInput, SimGenerateMode> = {
	text: 'text',
	start: 'frames',
	'start-end': 'frames',
	references: 'references',
	extend: 'extend',
};

export async function generate(
	world: World,
	ctx: Ctx,
	input: VideoInput,
): Promise<GoogleError | {body: unknown}> {
	const body = await readJson(ctx);
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (isError(body)) return body;
	const call = parseGenerateBody(body, input);
	if (isError(call)) return call;
	const notOwn = checkProject(world, ctx, account, call.projectId);
	if (notOwn) return notOwn;
	const imageIds = unique(call.items.flatMap((item) => item.imageIds));
	const sourceIds = unique(
		call.items.flatMap((item) => (item.sourceId === undefined ? [] : [item.sourceId])),
	);
	ctx.record.mediaNames.push(...imageIds, ...sourceIds);
	const foreignImage = checkImages(world, ctx, account, call.projectId, imageIds);
	if (foreignImage) return foreignImage;
	const sources = checkSourceVideos(world, ctx, account, call.projectId, sourceIds);
	if (isError(sources)) return sources;
	const badToken = spendCaptcha(world, account, call.captchaToken);
	if (badToken) return badToken;
	const refused = checkModels(world, account, call, input);
	if (refused) return refused;
	const cost = call.items.reduce((sum, item) => sum + (world.config.creditsPerVideo[item.model] ?? 0), 0);
	const noRoom = checkRoom(world, account, cost, call.items.length);
	if (noRoom) return noRoom;
	const prompts = call.items.map((item) => item.prompt);
	if (prompts.some((prompt) => prompt.includes(world.config.rejectMarker))) {
		return invalidArgument('Request contains an invalid argument.', 'PUBLIC_ERROR_UNSAFE_GENERATION');
	}
	const flaky = prompts.filter(
		(p) => p.includes(world.config.transientMarker) && !world.flakyPromptsSeen.has(p),
	);
	if (flaky.length > 0) {
		for (const prompt of flaky) world.flakyPromptsSeen.add(prompt);
		return unavailable();
	}
	if (injectedFault(world)) return internal();
	const mode = modeOf[input];
	const items = call.items.map(
		({sourceId, ...item}): NewMedia => ({
			...item,
			cost: world.config.creditsPerVideo[item.model] ?? 0,
			failureCode: policyCode(world, item.prompt),
			mode,
			...(sourceId === undefined ? {} : {sourceId}),
		}),
	);
	const created = world.state.createMedia(account, call.projectId, call.batchId, items);
	const mediaNames = created.map((media) => media.name);
	ctx.record.mediaNames.push(...mediaNames);
	const submit: SimSubmit = {
		account: account.name,
		projectId: call.projectId,
		prompt: prompts[0] ?? '',
		copies: created.length,
		mediaNames,
		captchaToken: call.captchaToken ?? '',
		mode,
		imageIds,
	};
	world.stats.submits.push(input === 'extend' ? {...submit, sourceIds} : submit);
	// Frames, references and extend answer without operations[] (§3.4: captured for r2v; the rest GUESS).
	const shape = input === 'text' ? world.config.responseShape : 'media-only';
	return {body: generateResponse(created, account.credits, shape)};
}

const unique = (ids: string[]): string[] => [...new Set(ids)];

/** A key unknown, locked to the other orientation or of another call is a bad argument (§3.2, §3.3). */
function checkModels(
	world: World,
	account: AccountState,
	call: GenerateCall,
	input: VideoInput,
): GoogleError | undefined {
	for (const item of call.items) {
		if (item.aspectRatio !== landscape && item.aspectRatio !== portrait) return invalidArgument();
		if (world.config.creditsPerVideo[item.model] === undefined) return invalidArgument();
		if (modelInput(item.model) !== input) return invalidArgument();
		if (!allowedAspects(item.model).includes(item.aspectRatio)) return invalidArgument();
		const tier = requiredTier(item.model);
		if (tier !== undefined && account.tier !== tier) return modelAccessDenied();
	}
	return undefined;
}

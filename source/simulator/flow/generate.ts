/**
 * The video submits of the flow.google.com stand-in (docs/protocol-flow.md §2): `YhhmEf`, text-to-video,
 * here, and the calls from images (image-calls.ts) on the same path. Each checks the call, the project,
 * the images it names, the captcha token, the model's call and tier, credits and the in-flight cap, then
 * creates and charges the media and answers the YhhmEf record list. Refusals use the
 * null-payload-with-code form.
 */

import type {AccountState} from '../shared/accounts.js';
import {landscape, type ModelInput, modelInput, portrait, requiredTier} from '../shared/catalog.js';
import type {Ctx} from '../shared/http-util.js';
import type {MediaState, NewMedia} from '../shared/media.js';
import {ownImages} from '../shared/ownership.js';
import {noteCrossAccount, policyCode, videoSizeOf, type World} from '../shared/world.js';
import type {SimGenerateMode} from '../types.js';
import {dig, isString} from './payload.js';
import {submitPayload} from './records.js';
import {answer, type RpcAnswer} from './rpc-answer.js';
import {codeEntry, dataEntry, erEntry} from './wire.js';

/**
 * Omni keys priced here besides the labs ones: abra_t2v_6s billed 10 (capture 2026-09-24, 1050 ->
 * 1040), abra_t2v_8s 12 (GF-wire), abra_t2v_4s FB/FK's default (GUESS: 6). `_portrait` Veo keys are
 * accepted with aspect 1 (capture 2026-09-25, 904 -> 884 for veo_3_1_t2v_fast_portrait).
 */
const omniCredits: Record<string, number> = {abra_t2v_6s: 10, abra_t2v_8s: 12, abra_t2v_4s: 6};

function creditsFor(world: World, key: string): number | undefined {
	// Keys come from the wire: own properties only, so "constructor" is just an unknown key.
	if (Object.hasOwn(omniCredits, key)) return omniCredits[key];
	return Object.hasOwn(world.config.creditsPerVideo, key) ? world.config.creditsPerVideo[key] : undefined;
}

export type SubmitItem = {prompt: string; model: string; aspect: 1 | 2; imageIds: string[]};

/** What sets one submit RPC apart: its id, the keys it takes, and where its item keeps what. */
export type SubmitKind = {
	rpc: string;
	input: ModelInput;
	mode: SimGenerateMode;
	/** One item of `payload[0]`; undefined when it is not that call's item. */
	readItem(item: unknown): SubmitItem | undefined;
};

/** The prompt block every captured item starts with: `[null, null, [[["<prompt>"]]]]`. */
export const promptOf = (item: unknown): unknown => dig(item, 0, 2, 0, 0, 0);

/** `[prompt, key, aspect, null, [null,null,null,null,UUID,UUID]]` (2026-09-25_YhhmEf_*). */
const textKind: SubmitKind = {
	rpc: 'YhhmEf',
	input: 'text',
	mode: 'text',
	readItem: (item) => readItem(item, 1, []),
};

/** The item's prompt, its key at `modelAt`, the aspect after it, and the images given. */
export function readItem(item: unknown, modelAt: number, imageIds: string[]): SubmitItem | undefined {
	const prompt = promptOf(item);
	const model = dig(item, modelAt);
	const aspect = dig(item, modelAt + 1);
	if (!isString(prompt) || !isString(model) || (aspect !== 1 && aspect !== 2)) return undefined;
	return {prompt, model, aspect, imageIds};
}

function readItems(payload: unknown, kind: SubmitKind): SubmitItem[] | undefined {
	const list = dig(payload, 0);
	if (!Array.isArray(list) || list.length < 1 || list.length > 4) return undefined;
	const items = list.map((item) => kind.readItem(item));
	return items.every((item) => item !== undefined) ? items : undefined;
}

export const generate = (world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer =>
	submit(world, ctx, account, payload, textKind);

export function submit(
	world: World,
	ctx: Ctx,
	account: AccountState,
	payload: unknown,
	kind: SubmitKind,
): RpcAnswer {
	const {rpc} = kind;
	const items = readItems(payload, kind);
	const projectId = dig(payload, 1, 5);
	if (!items || dig(payload, 1, 1) !== 22 || !isString(projectId)) return answer(codeEntry(rpc, 3));
	ctx.record.projectIds.push(projectId);
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return answer(codeEntry(rpc, 5));
	const imageIds = [...new Set(items.flatMap((item) => item.imageIds))];
	ctx.record.mediaNames.push(...imageIds);
	// Another account's image is the NOT_FOUND a foreign media gets from jwpduf and as29s.
	if (!ownImages(world, ctx, account, projectId, imageIds)) return answer(codeEntry(rpc, 5));
	// ctx[10] must be the pair [token, 1]: a bare string is refused like a missing token (EL).
	const token = dig(payload, 1, 10, 0);
	if (!isString(token) || dig(payload, 1, 10, 1) !== 1) return answer(codeEntry(rpc, 3));
	if (world.state.consumeCaptcha(account.name, token) !== 'ok') {
		return answer(codeEntry(rpc, 7, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'));
	}
	for (const item of items) {
		// Each RPC makes one kind of video: a key of another call is refused (docs/protocol-labs.md §3.3).
		if (creditsFor(world, item.model) === undefined || modelInput(item.model) !== kind.input) {
			return answer(codeEntry(rpc, 3));
		}
		const tier = requiredTier(item.model);
		if (tier !== undefined && account.tier !== tier) {
			return answer(codeEntry(rpc, 7, 'PUBLIC_ERROR_MODEL_ACCESS_DENIED'));
		}
	}
	const cost = items.reduce((sum, item) => sum + (creditsFor(world, item.model) ?? 0), 0);
	world.state.settle();
	if (account.credits < cost) {
		return answer(codeEntry(rpc, 8, 'PUBLIC_ERROR_USER_QUOTA_REACHED'));
	}
	const cap = account.maxInFlight;
	if (cap !== undefined && world.state.inFlight(account.name) + items.length > cap) {
		return answer(codeEntry(rpc, 8, 'PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED'));
	}
	const prompts = items.map((item) => item.prompt);
	if (prompts.some((prompt) => prompt.includes(world.config.rejectMarker))) {
		// A refusal in the error slot with code 3 and its reason (docs/wire-captures.md, "Errors").
		return answer(codeEntry(rpc, 3, 'PUBLIC_ERROR_UNSAFE_GENERATION'));
	}
	const flaky = prompts.filter(
		(prompt) => prompt.includes(world.config.transientMarker) && !world.flakyPromptsSeen.has(prompt),
	);
	if (flaky.length > 0) {
		for (const prompt of flaky) world.flakyPromptsSeen.add(prompt);
		return answer(erEntry(503));
	}
	const created = world.state.createMedia(
		account,
		projectId,
		String(dig(payload, 2, 0) ?? ''),
		items.map(
			(item): NewMedia => ({
				prompt: item.prompt,
				model: item.model,
				aspectRatio: item.aspect === 1 ? portrait : landscape,
				seed: 0,
				cost: creditsFor(world, item.model) ?? 0,
				failureCode: policyCode(world, item.prompt),
				mode: kind.mode,
				imageIds: item.imageIds,
			}),
		),
	);
	const mediaNames = created.map((media) => media.name);
	ctx.record.mediaNames.push(...mediaNames);
	world.stats.submits.push({
		account: account.name,
		projectId,
		prompt: prompts[0] ?? '',
		copies: created.length,
		mediaNames,
		captchaToken: token,
		mode: kind.mode,
		imageIds,
	});
	world.flow.submits++;
	if (world.flow.submits === world.flow.dropSubmitReply) return {drop: true};
	const sizeOf = (media: MediaState) => videoSizeOf(world, media.name);
	return answer(dataEntry(rpc, submitPayload(created, account.credits, sizeOf)));
}

/**
 * The batchexecute RPCs the flow.google.com stand-in serves (docs/protocol-flow.md §2): credits,
 * create project, text-to-video, status and media URL, on the shared accounts, projects and media.
 * Refusals use the null-payload-with-code form; another account's project or media is a plain
 * NOT_FOUND, as on the labs side.
 */
import {landscape, portrait, requiredTier} from '../shared/catalog.js';
import type {Ctx} from '../shared/http-util.js';
import type {AccountState, MediaState, NewMedia} from '../shared/state.js';
import {noteCrossAccount, signedUrlFor, type World} from '../shared/world.js';
import {projectContents} from './contents.js';
import {urlHeldBack} from './faults.js';
import {creditsPayload, record, statusPayload, submitPayload} from './records.js';
import {codeEntry, dataEntry, type Entry, erEntry} from './wire.js';
import {posterUrl} from './world.js';

export type RpcAnswer =
	| {entry: Entry}
	/** The call did its work, but its reply never reaches the client (dropSubmitReply). */
	| {drop: true};

type Handler = (world: World, ctx: Ctx, account: AccountState, payload: unknown) => RpcAnswer;

const answer = (entry: Entry): RpcAnswer => ({entry});

/** Follows indices through nested arrays; undefined as soon as a step is not an array. */
function dig(value: unknown, ...path: number[]): unknown {
	let current = value;
	for (const index of path) {
		if (!Array.isArray(current)) return undefined;
		current = current[index];
	}
	return current;
}

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

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

function credits(world: World, _ctx: Ctx, account: AccountState): RpcAnswer {
	world.state.settle();
	return answer(dataEntry('nzlxg', creditsPayload(account.credits, account.tier)));
}

function createProject(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const title = dig(payload, 1, 1, 0);
	if (dig(payload, 0) !== 'projects/*' || typeof title !== 'string') return answer(codeEntry('jHPbke', 3));
	const project = world.state.createProject(account.name, title);
	ctx.record.projectIds.push(project.id);
	const seconds = Math.floor(project.createdAt / 1000);
	return answer(dataEntry('jHPbke', [[project.id, [null, [project.title]], null, [seconds, 0]]]));
}

type Item = {prompt: string; model: string; aspect: 1 | 2};

function readItems(payload: unknown): Item[] | undefined {
	const list = dig(payload, 0);
	if (!Array.isArray(list) || list.length < 1 || list.length > 4) return undefined;
	const items: Item[] = [];
	for (const item of list) {
		const prompt = dig(item, 0, 2, 0, 0, 0);
		const model = dig(item, 1);
		const aspect = dig(item, 2);
		if (!isString(prompt) || !isString(model) || (aspect !== 1 && aspect !== 2)) return undefined;
		items.push({prompt, model, aspect});
	}
	return items;
}

function generate(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const rpc = 'YhhmEf';
	const items = readItems(payload);
	const projectId = dig(payload, 1, 5);
	if (!items || dig(payload, 1, 1) !== 22 || !isString(projectId)) return answer(codeEntry(rpc, 3));
	ctx.record.projectIds.push(projectId);
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return answer(codeEntry(rpc, 5));
	// ctx[10] must be the pair [token, 1]: a bare string is refused like a missing token (EL).
	const token = dig(payload, 1, 10, 0);
	if (!isString(token) || dig(payload, 1, 10, 1) !== 1) return answer(codeEntry(rpc, 3));
	if (world.state.consumeCaptcha(account.name, token) !== 'ok') {
		return answer(codeEntry(rpc, 7, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'));
	}
	for (const item of items) {
		if (creditsFor(world, item.model) === undefined) return answer(codeEntry(rpc, 3));
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
	});
	world.flow.submits++;
	if (world.flow.submits === world.flow.dropSubmitReply) return {drop: true};
	return answer(dataEntry(rpc, submitPayload(created, account.credits, world.config.videoBytes)));
}

function policyCode(world: World, prompt: string): string | undefined {
	for (const [marker, code] of Object.entries(world.config.policyMarkers)) {
		if (prompt.includes(marker)) return code;
	}
	return undefined;
}

/** The media of this account, or why not; names are recorded either way, foreign ones noted. */
function ownMedia(world: World, ctx: Ctx, account: AccountState, name: string): MediaState | undefined {
	ctx.record.mediaNames.push(name);
	const media = world.state.media(name);
	if (media && !ctx.record.projectIds.includes(media.projectId)) ctx.record.projectIds.push(media.projectId);
	if (media && media.account !== account.name) {
		noteCrossAccount(world, ctx);
		return undefined;
	}
	return media;
}

/** Polls get FB/FK's "Media not found." complaint once in a while while the job runs: harmless. */
const complains = (media: MediaState): boolean => media.name.charCodeAt(0) % 3 === 0;

function status(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const rpc = 'jwpduf';
	const ids = dig(payload, 2);
	if (!Array.isArray(ids) || ids.length === 0) return answer(codeEntry(rpc, 3));
	const found: MediaState[] = [];
	let missing = false;
	for (const entry of ids) {
		const name = dig(entry, 0);
		if (!isString(name)) return answer(codeEntry(rpc, 3));
		const media = ownMedia(world, ctx, account, name);
		if (media) found.push(media);
		else missing = true;
	}
	// One foreign or unknown id fails the whole call, like the labs poll (§7 of docs/protocol-labs.md).
	if (missing) return answer(codeEntry(rpc, 5));
	world.state.settle();
	const states = found.map((media) => world.state.status(media));
	const records = found.map((media, i) =>
		record(media, {
			status: states[i] ?? 'PENDING',
			complaint: states[i] === 'ACTIVE' && complains(media),
			oddStatus: media.prompt.includes(world.config.oddStatusMarker),
			videoBytes: world.config.videoBytes,
		}),
	);
	// Captured: the balance is null while the job runs and given once it is done.
	const running = states.some((state) => state === 'PENDING' || state === 'ACTIVE');
	return answer(dataEntry(rpc, statusPayload(records, running ? undefined : account.credits)));
}

function mediaUrl(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const rpc = 'as29s';
	const name = dig(payload, 0);
	if (!isString(name)) return answer(codeEntry(rpc, 3));
	const media = ownMedia(world, ctx, account, name);
	if (!media) return answer(codeEntry(rpc, 5));
	const state = world.state.status(media);
	const expiresAt = world.state.now() + world.config.signedUrlTtlMs;
	const urls =
		state === 'SUCCESSFUL' && !urlHeldBack(world.flow.faults, media.name)
			? {
					video: signedUrlFor(world, media.name),
					poster: posterUrl(world.flow, world.cdnUrl, media.name, expiresAt),
				}
			: undefined;
	// Captured (2026-09-24_as29s_done_with-urls): the answer is the record itself.
	return answer(dataEntry(rpc, record(media, {status: state, urls, videoBytes: world.config.videoBytes})));
}

export const flowRpcs: Record<string, Handler> = {
	nzlxg: credits,
	jHPbke: createProject,
	YhhmEf: generate,
	jwpduf: status,
	as29s: mediaUrl,
	Zzl0ze: projectContents,
};

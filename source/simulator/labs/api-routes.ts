/** The aisandbox origin (`/v1/*`), authenticated by the bearer token alone. */

import type {AccountState} from '../shared/accounts.js';
import {allowedAspects, landscape, portrait, requiredTier} from '../shared/catalog.js';
import {
	captchaFailed,
	concurrentLimit,
	type GoogleError,
	googleError,
	internal,
	invalidArgument,
	modelAccessDenied,
	notFound,
	quotaReached,
	unauthenticated,
	unavailable,
} from '../shared/google-error.js';
import {bearerToken, type Ctx, readBody, send, sendGoogleError} from '../shared/http-util.js';
import type {NewMedia} from '../shared/media.js';
import {noteCrossAccount, signedUrlFor, type World} from '../shared/world.js';
import {type GenerateCall, parseGenerateBody, parseStatusBody} from './request-bodies.js';
import {uploadImage} from './upload-route.js';
import {
	generateResponse,
	isNotFound,
	legacyStatusResponse,
	type NotFoundEntry,
	type StatusEntry,
	statusResponse,
} from './wire.js';

export const isError = (value: unknown): value is GoogleError =>
	typeof value === 'object' && value !== null && 'httpStatus' in value && 'body' in value;

export async function handleApi(world: World, ctx: Ctx): Promise<void> {
	const method = ctx.req.method;
	const path = ctx.url.pathname;
	let result: GoogleError | {body: unknown};
	if (path === '/v1/credits' && method === 'GET') result = credits(world, ctx);
	else if (path === '/v1/video:batchAsyncGenerateVideoText' && method === 'POST')
		result = await generate(world, ctx);
	else if (path === '/v1/video:batchCheckAsyncVideoGenerationStatus' && method === 'POST') {
		result = await status(world, ctx);
	} else if (path === '/v1/flow/uploadImage' && method === 'POST') result = await uploadImage(world, ctx);
	else result = googleError(404, 'NOT_FOUND', 'Method not found.');
	if (isError(result)) return sendGoogleError(ctx, result);
	send(ctx, 200, 'application/json; charset=UTF-8', JSON.stringify(result.body), {server: 'ESF'});
}

/** A `?key=` API key is not a credential here: without a bearer the answer is CREDENTIALS_MISSING (FG). */
export function authenticate(world: World, ctx: Ctx): AccountState | GoogleError {
	const token = bearerToken(ctx.req);
	if (token === undefined) return unauthenticated('CREDENTIALS_MISSING');
	const verdict = world.state.tokenVerdict(token);
	if (verdict === 'expired') return unauthenticated('ACCESS_TOKEN_EXPIRED');
	const account = world.state.accountOfToken(token);
	if (verdict !== 'valid' || !account) return unauthenticated();
	return account;
}

const injectedFault = (world: World): boolean =>
	world.config.errorRate > 0 && world.faults() < world.config.errorRate;

function credits(world: World, ctx: Ctx) {
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (injectedFault(world)) return internal();
	world.state.settle();
	return {
		body: {
			credits: account.credits,
			userPaygateTier: account.tier,
			sku: 'G1_TIER1',
			serviceTier: account.serviceTier,
			subscriptionCredits: account.credits,
		},
	};
}

/** Browsers send JSON as text/plain (§1.2); both that and application/json are read. */
export async function readJson(ctx: Ctx): Promise<unknown | GoogleError> {
	const type = (ctx.req.headers['content-type'] ?? 'text/plain').toLowerCase();
	const text = await readBody(ctx.req);
	if (!type.startsWith('text/plain') && !type.startsWith('application/json')) {
		return invalidArgument(`Invalid JSON payload received. Unsupported content type: ${type}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return invalidArgument('Invalid JSON payload received. Unexpected token.');
	}
}

async function generate(world: World, ctx: Ctx) {
	const body = await readJson(ctx);
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (isError(body)) return body;
	const call = parseGenerateBody(body);
	if (isError(call)) return call;
	ctx.record.projectIds.push(call.projectId);
	const project = world.state.project(call.projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return notFound();
	// The token is spent by this check, so any later refusal still needs a fresh one on retry.
	if (call.captchaToken === undefined) return captchaFailed();
	if (world.state.consumeCaptcha(account.name, call.captchaToken) !== 'ok') return captchaFailed();
	const refused = checkModels(world, account, call);
	if (refused) return refused;
	const cost = call.items.reduce((sum, item) => sum + (world.config.creditsPerVideo[item.model] ?? 0), 0);
	world.state.settle();
	if (account.credits < cost) return quotaReached();
	const cap = account.maxInFlight;
	if (cap !== undefined && world.state.inFlight(account.name) + call.items.length > cap)
		return concurrentLimit();
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
	const items = call.items.map(
		(item): NewMedia => ({
			...item,
			cost: world.config.creditsPerVideo[item.model] ?? 0,
			failureCode: policyCode(world, item.prompt),
		}),
	);
	const created = world.state.createMedia(account, call.projectId, call.batchId, items);
	const mediaNames = created.map((media) => media.name);
	ctx.record.mediaNames.push(...mediaNames);
	world.stats.submits.push({
		account: account.name,
		projectId: call.projectId,
		prompt: prompts[0] ?? '',
		copies: created.length,
		mediaNames,
		captchaToken: call.captchaToken,
	});
	return {body: generateResponse(created, account.credits, world.config.responseShape)};
}

function checkModels(world: World, account: AccountState, call: GenerateCall): GoogleError | undefined {
	for (const item of call.items) {
		if (item.aspectRatio !== landscape && item.aspectRatio !== portrait) return invalidArgument();
		if (world.config.creditsPerVideo[item.model] === undefined) return invalidArgument();
		if (!allowedAspects(item.model).includes(item.aspectRatio)) return invalidArgument();
		const tier = requiredTier(item.model);
		if (tier !== undefined && account.tier !== tier) return modelAccessDenied();
	}
	return undefined;
}

function policyCode(world: World, prompt: string): string | undefined {
	for (const [marker, code] of Object.entries(world.config.policyMarkers)) {
		if (prompt.includes(marker)) return code;
	}
	return undefined;
}

/**
 * A foreign, unknown or mismatched item does not fail the call: the real server answers HTTP 200 and
 * that item FAILED "Media not found." beside the others (test/fixtures/wire/labs/
 * batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json).
 * No capture shows the 2025 operations contract polling such a name, so `legacyStatus` keeps failing
 * the whole call with 404 (a GUESS from the protocol notes, §7).
 */
async function status(world: World, ctx: Ctx) {
	const body = await readJson(ctx);
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (isError(body)) return body;
	const items = parseStatusBody(body, world.config.legacyStatus);
	if (isError(items)) return items;
	const entries: Array<StatusEntry | NotFoundEntry> = [];
	for (const item of items) {
		ctx.record.mediaNames.push(item.name);
		if (item.projectId !== undefined && !ctx.record.projectIds.includes(item.projectId)) {
			ctx.record.projectIds.push(item.projectId);
		}
		const media = world.state.media(item.name);
		const project = item.projectId === undefined ? undefined : world.state.project(item.projectId);
		const foreign =
			(media !== undefined && media.account !== account.name) ||
			(project !== undefined && project.account !== account.name);
		if (foreign) noteCrossAccount(world, ctx);
		if (!media || foreign || (item.projectId !== undefined && item.projectId !== media.projectId)) {
			entries.push({notFound: item.name});
		} else entries.push({media, status: 'PENDING'});
	}
	const known = entries.filter((entry): entry is StatusEntry => !isNotFound(entry));
	if (world.config.legacyStatus && known.length < entries.length) return notFound();
	if (injectedFault(world)) return internal();
	world.state.settle();
	for (const entry of known) entry.status = world.state.status(entry.media);
	if (world.config.legacyStatus) {
		return {body: legacyStatusResponse(known, account.credits, (media) => signedUrlFor(world, media.name))};
	}
	return {body: statusResponse(entries, account.credits)};
}

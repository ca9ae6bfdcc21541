/**
 * The aisandbox origin (`/v1/*`), authenticated by the bearer token alone: credits, the generate
 * calls (generate-route.ts), the upscale (upscale-route.ts), status, and the image upload
 * (upload-route.ts).
 */
import {googleError, internal, notFound} from '../shared/google-error.js';
import {type Ctx, send, sendGoogleError} from '../shared/http-util.js';
import {noteCrossAccount, signedUrlFor, type World} from '../shared/world.js';
import {authenticate, injectedFault, isError, readJson} from './api-auth.js';
import {generate} from './generate-route.js';
import type {VideoInput} from './image-inputs.js';
import {parseStatusBody} from './request-bodies.js';
import {uploadImage} from './upload-route.js';
import {upscale} from './upscale-route.js';
import {
	isNotFound,
	legacyStatusResponse,
	type NotFoundEntry,
	type StatusEntry,
	statusResponse,
} from './wire.js';

/**
 * The generate calls by path: frames, references and extend ride the text call's envelope
 * (docs/protocol-labs.md §3.5; ExtendVideo as public file 51819811741 sends it).
 */
const generatePaths: Record<string, VideoInput> = {
	'/v1/video:batchAsyncGenerateVideoText': 'text',
	'/v1/video:batchAsyncGenerateVideoStartImage': 'start',
	'/v1/video:batchAsyncGenerateVideoStartAndEndImage': 'start-end',
	'/v1/video:batchAsyncGenerateVideoReferenceImages': 'references',
	'/v1/video:batchAsyncGenerateVideoExtendVideo': 'extend',
};

export async function handleApi(world: World, ctx: Ctx): Promise<void> {
	const method = ctx.req.method;
	const path = ctx.url.pathname;
	const input = Object.hasOwn(generatePaths, path) ? generatePaths[path] : undefined;
	let result: Awaited<ReturnType<typeof generate>>;
	if (path === '/v1/credits' && method === 'GET') result = credits(world, ctx);
	else if (input !== undefined && method === 'POST') result = await generate(world, ctx, input);
	else if (path === '/v1/video:batchCheckAsyncVideoGenerationStatus' && method === 'POST') {
		result = await status(world, ctx);
	} else if (path === '/v1/video:batchAsyncGenerateVideoUpsampleVideo' && method === 'POST') {
		result = await upscale(world, ctx);
	} else if (path === '/v1/flow/uploadImage' && method === 'POST') result = await uploadImage(world, ctx);
	else result = googleError(404, 'NOT_FOUND', 'Method not found.');
	if (isError(result)) return sendGoogleError(ctx, result);
	send(ctx, 200, 'application/json; charset=UTF-8', JSON.stringify(result.body), {server: 'ESF'});
}

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

/**
 * `jwpduf` (status) and `as29s` (media URL) on the flow.google.com stand-in (docs/protocol-flow.md
 * §2): another account's media is a plain NOT_FOUND, as on the labs side.
 */

import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import type {MediaState} from '../shared/media.js';
import {noteCrossAccount, signedUrlFor, videoSizeOf, type World} from '../shared/world.js';
import {urlHeldBack} from './call-faults.js';
import {dig, isString} from './payload.js';
import {record, statusPayload} from './records.js';
import {answer, type RpcAnswer} from './rpc-answer.js';
import {codeEntry, dataEntry} from './wire.js';
import {posterUrl} from './world.js';

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

export function status(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
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
			videoBytes: videoSizeOf(world, media.name),
		}),
	);
	// Captured: the balance is null while the job runs and given once it is done.
	const running = states.some((state) => state === 'PENDING' || state === 'ACTIVE');
	return answer(dataEntry(rpc, statusPayload(records, running ? undefined : account.credits)));
}

export function mediaUrl(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
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
	const videoBytes = videoSizeOf(world, media.name);
	return answer(dataEntry(rpc, record(media, {status: state, urls, videoBytes})));
}

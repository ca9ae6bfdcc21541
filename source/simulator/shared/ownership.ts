/**
 * Whose inputs a call may name, on both origins: an uploaded image of the calling account in the
 * call's project (frames, references), or a finished video of it there (a clip to extend or upscale).
 * Anything else is refused as the foreign project is, "not found" (the list "What a faithful fake
 * server must reproduce" in docs/protocol-labs.md, item 3); an id of another account is also recorded
 * as a cross-account attempt, so a test can prove no call ever named one.
 */
import type {AccountState} from './accounts.js';
import type {Ctx} from './http-util.js';
import type {MediaState} from './media.js';
import {noteCrossAccount, type World} from './world.js';

/** The owner of an id, image or video, if the simulator knows it. */
const ownerOf = (world: World, id: string): string | undefined =>
	(world.state.image(id) ?? world.state.media(id))?.account;

function noteForeign(world: World, ctx: Ctx, account: AccountState, id: string): void {
	const owner = ownerOf(world, id);
	if (owner !== undefined && owner !== account.name) noteCrossAccount(world, ctx);
}

/**
 * True when every id is an image this account uploaded into this project. Every id is looked at, so
 * a foreign one is recorded even after an unknown one.
 */
export function ownImages(
	world: World,
	ctx: Ctx,
	account: AccountState,
	projectId: string,
	ids: readonly string[],
): boolean {
	let own = true;
	for (const id of ids) {
		noteForeign(world, ctx, account, id);
		const image = world.state.image(id);
		if (image === undefined || image.account !== account.name || image.projectId !== projectId) own = false;
	}
	return own;
}

/**
 * The clip, when it is a video of this account in this project that has finished (SUCCESSFUL): a clip
 * still generating or failed has nothing to extend or upscale (a GUESS that the server says "not
 * found" for it too; no capture shows that refusal).
 */
export function ownFinishedVideo(
	world: World,
	ctx: Ctx,
	account: AccountState,
	projectId: string,
	id: string,
): MediaState | undefined {
	noteForeign(world, ctx, account, id);
	const media = world.state.media(id);
	if (media === undefined || media.account !== account.name || media.projectId !== projectId)
		return undefined;
	return world.state.status(media) === 'SUCCESSFUL' ? media : undefined;
}

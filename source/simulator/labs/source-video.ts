/**
 * The clip an extend or upscale call names (docs/protocol-labs.md §3.5): `videoInput: {mediaId}` in
 * each request item, the media name of a finished video. gflow_cli (public file 59502325489) and ADR-009
 * (public file 54743507128) add the frame window to extend from; flowdeck sends the minimal form of
 * public file 51819811741, and both are read.
 */
import type {AccountState} from '../shared/accounts.js';
import {type GoogleError, notFound} from '../shared/google-error.js';
import {type Ctx, isRecord} from '../shared/http-util.js';
import type {MediaState} from '../shared/media.js';
import {ownFinishedVideo} from '../shared/ownership.js';
import type {World} from '../shared/world.js';
import type {Schema} from './proto-schema.js';

export const videoInputField: Schema = {
	fields: {mediaId: 'scalar', startFrameIndex: 'scalar', endFrameIndex: 'scalar'},
};

/** The clip's name; undefined when the item names none (a bad request). */
export function readSourceId(request: Record<string, unknown>): string | undefined {
	const input = request.videoInput;
	const id = isRecord(input) ? input.mediaId : undefined;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The clips, each a finished video of this account in this project (shared/ownership.ts), else "not
 * found". Every id is looked at, so a foreign one is recorded even after an unknown one.
 */
export function checkSourceVideos(
	world: World,
	ctx: Ctx,
	account: AccountState,
	projectId: string,
	ids: readonly string[],
): MediaState[] | GoogleError {
	const found = ids.map((id) => ownFinishedVideo(world, ctx, account, projectId, id));
	const own = found.filter((media): media is MediaState => media !== undefined);
	return own.length === ids.length ? own : notFound();
}

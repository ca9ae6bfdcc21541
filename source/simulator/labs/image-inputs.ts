/**
 * The images a frames or references call names (docs/protocol-labs.md §3.5): `startImage` and
 * `endImage` as `{mediaId}` (the UI adds `cropCoordinates`), `referenceImages` as
 * `[{mediaId, imageUsageType}]`, one to three of them. Each must be an image the calling account
 * uploaded into the call's project; anything else is "not found", as a foreign project is (the list
 * "What a faithful fake server must reproduce", item 3).
 */
import type {AccountState} from '../shared/accounts.js';
import type {ModelInput} from '../shared/catalog.js';
import {type GoogleError, notFound} from '../shared/google-error.js';
import {type Ctx, isRecord} from '../shared/http-util.js';
import {ownImages} from '../shared/ownership.js';
import type {World} from '../shared/world.js';
import type {Schema} from './proto-schema.js';

/**
 * The calls on the generate envelope with a prompt per item (generate-route.ts). The upsample call
 * has no prompt and answers one media named after its clip: it has a route of its own (upscale-route.ts).
 */
export type VideoInput = Exclude<ModelInput, 'upscale'>;

const frame: Schema = {fields: {mediaId: 'scalar', cropCoordinates: 'scalar'}};
const reference: Schema = {fields: {mediaId: 'scalar', imageUsageType: 'scalar'}};

/**
 * The fields each call adds to a `requests[]` item. A field of another call is an unknown field
 * (a GUESS: no capture shows a start frame sent to the text call, or an end frame to StartImage).
 */
export const imageFields: Record<VideoInput, Record<string, Schema>> = {
	text: {},
	start: {startImage: frame},
	'start-end': {startImage: frame, endImage: frame},
	references: {referenceImages: {items: reference}},
	// The clip to extend is not an image: source-video.ts reads it.
	extend: {},
};

/** "Up to 3" in the public tools that send references (FK-fork; F2A). */
const maxReferences = 3;

const mediaIdOf = (value: unknown): string | undefined =>
	isRecord(value) && typeof value.mediaId === 'string' && value.mediaId !== '' ? value.mediaId : undefined;

/** An enum in proto JSON is its name; the capture shows more than one usage type, so any name is taken. */
const isUsageType = (value: unknown): boolean =>
	value === undefined || (typeof value === 'string' && value.startsWith('IMAGE_USAGE_TYPE_'));

/**
 * The ids one request item names, in the order start, end, references; undefined when an input the
 * call needs is missing or malformed (FK-fork: an r2v key without referenceImages gives 400).
 */
export function readImageIds(request: Record<string, unknown>, input: VideoInput): string[] | undefined {
	if (input === 'text' || input === 'extend') return [];
	if (input === 'references') {
		const list = request.referenceImages;
		if (!Array.isArray(list) || list.length === 0 || list.length > maxReferences) return undefined;
		const ids: string[] = [];
		for (const entry of list) {
			const id = mediaIdOf(entry);
			if (id === undefined || !isRecord(entry) || !isUsageType(entry.imageUsageType)) return undefined;
			ids.push(id);
		}
		// The same image twice is a bad request (docs/protocol-labs.md §6.1, "duplicate references").
		return new Set(ids).size === ids.length ? ids : undefined;
	}
	const start = mediaIdOf(request.startImage);
	if (start === undefined) return undefined;
	if (input === 'start') return [start];
	const end = mediaIdOf(request.endImage);
	return end === undefined ? undefined : [start, end];
}

/** Every id must be an image of this account in this project (shared/ownership.ts), else "not found". */
export function checkImages(
	world: World,
	ctx: Ctx,
	account: AccountState,
	projectId: string,
	ids: readonly string[],
): GoogleError | undefined {
	return ownImages(world, ctx, account, projectId, ids) ? undefined : notFound();
}

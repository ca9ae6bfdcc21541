/**
 * The flow.google.com submits that name uploaded images (maseQ, upload.ts): `MZZa6b` from references,
 * `eb1hJf` from a start frame and `nprQif` from a start and an end frame. Each rides generate.ts's
 * path; only where its item keeps the key and the image ids differs. Every id must be an image of the
 * caller in the call's project, else the NOT_FOUND a foreign media gets.
 */
import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import {readItem, type SubmitKind, submit} from './generate.js';
import {dig, isString} from './payload.js';
import type {RpcAnswer} from './rpc-answer.js';

/** "Up to 3" in the public tools that send references (FK-fork; F2A), as on the labs side. */
const maxReferences = 3;

/** A frame slot `[null, <image id>, null, null, null, crop]`: the id at 1 (FK-ext `video_request`). */
const frameId = (item: unknown, at: number): string | undefined => {
	const id = dig(item, at, 1);
	return isString(id) ? id : undefined;
};

/**
 * `[prompt, [[null, <id>], …], key, aspect, null, metadata]`, captured
 * (test/fixtures/wire/flow/2026-09-25_MZZa6b_veo_3_1_r2v_fast_portrait.request-body.decoded.txt).
 */
const references: SubmitKind = {
	rpc: 'MZZa6b',
	input: 'references',
	mode: 'references',
	readItem(item) {
		const list = dig(item, 1);
		if (!Array.isArray(list) || list.length === 0 || list.length > maxReferences) return undefined;
		const ids = list.map((entry) => dig(entry, 1));
		if (!ids.every(isString) || new Set(ids).size !== ids.length) return undefined;
		return readItem(item, 2, ids);
	},
};

/**
 * `[prompt, key, aspect, null, [null, <start>, …, crop], metadata]` (FK-ext `video_request`, public file
 * 68427272937; BOQ-ops `generate_video_frame`, 67377772598). Its keys are the i2v ones without `_fl`.
 */
const startFrame: SubmitKind = {
	rpc: 'eb1hJf',
	input: 'start',
	mode: 'frames',
	readItem(item) {
		const start = frameId(item, 4);
		return start === undefined ? undefined : readItem(item, 1, [start]);
	},
};

/**
 * `[prompt, key, aspect, null, [null, <start>, …], [null, <end>, …], metadata]` (FK-ext
 * `interpolation_request`; Go test, public file 70140686582: start at [4][1], end at [5][1]). Its keys
 * are the `_fl` (first-last) ones.
 */
const startEndFrames: SubmitKind = {
	rpc: 'nprQif',
	input: 'start-end',
	mode: 'frames',
	readItem(item) {
		const start = frameId(item, 4);
		const end = frameId(item, 5);
		return start === undefined || end === undefined ? undefined : readItem(item, 1, [start, end]);
	},
};

const handler =
	(kind: SubmitKind) =>
	(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer =>
		submit(world, ctx, account, payload, kind);

export const fromReferences = handler(references);
export const fromStartFrame = handler(startFrame);
export const fromStartAndEndFrames = handler(startEndFrames);

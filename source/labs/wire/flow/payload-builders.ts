/**
 * The inner payloads of the flow.google.com RPCs flowdeck sends. Positional JSPB arrays, as every
 * capture shows them (docs/wire-captures.md; the captured bytes are in test/fixtures/wire/flow). Their
 * answers are read in wire/flow/payload-answers.ts and wire/flow/payload-status.ts. Pure: no I/O.
 */
import {randomUUID} from 'node:crypto';
import {FlowError} from '../../errors/index.js';
import type {GenerateRequest} from '../../types.js';
import {flowGenerateMode, generateItem, rpcOfMode} from './generate-items.js';
import {flowAspect, flowModelKey, flowSurfaceId} from './models.js';

const maxCopies = 4;

/** The trace slot's second value in every capture since 2026-09-24. */
const traceMark = 2;

/** Client UUIDs are upper case, as the page sends them (FB). */
export const clientUuid = (): string => randomUUID().toUpperCase();

/**
 * `ctx` of a captcha-carrying call (a generate, an upload): project at 5, the reCAPTCHA pair at 10
 * (GF#642 found it at $[1][10][0]; FK-ext and F2A-cur put an upload's there too).
 */
export function generateContext(projectId: string, captchaToken: string): unknown[] {
	return [null, flowSurfaceId, null, null, null, projectId, null, null, null, null, [captchaToken, 1]];
}

/** `nzlxg`: no arguments (EL, F2A-cur). */
export const buildCreditsPayload = (): unknown[] => [];

/** `jHPbke` (FK-ext, F2A-cur). */
export function buildCreateProjectPayload(title: string): unknown[] {
	return ['projects/*', [null, [title]], [null, flowSurfaceId]];
}

export type GeneratePayloadInput = {
	request: GenerateRequest;
	projectId: string;
	captchaToken: string;
	/** Test hook: fixed UUIDs instead of random ones. */
	uuid?: () => string;
};

/**
 * A generate call, as `YhhmEf` (text) and `MZZa6b` (references) were captured on 2026-09-24/25:
 * `[[item, …], ctx, ["<batch UUID>", 2]]`, one item per copy (wire/flow/generate-items.ts). `eb1hJf`
 * (start frame) and `nprQif` (start and end frame) take the same envelope (FK-ext, Go `flowBatchArgs`;
 * docs/protocol-flow.md §2). The trace slot's second value is 2 in every capture since 2026-09-24 (1
 * in an older one). Its UUID is the batch id the project contents list beside the media, so a submit
 * whose answer was lost can be found (the request's `batchId`). There is no count field: copies
 * repeat the item (a GUESS for video, FB does it for images), and no seed slot.
 */
export function buildGeneratePayload(input: GeneratePayloadInput): unknown[] {
	const {request} = input;
	const copies = request.copies;
	if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies) {
		throw badRequest(`copies must be a whole number from 1 to ${maxCopies} (got ${copies})`);
	}
	const mode = flowGenerateMode(request);
	const uuid = input.uuid ?? clientUuid;
	const key = flowModelKey(request.model);
	const aspect = flowAspect(request.aspect);
	const items = Array.from({length: copies}, () =>
		generateItem(mode, request, key, aspect, [uuid(), uuid()]),
	);
	const batchId = request.batchId ?? uuid();
	return [items, generateContext(input.projectId, input.captchaToken), [batchId, traceMark]];
}

/** The RPC that makes the request's kind of video (YhhmEf, MZZa6b, eb1hJf or nprQif). */
export const generateRpcOf = (request: GenerateRequest): string => rpcOfMode[flowGenerateMode(request)];

const badRequest = (message: string) => new FlowError('protocol', message, {code: 'BAD_REQUEST'});

/** `jwpduf`: `[null, null, [["<mediaId>"], …]]` as captured; one inner list per media (a GUESS for more than one). */
export function buildStatusPayload(names: string[]): unknown[] {
	return [null, null, names.map((name) => [name])];
}

/** `as29s`: `["<mediaId>"]` as captured. */
export const buildMediaUrlPayload = (name: string): unknown[] => [name];

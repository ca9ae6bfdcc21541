/**
 * Reads generate, upscale and status bodies the way a proto JSON parser would (proto-schema.ts): a
 * field the message does not declare is an error (docs/protocol-labs.md §3.2). Each generate call
 * declares the text-to-video item plus its own inputs (image-inputs.ts, source-video.ts, §3.5); the
 * upscale item has no prompt but a resolution (FK-fork `upscale_video`, public file 67192489897).
 */
import {randomInt, randomUUID} from 'node:crypto';
import {type GoogleError, invalidArgument} from '../shared/google-error.js';
import {isRecord} from '../shared/http-util.js';
import {imageFields, readImageIds, type VideoInput} from './image-inputs.js';
import {findUnknownField, type Schema} from './proto-schema.js';
import {readSourceId, videoInputField} from './source-video.js';

const part: Schema = {fields: {text: 'scalar', reference: 'scalar'}};
// `workflowId`: FK-fork's upscale and public file 51819811741's extend put the clip's workflow there.
const metadata: Schema = {fields: {sceneId: 'scalar', workflowId: 'scalar'}};
const videoRequestFields: Record<string, Schema | 'scalar'> = {
	aspectRatio: 'scalar',
	seed: 'scalar',
	videoModelKey: 'scalar',
	textInput: {fields: {structuredPrompt: {fields: {parts: {items: part}}}}},
	metadata,
	outputSpec: {fields: {resolution: 'scalar'}},
};
const upscaleRequestFields: Record<string, Schema | 'scalar'> = {
	aspectRatio: 'scalar',
	resolution: 'scalar',
	seed: 'scalar',
	videoModelKey: 'scalar',
	metadata,
	videoInput: videoInputField,
};
const envelope = (requestFields: Record<string, Schema | 'scalar'>): Schema => ({
	fields: {
		clientContext: {
			fields: {
				projectId: 'scalar',
				tool: 'scalar',
				userPaygateTier: 'scalar',
				sessionId: 'scalar',
				// The 2025 field is still declared; sending only it leaves recaptchaContext empty (→ 403).
				recaptchaToken: 'scalar',
				recaptchaContext: {fields: {token: 'scalar', applicationType: 'scalar'}},
			},
		},
		mediaGenerationContext: {
			fields: {
				batchId: 'scalar',
				audioFailurePreference: 'scalar',
				// gflow_cli's captured extend and ADR-009 place the new clip in a scene (public file 59502325489).
				sceneContext: {fields: {sceneId: 'scalar', position: 'scalar'}},
			},
		},
		requests: {items: {fields: requestFields}},
		useV2ModelConfig: 'scalar',
	},
});
const generateBody = (input: VideoInput): Schema =>
	envelope({
		...videoRequestFields,
		...imageFields[input],
		...(input === 'extend' ? {videoInput: videoInputField} : {}),
	});
const upscaleBody = envelope(upscaleRequestFields);

const statusBody: Schema = {
	fields: {
		media: {items: {fields: {name: 'scalar', projectId: 'scalar'}}},
		clientContext: 'scalar',
	},
};

const legacyStatusBody: Schema = {
	fields: {
		operations: {
			items: {
				fields: {
					operation: {fields: {name: 'scalar'}},
					sceneId: 'scalar',
					status: 'scalar',
					mediaGenerationId: 'scalar',
				},
			},
		},
		clientContext: 'scalar',
	},
};

export type VideoItem = {
	prompt: string;
	model: string;
	aspectRatio: string;
	seed: number;
	/** The uploaded images the item names (image-inputs.ts); empty for text. */
	imageIds: string[];
	/** The clip an extend item continues (source-video.ts); undefined for the other calls. */
	sourceId: string | undefined;
};

/** What every call on the envelope carries besides its items. */
type CallContext = {projectId: string; captchaToken: string | undefined; batchId: string};

export type GenerateCall = CallContext & {items: VideoItem[]};

export type UpscaleItem = {
	model: string;
	aspectRatio: string;
	resolution: string;
	seed: number;
	sourceId: string;
};

export type UpscaleCall = CallContext & {item: UpscaleItem};

/** The most requests[] one call may carry: the UI offers x1-x4 (GUESS that the server enforces it). */
const maxCopies = 4;

/** The envelope checked against its schema, and its context; the requests are left to the caller. */
function readEnvelope(body: unknown, schema: Schema): (CallContext & {requests: unknown[]}) | GoogleError {
	if (!isRecord(body)) return invalidArgument('Invalid JSON payload received.');
	const unknown = findUnknownField(body, schema);
	if (unknown) return unknown;
	const context = isRecord(body.clientContext) ? body.clientContext : {};
	const projectId = context.projectId;
	if (typeof projectId !== 'string' || projectId === '') return invalidArgument();
	const captcha = isRecord(context.recaptchaContext) ? context.recaptchaContext.token : undefined;
	const requests = body.requests;
	if (!Array.isArray(requests) || requests.length === 0) return invalidArgument();
	const generationContext = isRecord(body.mediaGenerationContext) ? body.mediaGenerationContext : {};
	return {
		projectId,
		captchaToken: typeof captcha === 'string' && captcha !== '' ? captcha : undefined,
		batchId: typeof generationContext.batchId === 'string' ? generationContext.batchId : randomUUID(),
		requests,
	};
}

export function parseGenerateBody(body: unknown, input: VideoInput): GenerateCall | GoogleError {
	const call = readEnvelope(body, generateBody(input));
	if (isGoogleError(call)) return call;
	const {requests, ...context} = call;
	if (requests.length > maxCopies) return invalidArgument();
	const items: VideoItem[] = [];
	for (const request of requests) {
		const item = parseItem(request, input);
		if (!item) return invalidArgument();
		items.push(item);
	}
	return {...context, items};
}

/**
 * One item, as FK-fork and flowdeck send it: a call upscales one clip (a GUESS that more are refused;
 * every public client sends one).
 */
export function parseUpscaleBody(body: unknown): UpscaleCall | GoogleError {
	const call = readEnvelope(body, upscaleBody);
	if (isGoogleError(call)) return call;
	const {requests, ...context} = call;
	const [request] = requests;
	if (requests.length !== 1 || !isRecord(request)) return invalidArgument();
	const {aspectRatio, videoModelKey, resolution} = request;
	const seed = readSeed(request.seed);
	const sourceId = readSourceId(request);
	if (typeof aspectRatio !== 'string' || typeof videoModelKey !== 'string' || typeof resolution !== 'string')
		return invalidArgument();
	if (seed === undefined || sourceId === undefined) return invalidArgument();
	return {...context, item: {model: videoModelKey, aspectRatio, resolution, seed, sourceId}};
}

const isGoogleError = (value: object): value is GoogleError => 'httpStatus' in value;

/** A whole number from 0, or a drawn one when absent; undefined when malformed. */
function readSeed(seed: unknown): number | undefined {
	if (seed === undefined) return randomInt(0, 2 ** 31 - 1);
	return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 ? seed : undefined;
}

function parseItem(request: unknown, input: VideoInput): VideoItem | undefined {
	if (!isRecord(request)) return undefined;
	const {aspectRatio, videoModelKey} = request;
	const seed = readSeed(request.seed);
	if (typeof aspectRatio !== 'string' || typeof videoModelKey !== 'string' || seed === undefined)
		return undefined;
	const textInput = isRecord(request.textInput) ? request.textInput : {};
	const structured = isRecord(textInput.structuredPrompt) ? textInput.structuredPrompt : {};
	const parts = Array.isArray(structured.parts) ? structured.parts : [];
	const texts = parts.flatMap((p) => (isRecord(p) && typeof p.text === 'string' ? [p.text] : []));
	const prompt = texts.join('');
	if (prompt.trim() === '') return undefined;
	const imageIds = readImageIds(request, input);
	if (imageIds === undefined) return undefined;
	const sourceId = input === 'extend' ? readSourceId(request) : undefined;
	if (input === 'extend' && sourceId === undefined) return undefined;
	return {prompt, model: videoModelKey, aspectRatio, seed, imageIds, sourceId};
}

export type StatusItem = {name: string; projectId: string | undefined};

/**
 * `{media:[{name, projectId}]}`; the 2025 `{operations:[…]}` body is refused (§4.2) unless the simulator
 * plays the legacy contract, where it is the normal body and items carry no projectId.
 */
export function parseStatusBody(body: unknown, legacy: boolean): StatusItem[] | GoogleError {
	if (!isRecord(body)) return invalidArgument('Invalid JSON payload received.');
	if (legacy && body.operations !== undefined) {
		const unknown = findUnknownField(body, legacyStatusBody);
		if (unknown) return unknown;
		const operations = body.operations;
		if (!Array.isArray(operations) || operations.length === 0) return invalidArgument();
		const items: StatusItem[] = [];
		for (const entry of operations) {
			const name = isRecord(entry) && isRecord(entry.operation) ? entry.operation.name : undefined;
			if (typeof name !== 'string' || name === '') return invalidArgument();
			items.push({name, projectId: undefined});
		}
		return items;
	}
	const unknown = findUnknownField(body, statusBody);
	if (unknown) return unknown;
	const media = body.media;
	if (!Array.isArray(media) || media.length === 0) return invalidArgument();
	const items: StatusItem[] = [];
	for (const entry of media) {
		if (!isRecord(entry)) return invalidArgument();
		const {name, projectId} = entry;
		if (typeof name !== 'string' || name === '' || typeof projectId !== 'string' || projectId === '') {
			return invalidArgument();
		}
		items.push({name, projectId});
	}
	return items;
}

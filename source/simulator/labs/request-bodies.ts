/**
 * Reads generate and status bodies the way a proto JSON parser would: a field the message does not
 * declare is an error (that is how `videoLengthSeconds` and the 2025 `textInput.prompt` fail, §3.2).
 */
import {randomInt, randomUUID} from 'node:crypto';
import {type GoogleError, invalidArgument, unknownFieldError} from '../shared/google-error.js';
import {isRecord} from '../shared/http-util.js';

type Schema = {fields: Record<string, Schema | 'scalar'>} | {items: Schema};

const part: Schema = {fields: {text: 'scalar', reference: 'scalar'}};
const videoRequest: Schema = {
	fields: {
		aspectRatio: 'scalar',
		seed: 'scalar',
		videoModelKey: 'scalar',
		textInput: {fields: {structuredPrompt: {fields: {parts: {items: part}}}}},
		metadata: {fields: {sceneId: 'scalar'}},
		outputSpec: {fields: {resolution: 'scalar'}},
	},
};
const generateBody: Schema = {
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
		mediaGenerationContext: {fields: {batchId: 'scalar', audioFailurePreference: 'scalar'}},
		requests: {items: videoRequest},
		useV2ModelConfig: 'scalar',
	},
};

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

/** The first field the schema does not declare, as Google words it; undefined when all are known. */
function findUnknownField(value: unknown, schema: Schema, at = ''): GoogleError | undefined {
	if ('items' in schema) {
		if (!Array.isArray(value))
			return value === undefined ? undefined : invalidArgument(`Invalid value at '${at}'`);
		for (const [index, item] of value.entries()) {
			const error = findUnknownField(item, schema.items, `${at}[${index}]`);
			if (error) return error;
		}
		return undefined;
	}
	if (value === undefined || value === null) return undefined;
	if (!isRecord(value)) return invalidArgument(`Invalid value at '${at}'`);
	for (const [key, child] of Object.entries(value)) {
		const childSchema = schema.fields[key];
		if (childSchema === undefined) return unknownFieldError(key, at);
		if (childSchema === 'scalar') continue;
		const error = findUnknownField(child, childSchema, at ? `${at}.${key}` : key);
		if (error) return error;
	}
	return undefined;
}

export type VideoItem = {prompt: string; model: string; aspectRatio: string; seed: number};

export type GenerateCall = {
	projectId: string;
	captchaToken: string | undefined;
	batchId: string;
	items: VideoItem[];
};

/** The most requests[] one call may carry: the UI offers x1-x4 (GUESS that the server enforces it). */
const maxCopies = 4;

export function parseGenerateBody(body: unknown): GenerateCall | GoogleError {
	if (!isRecord(body)) return invalidArgument('Invalid JSON payload received.');
	const unknown = findUnknownField(body, generateBody);
	if (unknown) return unknown;
	const context = isRecord(body.clientContext) ? body.clientContext : {};
	const projectId = context.projectId;
	if (typeof projectId !== 'string' || projectId === '') return invalidArgument();
	const captcha = isRecord(context.recaptchaContext) ? context.recaptchaContext.token : undefined;
	const requests = body.requests;
	if (!Array.isArray(requests) || requests.length === 0 || requests.length > maxCopies)
		return invalidArgument();
	const items: VideoItem[] = [];
	for (const request of requests) {
		const item = parseItem(request);
		if (!item) return invalidArgument();
		items.push(item);
	}
	const generationContext = isRecord(body.mediaGenerationContext) ? body.mediaGenerationContext : {};
	return {
		projectId,
		captchaToken: typeof captcha === 'string' && captcha !== '' ? captcha : undefined,
		batchId: typeof generationContext.batchId === 'string' ? generationContext.batchId : randomUUID(),
		items,
	};
}

function parseItem(request: unknown): VideoItem | undefined {
	if (!isRecord(request)) return undefined;
	const {aspectRatio, videoModelKey, seed} = request;
	if (typeof aspectRatio !== 'string' || typeof videoModelKey !== 'string') return undefined;
	if (seed !== undefined && !(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0))
		return undefined;
	const textInput = isRecord(request.textInput) ? request.textInput : {};
	const structured = isRecord(textInput.structuredPrompt) ? textInput.structuredPrompt : {};
	const parts = Array.isArray(structured.parts) ? structured.parts : [];
	const texts = parts.flatMap((p) => (isRecord(p) && typeof p.text === 'string' ? [p.text] : []));
	const prompt = texts.join('');
	if (prompt.trim() === '') return undefined;
	return {prompt, model: videoModelKey, aspectRatio, seed: seed ?? randomInt(0, 2 ** 31 - 1)};
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

/**
 * The labs REST generate calls that make a video from images or continue a clip
 * (docs/protocol-labs.md §3.5): a start frame, a start and an end frame, reference images, or a clip
 * to extend. Each is the text-to-video body of §3.2 with the images (or the clip) added to every item
 * of `requests`, sent to an endpoint of its own. Pure: no I/O.
 */

import type {VideoMode} from '../../mode-models.js';
import {requestMode} from '../../request-mode.js';
import type {GenerateRequest} from '../../types.js';
import {
	buildGenerateBody,
	type GenerateBody,
	type GenerateBodyInput,
	type GenerateRequestItem,
} from './protocol-builders.js';

/** What a generate call makes its video from; each has its own endpoint and model keys. */
export type LabsGenerateMode = VideoMode;

type MediaId = {mediaId: string};

export type ReferenceImage = MediaId & {imageUsageType: 'IMAGE_USAGE_TYPE_ASSET'};

/** An item of `requests` with the images (or the clip) of its mode; a text item carries none. */
export type ModeRequestItem = GenerateRequestItem & {
	startImage?: MediaId;
	endImage?: MediaId;
	referenceImages?: ReferenceImage[];
	/** The clip an extend continues, by its media name. */
	videoInput?: MediaId;
};

export type ModeGenerateBody = Omit<GenerateBody, 'requests'> & {requests: ModeRequestItem[]};

/** The mode of a request: on this wire every mode has its endpoint (docs/protocol-labs.md §3.5). */
export const labsGenerateMode = (request: GenerateRequest): LabsGenerateMode => requestMode(request);

/**
 * The images (or the clip) every item of `requests` carries (docs/protocol-labs.md §3.5); none for
 * text. An extend names its clip as `videoInput: {mediaId}` and nothing else: the minimal variant of
 * public file 51819811741; gflow_cli (public file 59502325489) and an ADR (public file 54743507128)
 * add frame indexes and a `sceneContext` that flowdeck does not keep.
 */
function imagesOf(request: GenerateRequest): Omit<ModeRequestItem, keyof GenerateRequestItem> {
	const {startImage, endImage, references, extend} = request;
	return {
		...(extend === undefined ? {} : {videoInput: {mediaId: extend.name}}),
		...(startImage === undefined ? {} : {startImage: {mediaId: startImage}}),
		...(endImage === undefined ? {} : {endImage: {mediaId: endImage}}),
		...(references === undefined
			? {}
			: {
					referenceImages: references.map((mediaId) => ({
						mediaId,
						imageUsageType: 'IMAGE_USAGE_TYPE_ASSET' as const,
					})),
				}),
	};
}

/**
 * The body of a generate call in the request's mode, and that mode (which names the endpoint,
 * `generatePaths` in protocol.ts). `videoModelKey` is the request's model: the caller picks the key
 * of the mode (source/labs/mode-models.ts). An extend sends one item per copy, as text does, each
 * naming the clip.
 */
export function buildModeGenerateBody(input: GenerateBodyInput): {
	mode: LabsGenerateMode;
	body: ModeGenerateBody;
} {
	const mode = labsGenerateMode(input.request);
	const body: ModeGenerateBody = buildGenerateBody(input);
	const images = imagesOf(input.request);
	return {mode, body: {...body, requests: body.requests.map((item) => ({...item, ...images}))}};
}

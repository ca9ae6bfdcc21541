/**
 * JSON the API origin answers with, shaped after the captures in docs/protocol-labs.md §3.4 (generate),
 * §4.2 (status, 2026) and §4.1 (status, 2025).
 */
import {failureReasonFor} from '../shared/catalog.js';
import type {GenerationStatus, MediaState} from '../shared/media.js';
import type {ResponseShape, SimGenerateMode} from '../types.js';

const statusName = (status: GenerationStatus) => `MEDIA_GENERATION_STATUS_${status}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** i2v and r2v media say SCHEDULED where text-to-video says PENDING (§4.3; the r2v capture in §3.4). */
const mediaStatusName = (media: MediaState, status: GenerationStatus) =>
	status === 'PENDING' && media.mode !== 'text' ? 'MEDIA_GENERATION_STATUS_SCHEDULED' : statusName(status);

/** REFERENCE_TO_VIDEO is captured (§3.4); the other image modes are GUESSes, no capture shows them. */
const generationMode: Record<SimGenerateMode, string> = {
	text: 'VIDEO_GENERATION_MODE_TEXT_TO_VIDEO',
	frames: 'VIDEO_GENERATION_MODE_IMAGE_TO_VIDEO',
	references: 'VIDEO_GENERATION_MODE_REFERENCE_TO_VIDEO',
	extend: 'VIDEO_GENERATION_MODE_EXTEND_VIDEO',
	upscale: 'VIDEO_GENERATION_MODE_UPSAMPLE_VIDEO',
};

function generatedVideo(media: MediaState) {
	return {
		seed: media.seed,
		prompt: media.prompt,
		model: media.model,
		baseImageMediaGenerationId: '',
		isLooped: false,
		aspectRatio: media.aspectRatio,
	};
}

function mediaStatus(media: MediaState, status: GenerationStatus) {
	if (status !== 'FAILED') return {mediaGenerationStatus: mediaStatusName(media, status)};
	const code = media.failureCode ?? 'PUBLIC_ERROR_SOMETHING_WENT_WRONG';
	return {
		mediaGenerationStatus: statusName(status),
		error: {code: 3, message: code},
		failureReasons: [failureReasonFor(code)],
	};
}

function mediaMetadata(media: MediaState, status: GenerationStatus) {
	return {
		createTime: iso(media.createdAt),
		mediaTitle: `<root>${media.prompt.slice(0, 60)}</root>`,
		requestData: {
			videoGenerationRequestData: {
				videoModelControlInput: {
					videoModelName: media.model,
					videoGenerationMode: generationMode[media.mode],
					videoAspectRatio: media.aspectRatio,
				},
			},
			promptInputs: [{structuredPrompt: {parts: [{text: media.prompt}]}}],
			clientPlatform: 'CLIENT_PLATFORM_WEB',
		},
		mediaStatus: mediaStatus(media, status),
		visibility: status === 'FAILED' ? 'FILTERED' : 'PRIVATE',
	};
}

function mediaItem(media: MediaState, status: GenerationStatus) {
	const started = status !== 'PENDING';
	return {
		name: media.name,
		projectId: media.projectId,
		workflowId: media.workflowId,
		workflowStepId: 'CAE',
		mediaMetadata: mediaMetadata(media, status),
		video: {
			generatedVideo: generatedVideo(media),
			dimensions: {},
			// The operation handle shows up once generation has started (GF samples/README.md).
			...(started ? {operation: {name: media.name}} : {}),
		},
	};
}

export function generateResponse(created: MediaState[], remainingCredits: number, shape: ResponseShape) {
	const operations = created.map((media) => ({
		operation: {name: media.name},
		sceneId: '',
		status: statusName('PENDING'),
	}));
	const workflows = created.map((media) => ({
		name: media.workflowId,
		projectId: media.projectId,
		metadata: {
			displayName: media.prompt.slice(0, 60),
			createTime: iso(media.createdAt),
			updateTime: iso(media.createdAt),
			primaryMediaId: media.name,
			batchId: media.batchId,
		},
	}));
	const media = created.map((item) => mediaItem(item, 'PENDING'));
	if (shape === 'operations-only') return {operations, remainingCredits};
	if (shape === 'media-only') return {remainingCredits, workflows, media};
	return {operations, remainingCredits, workflows, media};
}

export type StatusEntry = {media: MediaState; status: GenerationStatus};

/** A polled name the account cannot see: unknown, another account's, or not in the project sent with it. */
export type NotFoundEntry = {notFound: string};

export const isNotFound = (entry: StatusEntry | NotFoundEntry): entry is NotFoundEntry => 'notFound' in entry;

/**
 * Shape taken from test/fixtures/wire/labs/
 * batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json:
 * only the name the client sent comes back (no projectId, workflow or video), because the server has
 * nothing else of that media to show this account.
 */
function notFoundItem(name: string) {
	return {
		name,
		mediaMetadata: {
			mediaStatus: {
				mediaGenerationStatus: statusName('FAILED'),
				error: {message: 'Media not found.'},
				failureReasons: ['Media not found.'],
			},
		},
	};
}

export function statusResponse(entries: Array<StatusEntry | NotFoundEntry>, remainingCredits: number) {
	const media = entries.map((entry) =>
		isNotFound(entry) ? notFoundItem(entry.notFound) : mediaItem(entry.media, entry.status),
	);
	return {remainingCredits, media};
}

/** The 2025 contract: operations that carry a signed fifeUrl once SUCCESSFUL. */
export function legacyStatusResponse(
	entries: StatusEntry[],
	remainingCredits: number,
	fifeUrlFor: (media: MediaState) => string,
) {
	const operations = entries.map(({media, status}) => {
		const operation: Record<string, unknown> = {name: media.name};
		if (status === 'SUCCESSFUL') {
			operation.metadata = {
				'@type': 'type.googleapis.com/google.internal.labs.aisandbox.v1.Media',
				name: media.name,
				video: {...generatedVideo(media), mediaGenerationId: media.name, fifeUrl: fifeUrlFor(media)},
			};
		}
		if (status === 'FAILED') operation.error = {code: 3, message: media.failureCode};
		return {
			operation,
			sceneId: '',
			...(status === 'SUCCESSFUL' ? {mediaGenerationId: media.name} : {}),
			status: statusName(status),
		};
	});
	return {operations, remainingCredits};
}

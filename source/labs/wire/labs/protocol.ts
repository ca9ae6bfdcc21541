/**
 * The labs REST contract (LABS_PROTOCOL.md): request builders for the 2026 shapes flowdeck sends, and
 * tolerant parsers for every answer shape seen in public captures (2025 and 2026). Pure: no I/O.
 * Anything a parser cannot read becomes a FlowError, never a TypeError and never a half-filled value.
 */

import type {LabsGenerateMode} from './protocol-modes.js';

export {maxReferences} from '../../request-mode.js';
export type {
	CreateProjectBody,
	GenerateBody,
	GenerateBodyInput,
	GenerateRequestItem,
	StatusBody,
	WireAspect,
} from './protocol-builders.js';
export {
	aspectToWire,
	buildCreateProjectBody,
	buildGenerateBody,
	buildStatusBody,
	newSessionId,
} from './protocol-builders.js';
export type {LabsGenerateMode, ModeGenerateBody, ModeRequestItem, ReferenceImage} from './protocol-modes.js';
export {buildModeGenerateBody, labsGenerateMode} from './protocol-modes.js';
export {parseRedirectLocation} from './protocol-redirect.js';
export type {SessionInfo} from './protocol-session.js';
export {parseCreateProject, parseCredits, parseSession} from './protocol-session.js';
export {mapGenerationStatus, parseGenerateResponse, parseStatusResponse} from './protocol-status.js';

// ---------------------------------------------------------------------------------------------------
// Paths and constants
// ---------------------------------------------------------------------------------------------------

/** Routes on the labs.google origin (session cookie auth). */
export const labsPaths = {
	session: '/fx/api/auth/session',
	createProject: '/fx/api/trpc/project.createProject',
	mediaRedirect: (name: string): string =>
		'/fx/api/trpc/media.getMediaUrlRedirect?name=' + encodeURIComponent(name),
	flowTool: '/fx/tools/flow',
	/** The page solvers mint the reCAPTCHA token on (LABS_PROTOCOL.md §1.3). */
	projectPage: (projectId: string): string => `/fx/tools/flow/project/${encodeURIComponent(projectId)}`,
} as const;

/** Routes on the aisandbox API origin (bearer auth). */
export const apiPaths = {
	credits: '/v1/credits',
	generate: '/v1/video:batchAsyncGenerateVideoText',
	// The three image modes (docs/protocol-labs.md §3.5).
	generateStartImage: '/v1/video:batchAsyncGenerateVideoStartImage',
	generateStartAndEndImage: '/v1/video:batchAsyncGenerateVideoStartAndEndImage',
	generateReferenceImages: '/v1/video:batchAsyncGenerateVideoReferenceImages',
	/** A clip continued (docs/protocol-labs.md §3.5; public file 51819811741). */
	generateExtend: '/v1/video:batchAsyncGenerateVideoExtendVideo',
	upscale: '/v1/video:batchAsyncGenerateVideoUpsampleVideo',
	status: '/v1/video:batchCheckAsyncVideoGenerationStatus',
	upload: '/v1/flow/uploadImage',
} as const;

/** The endpoint a generate call of each mode goes to. */
export const generatePaths: Readonly<Record<LabsGenerateMode, string>> = {
	text: apiPaths.generate,
	frames: apiPaths.generateStartImage,
	'frames-last': apiPaths.generateStartAndEndImage,
	references: apiPaths.generateReferenceImages,
	extend: apiPaths.generateExtend,
};

export const sessionCookieName = '__Secure-next-auth.session-token';

/** The reCAPTCHA action a video generate call is minted for (F2A, FK-fork; sources disagree). */
export const captchaActionVideo = 'VIDEO_GENERATION';

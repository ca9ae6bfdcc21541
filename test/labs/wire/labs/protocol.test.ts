import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {GenerateRequest} from '../../../../source/labs/types.js';
import {
	apiPaths,
	aspectToWire,
	buildCreateProjectBody,
	buildGenerateBody,
	buildStatusBody,
	captchaActionVideo,
	labsPaths,
	mapGenerationStatus,
	newSessionId,
	parseCreateProject,
	parseCredits,
	parseGenerateResponse,
	parseRedirectLocation,
	parseSession,
	parseStatusResponse,
	sessionCookieName,
} from '../../../../source/labs/wire/labs/protocol.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

const fixture = (name: string): unknown =>
	JSON.parse(readFileSync(new URL(`../../../fixtures/labs/${name}`, import.meta.url), 'utf8'));

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';
const otherProject = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const media1 = '6f1c2a9e-0b7d-4c8e-9a51-2d3e4f5a6b7c';
const media2 = '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';

const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
	prompt: 'a red fox in the snow',
	model: 'veo_3_1_t2v_fast',
	aspect: '16:9',
	copies: 1,
	...overrides,
});

const generateInput = (overrides: Partial<GenerateRequest> = {}, seeds?: number[]) => ({
	request: request(overrides),
	projectId: project,
	tier: 'PAYGATE_TIER_ONE',
	captchaToken: '0cAFcWeTestToken',
	sessionId: ';1778280998293',
	batchId: 'batch-1',
	...(seeds ? {seeds} : {}),
});

describe('constants and paths', () => {
	it('names the labs and API routes', () => {
		expect(labsPaths.session).toBe('/fx/api/auth/session');
		expect(labsPaths.createProject).toBe('/fx/api/trpc/project.createProject');
		expect(labsPaths.flowTool).toBe('/fx/tools/flow');
		expect(labsPaths.mediaRedirect('a b/c')).toBe('/fx/api/trpc/media.getMediaUrlRedirect?name=a%20b%2Fc');
		expect(apiPaths).toEqual({
			credits: '/v1/credits',
			generate: '/v1/video:batchAsyncGenerateVideoText',
			generateStartImage: '/v1/video:batchAsyncGenerateVideoStartImage',
			generateStartAndEndImage: '/v1/video:batchAsyncGenerateVideoStartAndEndImage',
			generateReferenceImages: '/v1/video:batchAsyncGenerateVideoReferenceImages',
			generateExtend: '/v1/video:batchAsyncGenerateVideoExtendVideo',
			upscale: '/v1/video:batchAsyncGenerateVideoUpsampleVideo',
			status: '/v1/video:batchCheckAsyncVideoGenerationStatus',
			upload: '/v1/flow/uploadImage',
		});
		expect(sessionCookieName).toBe('__Secure-next-auth.session-token');
		expect(captchaActionVideo).toBe('VIDEO_GENERATION');
	});

	it('makes a session id of a semicolon and epoch ms', () => {
		expect(newSessionId(1778280998293)).toBe(';1778280998293');
		expect(newSessionId()).toMatch(/^;\d{13}$/);
	});
});

describe('builders', () => {
	it('maps aspects to the wire enum', () => {
		expect(aspectToWire('16:9')).toBe('VIDEO_ASPECT_RATIO_LANDSCAPE');
		expect(aspectToWire('9:16')).toBe('VIDEO_ASPECT_RATIO_PORTRAIT');
	});

	it('builds the exact 2026 generate body', () => {
		const body = buildGenerateBody(
			generateInput({aspect: '9:16', model: 'veo_3_1_t2v_fast_portrait'}, [17066]),
		);
		expect(body).toEqual({
			mediaGenerationContext: {batchId: 'batch-1', audioFailurePreference: 'BLOCK_SILENCED_VIDEOS'},
			clientContext: {
				projectId: project,
				tool: 'PINHOLE',
				userPaygateTier: 'PAYGATE_TIER_ONE',
				sessionId: ';1778280998293',
				recaptchaContext: {token: '0cAFcWeTestToken', applicationType: 'RECAPTCHA_APPLICATION_TYPE_WEB'},
			},
			requests: [
				{
					aspectRatio: 'VIDEO_ASPECT_RATIO_PORTRAIT',
					seed: 17066,
					textInput: {structuredPrompt: {parts: [{text: 'a red fox in the snow'}]}},
					videoModelKey: 'veo_3_1_t2v_fast_portrait',
					metadata: {},
				},
			],
			useV2ModelConfig: true,
		});
	});

	it('never sends textInput.prompt nor a duration field', () => {
		const body = buildGenerateBody(generateInput({copies: 2}));
		const wire = JSON.stringify(body);
		expect(wire).not.toContain('"prompt"');
		expect(wire).not.toMatch(/videoLengthSeconds|duration/i);
		expect(Object.keys(body).sort()).toEqual([
			'clientContext',
			'mediaGenerationContext',
			'requests',
			'useV2ModelConfig',
		]);
		for (const item of body.requests) {
			expect(Object.keys(item).sort()).toEqual([
				'aspectRatio',
				'metadata',
				'seed',
				'textInput',
				'videoModelKey',
			]);
			expect(Object.keys(item.textInput)).toEqual(['structuredPrompt']);
		}
		expect(Object.keys(body.clientContext)).not.toContain('recaptchaToken');
	});

	it('sends one request per copy, with seed+i when a seed is given', () => {
		const body = buildGenerateBody(generateInput({copies: 3, seed: 41}));
		expect(body.requests).toHaveLength(3);
		expect(body.requests.map((item) => item.seed)).toEqual([41, 42, 43]);
	});

	it('uses the given seeds, then random distinct ones in 1..99999', () => {
		expect(buildGenerateBody(generateInput({copies: 2}, [7, 9])).requests.map((item) => item.seed)).toEqual([
			7, 9,
		]);
		for (let round = 0; round < 50; round++) {
			const seeds = buildGenerateBody(generateInput({copies: 4})).requests.map((item) => item.seed);
			expect(new Set(seeds).size).toBe(4);
			for (const seed of seeds) {
				expect(Number.isInteger(seed)).toBe(true);
				expect(seed).toBeGreaterThanOrEqual(1);
				expect(seed).toBeLessThanOrEqual(99_999);
			}
		}
	});

	it('refuses a copy count the wire cannot carry', () => {
		for (const copies of [0, 5, 1.5, Number.NaN]) {
			expect(flowErrorOf(() => buildGenerateBody(generateInput({copies}))).message).toContain('copies');
		}
	});

	it('builds the status and create-project bodies', () => {
		const extra = {name: media1, projectId: project, state: 'active'};
		expect(buildStatusBody([extra, {name: media2, projectId: otherProject}])).toEqual({
			media: [
				{name: media1, projectId: project},
				{name: media2, projectId: otherProject},
			],
		});
		expect(buildCreateProjectBody('flowdeck run')).toEqual({
			json: {projectTitle: 'flowdeck run', toolName: 'PINHOLE'},
		});
	});
});

describe('parseSession', () => {
	it('reads the plain next-auth answer', () => {
		expect(parseSession(fixture('session.json'))).toEqual({
			accessToken: 'ya29.a0AfakeTokenForTestsOnly_0123456789',
			expiresAt: Date.parse('2026-06-07T10:16:38.293Z'),
			user: {email: 'test.user@example.com', name: 'Test User'},
		});
	});

	it('reads the tRPC-wrapped answer', () => {
		expect(parseSession(fixture('session-trpc.json'))).toEqual({
			accessToken: 'ya29.a0AtrpcFakeTokenForTests',
			expiresAt: Date.parse('2026-06-07T11:00:00.000Z'),
			user: {email: 'trpc.user@example.com', name: 'Trpc User'},
		});
		expect(parseSession({result: {data: {json: {access_token: 'ya29.snake'}}}})).toEqual({
			accessToken: 'ya29.snake',
		});
	});

	it('leaves out an unreadable expiry', () => {
		expect(parseSession({access_token: 'ya29.x', expires: 'soon'})).toEqual({accessToken: 'ya29.x'});
	});

	it('reports an empty session as a migrated account', () => {
		const error = flowErrorOf(() => parseSession({}));
		expect(error.kind).toBe('auth');
		expect(error.code).toBe('ACCOUNT_MIGRATED');
		expect(error.message).toBe(
			'Flow moved this account to flow.google.com (not supported by this transport)',
		);
	});

	it('reports a session without a token as an expired cookie', () => {
		for (const body of [
			{user: {email: 'a@b.c'}, expires: '2026-06-07T10:16:38.293Z'},
			{expires: '2026-06-07T10:16:38.293Z'},
			{user: {}, access_token: ''},
			{result: {data: {json: null}}},
			{result: {data: {json: {user: {}}}}},
		]) {
			const error = flowErrorOf(() => parseSession(body));
			expect(error.kind).toBe('auth');
			expect(error.code).toBe('NO_ACCESS_TOKEN');
			expect(error.message).toBe('session cookie expired or invalid (no access token)');
		}
	});

	it('turns garbage into protocol errors with an excerpt', () => {
		for (const [body, shown] of [
			[null, 'null'],
			[42, '42'],
			['x', '"x"'],
			[[], '[]'],
			[{media: 'nope'}, '{"media":"nope"}'],
			[{access_token: {deep: [1]}}, '{"access_token":{"deep":[1]}}'],
		] as const) {
			const error = flowErrorOf(() => parseSession(body));
			expect(error.kind).toBe('protocol');
			expect(error.message).toContain('session: unexpected answer: ');
			expect(error.message).toContain(shown);
		}
	});
});

describe('parseCredits', () => {
	it('reads credits, tier and service tier', () => {
		expect(parseCredits(fixture('credits.json'))).toEqual({
			credits: 1000,
			tier: 'PAYGATE_TIER_ONE',
			serviceTier: 'SERVICE_TIER_INTERMEDIATE',
		});
	});

	it('accepts numeric strings and defaults the tier', () => {
		expect(parseCredits({credits: '250'})).toEqual({credits: 250, tier: 'PAYGATE_TIER_NOT_PAID'});
	});

	it('reads a missing balance beside a tier as zero (proto3 drops zero values)', () => {
		expect(parseCredits({userPaygateTier: 'PAYGATE_TIER_TWO'})).toEqual({
			credits: 0,
			tier: 'PAYGATE_TIER_TWO',
		});
	});

	it('turns garbage into protocol errors', () => {
		for (const body of [null, 42, 'x', [], {}, {credits: 'lots'}, {credits: {n: 1}}, {credits: Number.NaN}]) {
			const error = flowErrorOf(() => parseCredits(body));
			expect(error.kind).toBe('protocol');
			expect(error.message).toMatch(/^credits: unexpected answer: \S/);
		}
	});
});

describe('parseCreateProject', () => {
	it('reads the tRPC-wrapped project id', () => {
		expect(parseCreateProject(fixture('create-project.json'))).toBe(project);
	});

	it('tolerates the flatter shapes', () => {
		expect(parseCreateProject({result: {data: {json: {projectId: otherProject}}}})).toBe(otherProject);
		expect(parseCreateProject({json: {result: {projectId: otherProject}}})).toBe(otherProject);
	});

	it('classifies a failure carried inside a 200', () => {
		const denied = flowErrorOf(() =>
			parseCreateProject({result: {data: {json: {status: 403, statusText: 'Forbidden'}}}}),
		);
		expect(denied.kind).toBe('auth');
		expect(denied.httpStatus).toBe(403);
		const overloaded = flowErrorOf(() =>
			parseCreateProject({
				result: {
					data: {json: {status: 503, error: {code: 503, message: 'The service is currently unavailable.'}}},
				},
			}),
		);
		expect(overloaded.kind).toBe('transient');
		expect(overloaded.message).toBe('HTTP 503 UNAVAILABLE: The service is currently unavailable.');
		const quota = flowErrorOf(() =>
			parseCreateProject({
				json: {error: {code: 429, message: 'x', details: [{reason: 'PUBLIC_ERROR_USER_QUOTA_REACHED'}]}},
			}),
		);
		expect(quota.kind).toBe('quota');
		expect(quota.httpStatus).toBe(429);
	});

	it('classifies a tRPC error envelope', () => {
		const error = flowErrorOf(() =>
			parseCreateProject({error: {json: {message: 'UNAUTHORIZED', data: {httpStatus: 401}}}}),
		);
		expect(error.kind).toBe('auth');
		expect(error.httpStatus).toBe(401);
	});

	it('turns garbage into protocol errors', () => {
		for (const body of [
			null,
			42,
			'x',
			[],
			{},
			{result: {data: {json: {result: {projectId: 7}}}}},
			{json: []},
		]) {
			const error = flowErrorOf(() => parseCreateProject(body));
			expect(error.kind).toBe('protocol');
			expect(error.message).toContain('create project: unexpected answer: ');
		}
	});
});

describe('parseGenerateResponse', () => {
	it('reads the full 2026 answer (operations + workflows + media)', () => {
		expect(parseGenerateResponse(fixture('generate-2026-full.json'), otherProject)).toEqual({
			media: [
				{name: media1, projectId: project},
				{name: media2, projectId: project},
			],
			remainingCredits: 300,
		});
	});

	it('reads the 2025 operations-only answer', () => {
		expect(parseGenerateResponse(fixture('generate-2025-operations-only.json'), project)).toEqual({
			media: [{name: '895377fb0691f831b227b996abfdd366', projectId: project}],
			remainingCredits: 900,
		});
	});

	it('reads a media-only answer, falling back to the given project', () => {
		expect(parseGenerateResponse(fixture('generate-media-only.json'), otherProject)).toEqual({
			media: [
				{name: media1, projectId: project},
				{name: media2, projectId: otherProject},
			],
		});
	});

	it('lets media names win over differently named operations', () => {
		const body = {
			operations: [{operation: {name: 'op-1'}}, {operation: {name: 'op-2'}}, {operation: {name: 'op-3'}}],
			media: [{name: 'm-1'}, {name: 'm-2'}],
			remainingCredits: '40',
		};
		expect(parseGenerateResponse(body, project)).toEqual({
			media: [
				{name: 'm-1', projectId: project},
				{name: 'm-2', projectId: project},
				{name: 'op-3', projectId: project},
			],
			remainingCredits: 40,
		});
	});

	it('turns garbage into protocol errors with an excerpt', () => {
		for (const body of [
			null,
			42,
			'x',
			[],
			{},
			{media: 'nope'},
			{media: [{}]},
			{media: [null]},
			{media: [], operations: []},
			{operations: [{operation: {name: {deep: ['x']}}}]},
			{operations: 'x', media: [{name: 'a'}]},
		]) {
			const error = flowErrorOf(() => parseGenerateResponse(body, project));
			expect(error.kind).toBe('protocol');
			expect(error.message).toMatch(/^generate: unexpected answer: \S/);
		}
	});
});

describe('mapGenerationStatus', () => {
	it('maps every known status, with or without the prefix', () => {
		const table: Record<string, string> = {
			MEDIA_GENERATION_STATUS_PENDING: 'pending',
			SCHEDULED: 'pending',
			MEDIA_GENERATION_STATUS_UNSPECIFIED: 'pending',
			QUEUED: 'pending',
			MEDIA_GENERATION_STATUS_ACTIVE: 'active',
			IN_PROGRESS: 'active',
			RUNNING: 'active',
			PROCESSING: 'active',
			MEDIA_GENERATION_STATUS_SUCCESSFUL: 'succeeded',
			SUCCEEDED: 'succeeded',
			SUCCESS: 'succeeded',
			COMPLETE: 'succeeded',
			MEDIA_GENERATION_STATUS_COMPLETED: 'succeeded',
			MEDIA_GENERATION_STATUS_FAILED: 'failed',
			CANCELED: 'failed',
			CANCELLED: 'failed',
			ERROR: 'failed',
			MEDIA_GENERATION_STATUS_ERROR_INTERNAL: 'failed',
		};
		for (const [wire, state] of Object.entries(table))
			expect([wire, mapGenerationStatus(wire)]).toEqual([wire, state]);
	});

	it('rejects anything else', () => {
		for (const wire of ['WEIRD', '', 'MEDIA_GENERATION_STATUS_', 'SUCCESSFULLY_NOT']) {
			const error = flowErrorOf(() => mapGenerationStatus(wire));
			expect(error.kind).toBe('protocol');
			expect(error.message).toContain('unexpected answer');
		}
	});
});

describe('parseStatusResponse', () => {
	it('reads active and pending 2026 items', () => {
		expect(parseStatusResponse(fixture('status-2026-active.json'))).toEqual({
			media: [
				{name: media1, projectId: project, state: 'active'},
				{name: media2, projectId: project, state: 'pending'},
			],
			remainingCredits: 300,
		});
	});

	it('reads successful 2026 items (no URL on the wire)', () => {
		expect(parseStatusResponse(fixture('status-2026-successful.json'))).toEqual({
			media: [
				{name: media1, projectId: project, state: 'succeeded'},
				{name: media2, projectId: project, state: 'succeeded'},
			],
			remainingCredits: 260,
		});
	});

	it('reads a failed 2026 item with its PUBLIC_ERROR code', () => {
		expect(parseStatusResponse(fixture('status-2026-failed.json'))).toEqual({
			media: [
				{name: media1, projectId: project, state: 'failed', failureCode: 'PUBLIC_ERROR_IP_INPUT_IMAGE'},
			],
			remainingCredits: 300,
		});
	});

	it('reads the 2025 success with its fifeUrl', () => {
		expect(parseStatusResponse(fixture('status-2025-successful-fifeurl.json'), project)).toEqual({
			media: [
				{
					name: 'db3c5e7f9a1b3c5d7e9f1a3b5c7d9e1f',
					projectId: project,
					state: 'succeeded',
					url: 'https://storage.googleapis.com/ai-sandbox-videofx/video/2f0d1a3e-4b5c-4d6e-8f7a-9b0c1d2e3f4a?GoogleAccessId=labs-ai-sandbox-videoserver-prod@system.gserviceaccount.com&Expires=1761300000&Signature=abc%2Bdef',
				},
			],
			remainingCredits: 920,
		});
	});

	it('reads the 2025 audio failure; without a fallback the project id is empty', () => {
		expect(parseStatusResponse(fixture('status-2025-failed-audio.json'))).toEqual({
			media: [
				{
					name: '895377fb0691f831b227b996abfdd366',
					projectId: '',
					state: 'failed',
					failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED',
				},
			],
		});
	});

	it('picks the PUBLIC_ERROR token wherever it is, else the message, else UNKNOWN', () => {
		const failed = (mediaStatus: Record<string, unknown>) =>
			parseStatusResponse({
				media: [
					{
						name: 'a',
						projectId: project,
						mediaMetadata: {
							mediaStatus: {mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_FAILED', ...mediaStatus},
						},
					},
				],
			}).media[0]?.failureCode;
		expect(
			failed({error: {message: 'PUBLIC_ERROR_UNSAFE_GENERATION: Request contains an invalid argument.'}}),
		).toBe('PUBLIC_ERROR_UNSAFE_GENERATION');
		expect(failed({error: {message: 'filtered'}, failureReasons: ['PUBLIC_ERROR_MINOR']})).toBe(
			'PUBLIC_ERROR_MINOR',
		);
		expect(failed({error: {message: 'Internal error'}, failureReasons: ['X']})).toBe('Internal error');
		expect(failed({failureReasons: ['AUDIO_GENERATION_FILTERED']})).toBe('AUDIO_GENERATION_FILTERED');
		expect(failed({error: {code: 13}})).toBe('UNKNOWN');
		expect(failed({error: 'nonsense', failureReasons: 'nope'})).toBe('UNKNOWN');
	});

	it('keeps a fifeUrl on a new-shape item and ignores non-http ones', () => {
		const item = (video: unknown) => ({
			name: 'a',
			mediaMetadata: {mediaStatus: {mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_SUCCESSFUL'}},
			video,
		});
		expect(
			parseStatusResponse(
				{media: [item({fifeUrl: 'https://flow-content.google/video/a?Expires=1'})]},
				project,
			),
		).toEqual({
			media: [
				{
					name: 'a',
					projectId: project,
					state: 'succeeded',
					url: 'https://flow-content.google/video/a?Expires=1',
				},
			],
		});
		expect(parseStatusResponse({media: [item({fifeUrl: 'javascript:alert(1)'})]}, project).media[0]).toEqual({
			name: 'a',
			projectId: project,
			state: 'succeeded',
		});
	});

	it('accepts an empty list', () => {
		expect(parseStatusResponse({media: []})).toEqual({media: []});
	});

	it('turns garbage into protocol errors with an excerpt, never a TypeError', () => {
		const cases: Array<[unknown, string]> = [
			[null, 'null'],
			[42, '42'],
			['x', '"x"'],
			[[], '[]'],
			[{}, '{}'],
			[{media: 'nope'}, '"nope"'],
			[{media: [{}]}, '{}'],
			[{media: [null]}, 'null'],
			[{media: [{name: 'a', mediaMetadata: {mediaStatus: {mediaGenerationStatus: 'WEIRD'}}}]}, 'WEIRD'],
			[
				{media: [{name: 'a', mediaMetadata: {mediaStatus: {mediaGenerationStatus: 3}}}]},
				'"mediaGenerationStatus":3',
			],
			[{media: [{name: 'a', mediaMetadata: 'x'}]}, '"mediaMetadata":"x"'],
			[{media: [{name: ['a'], mediaMetadata: {mediaStatus: {}}}]}, '"name":["a"]'],
			[{operations: [{operation: {name: 'a'}}]}, '"operation":{"name":"a"}'],
			[{operations: [{operation: {name: 'a'}, status: {deep: {deeper: []}}}]}, '"deeper":[]'],
			[{operations: [{operation: null, status: 'MEDIA_GENERATION_STATUS_ACTIVE'}]}, '"operation":null'],
		];
		for (const [body, shown] of cases) {
			const error = flowErrorOf(() => parseStatusResponse(body, project));
			expect(error.kind).toBe('protocol');
			expect(error.message).toContain('status: unexpected answer: ');
			expect(error.message).toContain(shown);
		}
	});
});

describe('parseRedirectLocation', () => {
	const signed = 'https://flow-content.google/video/abc?Expires=1&KeyName=k&Signature=s';

	it('returns the Location of any redirect', () => {
		for (const status of [301, 302, 303, 307, 308])
			expect(parseRedirectLocation(status, signed)).toBe(signed);
		expect(parseRedirectLocation(307, '/video/abc?Expires=1')).toBe('/video/abc?Expires=1');
	});

	it('rejects a redirect without a usable Location', () => {
		expect(flowErrorOf(() => parseRedirectLocation(307, undefined)).kind).toBe('protocol');
		expect(flowErrorOf(() => parseRedirectLocation(302, '  ')).kind).toBe('protocol');
		expect(flowErrorOf(() => parseRedirectLocation(302, 'javascript:alert(1)')).kind).toBe('protocol');
	});

	it('reads "No session found" and login pages as a rejected cookie', () => {
		for (const [contentType, body] of [
			['text/plain', 'No session found'],
			['text/html; charset=utf-8', '<!doctype html><title>Sign in</title>'],
			[undefined, '  <html></html>'],
		] as const) {
			const error = flowErrorOf(() => parseRedirectLocation(200, null, contentType, body));
			expect(error.kind).toBe('auth');
			expect(error.message).toBe('session cookie rejected when resolving the media URL');
		}
	});

	it('reads other 200s as protocol errors', () => {
		const error = flowErrorOf(() => parseRedirectLocation(200, null, 'application/json', '{"ok":true}'));
		expect(error.kind).toBe('protocol');
		expect(error.message).toBe('media URL: unexpected answer: {"ok":true} (HTTP 200 instead of a redirect)');
	});

	it('classifies failures', () => {
		const missing = flowErrorOf(() => parseRedirectLocation(404, null, 'text/plain', 'Not Found'));
		expect(missing.kind).toBe('not-found');
		expect(missing.httpStatus).toBe(404);
		expect(flowErrorOf(() => parseRedirectLocation(401, null, 'text/plain', 'No session found')).kind).toBe(
			'auth',
		);
		expect(flowErrorOf(() => parseRedirectLocation(502, null, 'text/html', '<html></html>')).kind).toBe(
			'transient',
		);
	});
});

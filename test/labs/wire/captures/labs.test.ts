/**
 * The real labs REST captures in test/fixtures/wire/labs/ (provenance in SOURCES.md there), read by
 * flowdeck's own readers, builders and error classifier. Each assertion is what a person reading the
 * capture sees in it, so a reader that drifts from the wire fails here rather than against Google.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {classifyHttpError} from '../../../../source/labs/errors/index.js';
import {modelForAspect, modelInfo} from '../../../../source/labs/models.js';
import {
	buildCreateProjectBody,
	buildGenerateBody,
	buildStatusBody,
	parseGenerateResponse,
	parseStatusResponse,
} from '../../../../source/labs/wire/labs/protocol.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk wire JSON whose shape is the thing under test
type Json = Record<string, any>;

const dir = new URL('../../../fixtures/wire/labs/', import.meta.url);
const raw = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const capture = (name: string): Json => JSON.parse(raw(name)) as Json;

const notFoundFile =
	'batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json';
const fox = 'b834294a-0e9a-4dd3-b2ff-f6cfdeb30550';
const foxProject = '15e493d2-6465-4a3d-956f-a11c18d41e96';

const statusReads: Record<string, Json> = {
	[notFoundFile]: {
		remainingCredits: 1050,
		// No projectId on the wire: the caller's fallback fills it.
		media: [{name: '<REDACTED_PII>', projectId: 'fallback', state: 'not-found'}],
	},
	'batchCheckAsyncVideoGenerationStatus_response_media_successful_2026-08.flowgraph.curated.json': {
		remainingCredits: 1038,
		media: [{name: fox, projectId: foxProject, state: 'succeeded'}],
	},
	'batchCheckAsyncVideoGenerationStatus_response_media_successful_2026-08.flowgraph.annotated.json': {
		remainingCredits: 1038,
		media: [{name: fox, projectId: foxProject, state: 'succeeded'}],
	},
	'batchCheckAsyncVideoGenerationStatus_response_operations_active_2025-10.gyga.json': {
		media: [{name: 'd7c7627359c37b6c5c1b0baf4948831f', projectId: 'fallback', state: 'active'}],
	},
};

/** File → [kind, code] a reader of the capture expects. */
const errorReads: Record<string, [string, string]> = {
	'error_400_FAILED_PRECONDITION_PUBLIC_ERROR_MEDIA_GENERATION_CANNOT_BE_CANCELED.flowgraph.json': [
		'protocol',
		'PUBLIC_ERROR_MEDIA_GENERATION_CANNOT_BE_CANCELED',
	],
	'error_400_INVALID_ARGUMENT_BadRequest-fieldViolations.flowgraph.json': ['protocol', 'INVALID_ARGUMENT'],
	'error_400_INVALID_ARGUMENT_media-get_wrapped-by-flow-agent.flow-agent-issue-4.json': [
		'protocol',
		'INVALID_ARGUMENT',
	],
	'error_403_PERMISSION_DENIED_PUBLIC_ERROR_SOMETHING_WENT_WRONG.flow2api-issue-68.json': [
		'captcha',
		'PUBLIC_ERROR_SOMETHING_WENT_WRONG',
	],
	'error_403_PERMISSION_DENIED_PUBLIC_ERROR_UNUSUAL_ACTIVITY.flow-agent-issue-1.json': [
		'captcha',
		'PUBLIC_ERROR_UNUSUAL_ACTIVITY',
	],
	'error_403_PERMISSION_DENIED_recaptcha_no-details.flow2api-issue-19.json': ['captcha', 'PERMISSION_DENIED'],
	'error_429_RESOURCE_EXHAUSTED_PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC.flow-agent-issue-1.json': [
		'throttle',
		'PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC',
	],
	'error_500_INTERNAL.flowkit-issue-8.json': ['transient', 'INTERNAL'],
};

const operationsSuccess =
	'batchCheckAsyncVideoGenerationStatus_response_operations_successful_2025-10.gyga.json';
const exchange = 'batchAsyncGenerateVideoText_exchange_2026-05-08.gflow-cli.json';
const r2vSubmit =
	'batchAsyncGenerateVideoReferenceImages_response_scheduled_2026-08.flowgraph.annotated.json';
const oldRequest = 'batchAsyncGenerateVideoText_request_2025-10_old-shape.gyga-curl.json';
const noCaptchaRequest = 'batchAsyncGenerateVideoText_request_2026-08_no-recaptcha.flowgraph.json';

describe('labs status captures', () => {
	it('has a reading for every status, submit and error capture in the folder', () => {
		const covered = new Set([
			...Object.keys(statusReads),
			...Object.keys(errorReads),
			operationsSuccess,
			exchange,
			r2vSubmit,
			oldRequest,
			noCaptchaRequest,
		]);
		const files = readdirSync(dir).filter(
			(name) =>
				name.startsWith('error_') ||
				name.startsWith('batchAsyncGenerate') ||
				name.startsWith('batchCheckAsyncVideoGenerationStatus_response'),
		);
		expect(files.filter((name) => !covered.has(name))).toEqual([]);
	});

	it.each(Object.entries(statusReads))('reads %s', (file, expected) => {
		expect(parseStatusResponse(capture(file), 'fallback')).toEqual(expected);
	});

	it('reads "Media not found." as not-found for that media only, never a render failure', () => {
		const gone = capture(notFoundFile).media[0] as Json;
		const done = capture(
			'batchCheckAsyncVideoGenerationStatus_response_media_successful_2026-08.flowgraph.curated.json',
		).media[0] as Json;
		const result = parseStatusResponse({remainingCredits: 1050, media: [done, gone]});
		expect(result.media.map((item) => [item.name, item.state])).toEqual([
			[fox, 'succeeded'],
			['<REDACTED_PII>', 'not-found'],
		]);
		expect(result.media[1]?.failureCode).toBeUndefined();
		// The same words with other spacing, case or no period; either field alone is enough.
		const said = (error: Json | undefined, failureReasons: string[] | undefined) =>
			parseStatusResponse({
				media: [
					{
						name: 'm',
						mediaMetadata: {
							mediaStatus: {mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_FAILED', error, failureReasons},
						},
					},
				],
			}).media[0];
		expect(said({message: '  media NOT found '}, undefined)?.state).toBe('not-found');
		expect(said(undefined, ['Media not found.'])?.state).toBe('not-found');
		expect(said({message: 'Media not found in cache'}, undefined)).toMatchObject({
			state: 'failed',
			failureCode: 'Media not found in cache',
		});
	});

	it('reads the 2025 SUCCESSFUL operation with its signed fifeUrl and credits', () => {
		const result = parseStatusResponse(capture(operationsSuccess));
		expect(result.remainingCredits).toBe(920);
		expect(result.media).toHaveLength(1);
		const item = result.media[0]!;
		expect(item).toMatchObject({name: 'db3c2bde968b81655c1b0baf4948831f', projectId: '', state: 'succeeded'});
		const url = new URL(item.url ?? '');
		expect(url.origin + url.pathname).toBe(
			'https://storage.googleapis.com/ai-sandbox-videofx/video/2638ca1f-c7fe-408e-851e-2643bd8a6848',
		);
		expect(url.searchParams.get('Expires')).toBe('1760184851');
		expect(url.searchParams.get('Signature')).toMatch(/^x+$/);
	});
});

describe('labs submit captures', () => {
	it('reads the 2026 exchange reply: one media (operation of the same name), its project, credits', () => {
		const reply = capture(exchange).response_body_parsed as Json;
		expect(parseGenerateResponse(reply, 'p')).toEqual({
			media: [{name: '<UUID>', projectId: '<UUID>'}],
			remainingCredits: 300,
		});
		expect(parseStatusResponse(reply).media.map((m) => m.state)).toEqual(['pending']);
	});

	it('reads the R2V reply that has no operations[]: the media name, its project, SCHEDULED as pending', () => {
		const reply = capture(r2vSubmit);
		const media = {
			name: '1d2d1e90-a4be-4b6a-82b3-f691e787632e',
			projectId: '64d45b46-4389-4e29-8795-1f48739b93e0',
		};
		expect(parseGenerateResponse(reply, 'p')).toEqual({media: [media], remainingCredits: 737});
		expect(parseStatusResponse(reply).media).toEqual([{...media, state: 'pending'}]);
	});
});

describe('labs request captures, rebuilt by flowdeck', () => {
	it('builds the 2026-05 body of the exchange field for field (portrait key from the aspect)', () => {
		const sent = capture(exchange).request_body_parsed as Json;
		const model = modelForAspect(modelInfo('veo_3_1_t2v_fast')!, '9:16');
		expect(model).toBe('veo_3_1_t2v_fast_portrait');
		const built = buildGenerateBody({
			request: {prompt: 'test cinematic motion', model: model!, aspect: '9:16', copies: 1, seed: 17066},
			projectId: '<UUID>',
			tier: 'PAYGATE_TIER_ONE',
			captchaToken: sent.clientContext.recaptchaContext.token,
			sessionId: ';1778280998293',
			batchId: '<UUID>',
		});
		expect(built).toEqual(sent);
	});

	it('matches the 2026-08 request items; that body lacked the project, reCAPTCHA and tier flowdeck sends', () => {
		const sent = capture(noCaptchaRequest);
		const built = buildGenerateBody({
			request: {
				prompt: 'A golden retriever running in a green park',
				model: 'veo_3_1_t2v_fast',
				aspect: '16:9',
				copies: 1,
				seed: 202,
			},
			projectId: 'p',
			tier: 'PAYGATE_TIER_ONE',
			captchaToken: 't',
			sessionId: ';1',
			batchId: sent.mediaGenerationContext.batchId,
		});
		expect(built.requests).toEqual(sent.requests);
		expect(built.useV2ModelConfig).toBe(sent.useV2ModelConfig);
		// The author got a 403 for this body (SOURCES.md): these are the fields it went without.
		expect(Object.keys(sent.clientContext).sort()).toEqual(['sessionId', 'tool']);
		expect(sent.mediaGenerationContext.audioFailurePreference).toBe('AUDIO_FAILURE_PREFERENCE_UNSPECIFIED');
		expect(built.mediaGenerationContext.audioFailurePreference).toBe('BLOCK_SILENCED_VIDEOS');
	});

	it('rebuilds the OLD 2025-10 body: same model key, aspect, seed; the prompt moved to structuredPrompt', () => {
		const text = raw(oldRequest);
		// A raw LF inside the prompt string (SOURCES.md): not strict JSON.
		expect(() => JSON.parse(text)).toThrow();
		const sent = JSON.parse(text.replace(/\n/g, '\\n')) as Json;
		const old = sent.requests[0] as Json;
		const built = buildGenerateBody({
			request: {
				prompt: old.textInput.prompt,
				model: old.videoModelKey,
				aspect: '16:9',
				copies: 1,
				seed: old.seed,
			},
			projectId: sent.clientContext.projectId,
			tier: sent.clientContext.userPaygateTier,
			captchaToken: 't',
			sessionId: ';1',
			batchId: 'b',
		});
		const item = built.requests[0]!;
		expect(item.videoModelKey).toBe('veo_3_0_t2v_fast');
		expect(modelInfo(old.videoModelKey)).toBeDefined();
		expect(item.aspectRatio).toBe(old.aspectRatio);
		expect(item.seed).toBe(9307);
		expect(item.textInput).toEqual({structuredPrompt: {parts: [{text: old.textInput.prompt}]}});
		expect(item.textInput).not.toHaveProperty('prompt');
		expect(old.textInput).not.toHaveProperty('structuredPrompt');
		expect(old.metadata).toHaveProperty('sceneId');
		expect(item.metadata).toEqual({});
		expect(sent.clientContext).not.toHaveProperty('recaptchaContext');
		expect(built.clientContext).toMatchObject({
			projectId: '3afb1f80-ca7d-4b33-8318-35dd3cf0d714',
			tool: 'PINHOLE',
		});
	});

	it('builds the 2026 status body; the OLD 2025 operations body is not what flowdeck sends', () => {
		const sent = capture('batchCheckAsyncVideoGenerationStatus_request_media_2026-08.flowgraph.json');
		expect(buildStatusBody(sent.media)).toEqual(sent);
		const old = capture('batchCheckAsyncVideoGenerationStatus_request_operations_2025-10.gyga-curl.json');
		const name = old.operations[0].operation.name as string;
		expect(Object.keys(buildStatusBody([{name, projectId: 'p'}]))).toEqual(['media']);
	});

	it('builds both captured create-project bodies', () => {
		for (const file of [
			'trpc_project.createProject_request.flowgraph.json',
			'trpc_project.createProject_request.gyga-curl.json',
		]) {
			const sent = capture(file);
			expect(buildCreateProjectBody(sent.json.projectTitle)).toEqual(sent);
		}
	});
});

describe('labs error captures', () => {
	it.each(Object.entries(errorReads))('classifies %s', (file, [kind, code]) => {
		const body = capture(file);
		// flow-agent wraps Google's error as {status, data}: classify what Google sent.
		const google = (body.data ?? body) as Json;
		const status = Number(/^error_(\d{3})_/.exec(file)?.[1]);
		expect(google.error.code).toBe(status);
		const error = classifyHttpError({
			status,
			bodyText: JSON.stringify(google),
			contentType: 'application/json; charset=UTF-8',
		});
		expect([error.kind, error.code, error.httpStatus]).toEqual([kind, code, status]);
	});

	it('keeps what the field-violation and no-details captures say in the message', () => {
		const read = (file: string) =>
			classifyHttpError({status: Number(file.slice(6, 9)), bodyText: raw(file)}).message;
		expect(read('error_400_INVALID_ARGUMENT_BadRequest-fieldViolations.flowgraph.json')).toMatch(
			/^HTTP 400 INVALID_ARGUMENT: Invalid JSON payload received\. Unknown name "name" at 'requests\[0\]\.video_input'/,
		);
		expect(read('error_403_PERMISSION_DENIED_recaptcha_no-details.flow2api-issue-19.json')).toBe(
			'HTTP 403 PERMISSION_DENIED: reCAPTCHA evaluation failed',
		);
		expect(read('error_500_INTERNAL.flowkit-issue-8.json')).toBe(
			'HTTP 500 INTERNAL: Internal error encountered.',
		);
	});
});

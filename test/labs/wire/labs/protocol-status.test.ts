// How status answers and media-URL redirects are read at their edges (which state, failure code, URL
// and project each item gets, which answer is a rejected cookie), and the generate-body seeds and
// copy limits the wire accepts.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {
	buildGenerateBody,
	labsPaths,
	mapGenerationStatus,
	parseRedirectLocation,
	parseStatusResponse,
} from '../../../../source/labs/wire/labs/protocol.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

afterEach(() => vi.restoreAllMocks());

const input = (copies: number, seeds?: number[]) => ({
	request: {prompt: 'a fox', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies},
	projectId: 'p',
	tier: 'PAYGATE_TIER_ONE' as const,
	captchaToken: 't',
	sessionId: ';1',
	batchId: 'b',
	...(seeds ? {seeds} : {}),
});

describe('generate body seeds and copies', () => {
	it('names the project page the reCAPTCHA token is minted on', () => {
		expect(labsPaths.projectPage('a b/c')).toBe('/fx/tools/flow/project/a%20b%2Fc');
	});

	it('draws again when a random seed repeats, so copies differ', () => {
		vi.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValueOnce(0.5).mockReturnValueOnce(0.25);
		expect(buildGenerateBody(input(2)).requests.map((item) => item.seed)).toEqual([50_000, 25_000]);
	});

	it('sends the seeds it is given as they are', () => {
		expect(buildGenerateBody(input(3, [5, 5, 9])).requests.map((item) => item.seed)).toEqual([5, 5, 9]);
	});

	it('accepts up to four copies and says what it refuses', () => {
		expect(buildGenerateBody(input(4)).requests).toHaveLength(4);
		const error = flowErrorOf(() => buildGenerateBody(input(5)));
		expect([error.kind, error.code, error.message]).toEqual([
			'protocol',
			'BAD_REQUEST',
			'copies must be a whole number from 1 to 4 (got 5)',
		]);
	});
});

const mediaItem = (mediaStatus: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	name: 'm',
	mediaMetadata: {mediaStatus},
	...extra,
});
const readOne = (item: unknown, fallback = 'fallback') =>
	parseStatusResponse({media: [item]}, fallback).media[0];

describe('parseStatusResponse: 2026 media items', () => {
	it('reads the status beside the item as well as under mediaMetadata, and a nested generatedVideo URL', () => {
		const url = 'https://flow-content.google/video/m?Expires=1';
		expect(
			readOne({
				name: 'm',
				projectId: 'p-own',
				mediaStatus: {mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_SUCCESSFUL'},
				video: {generatedVideo: {fifeUrl: url}},
			}),
		).toStrictEqual({name: 'm', projectId: 'p-own', state: 'succeeded', url});
	});

	it('keeps http and https URLs only, and no url key when there is none', () => {
		const ok = {mediaGenerationStatus: 'SUCCESSFUL'};
		expect(readOne(mediaItem(ok, {video: {fifeUrl: 'http://127.0.0.1:9/v.mp4'}}))?.url).toBe(
			'http://127.0.0.1:9/v.mp4',
		);
		expect(readOne(mediaItem(ok, {video: {fifeUrl: 'HTTPS://CDN/v'}}))?.url).toBe('HTTPS://CDN/v');
		expect(readOne(mediaItem(ok, {video: {fifeUrl: 'blob:https://labs.google/x'}}))).toStrictEqual({
			name: 'm',
			projectId: 'fallback',
			state: 'succeeded',
		});
	});

	it('reads statuses with spaces or in lower case, and rejects the prefix anywhere but at the start', () => {
		expect(readOne(mediaItem({mediaGenerationStatus: ' media_generation_status_active '}))?.state).toBe(
			'active',
		);
		const error = flowErrorOf(() =>
			readOne(mediaItem({mediaGenerationStatus: 'ACTIVEMEDIA_GENERATION_STATUS_'})),
		);
		expect(error.message).toMatch(/\(unknown media generation status ACTIVEMEDIA_GENERATION_STATUS_\)$/);
	});

	it('reads only a failed item saying exactly "Media not found." as not-found', () => {
		expect(
			readOne(mediaItem({mediaGenerationStatus: 'FAILED', failureReasons: [' media not found ']})),
		).toStrictEqual({
			name: 'm',
			projectId: 'fallback',
			state: 'not-found',
		});
		const source = readOne(
			mediaItem({mediaGenerationStatus: 'FAILED', error: {message: 'Source media not found.'}}),
		);
		expect(source).toStrictEqual({
			name: 'm',
			projectId: 'fallback',
			state: 'failed',
			failureCode: 'Source media not found.',
		});
		expect(
			readOne(mediaItem({mediaGenerationStatus: 'ACTIVE', failureReasons: ['Media not found.']}))?.state,
		).toBe('active');
	});

	it('takes the failure code from trimmed string reasons only', () => {
		const code = (failureReasons: unknown[]) =>
			readOne(mediaItem({mediaGenerationStatus: 'FAILED', failureReasons}))?.failureCode;
		expect(code([null, 7, '  ', ' AUDIO_GENERATION_FILTERED '])).toBe('AUDIO_GENERATION_FILTERED');
		expect(code([{reason: 'PUBLIC_ERROR_MINOR'}])).toBe('UNKNOWN');
	});

	it('says what is wrong with an item', () => {
		for (const [item, detail] of [
			[{mediaMetadata: {}}, '(a media item has no name)'],
			[{name: 'm'}, '(no media generation status)'],
			[mediaItem({mediaGenerationStatus: 'WEIRD'}), '(unknown media generation status WEIRD)'],
		] as const) {
			const error = flowErrorOf(() => readOne(item));
			expect(error.message.startsWith('status: unexpected answer: {')).toBe(true);
			expect(error.message.endsWith(detail)).toBe(true);
		}
	});
});

describe('parseStatusResponse: 2025 operations and the answer', () => {
	it('reads an entry without a status but with an error as failed, with its project and reasons', () => {
		const entry = {
			operation: {name: 'op', error: {code: 3}},
			projectId: 'p-own',
			failureReasons: ['PUBLIC_ERROR_AUDIO_FILTERED'],
		};
		expect(parseStatusResponse({operations: [entry]}, 'fallback')).toStrictEqual({
			media: [{name: 'op', projectId: 'p-own', state: 'failed', failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED'}],
		});
	});

	it('refuses an entry whose status is not a string, even beside an error', () => {
		for (const entry of [
			{operation: {name: 'op', error: {code: 3}}, status: 7},
			{operation: {name: 'op'}},
			{operation: {name: 'op', error: 'x'}},
		]) {
			const error = flowErrorOf(() => parseStatusResponse({operations: [entry]}));
			expect(error.message.endsWith('(unknown or missing operation status)')).toBe(true);
		}
		expect(flowErrorOf(() => parseStatusResponse({operations: [{status: 'ACTIVE'}]})).message).toBe(
			'status: unexpected answer: {"status":"ACTIVE"} (an operation has no name)',
		);
	});

	it('lists a name once, media first, and reads null lists as absent', () => {
		const body = {
			media: [mediaItem({mediaGenerationStatus: 'ACTIVE'})],
			operations: [
				{operation: {name: 'm'}, status: 'MEDIA_GENERATION_STATUS_FAILED'},
				{operation: {name: 'op'}, status: 'PENDING'},
				{operation: {name: 'op'}, status: 'ACTIVE'},
			],
			remainingCredits: '12',
		};
		expect(parseStatusResponse(body, 'p')).toStrictEqual({
			media: [
				{name: 'm', projectId: 'p', state: 'active'},
				{name: 'op', projectId: 'p', state: 'pending'},
			],
			remainingCredits: 12,
		});
		expect(parseStatusResponse({media: null, operations: []})).toStrictEqual({media: []});
		expect(flowErrorOf(() => parseStatusResponse({media: null})).message).toBe(
			'status: unexpected answer: {"media":null} (no media list)',
		);
	});

	it('rejects a status that is not a string with a protocol error, never a TypeError', () => {
		const error = flowErrorOf(() => mapGenerationStatus(42 as unknown as string));
		expect(error.message).toBe('status: unexpected answer: 42 (unknown media generation status)');
	});
});

describe('parseRedirectLocation edges', () => {
	const signed = 'https://flow-content.google/video/abc?Signature=s';

	it('follows 300 to 399 only', () => {
		expect(parseRedirectLocation(300, signed)).toBe(signed);
		expect(parseRedirectLocation(399, ` ${signed} `)).toBe(signed);
		const error = flowErrorOf(() => parseRedirectLocation(400, signed, 'application/json', '{}'));
		expect([error.kind, error.httpStatus]).toEqual(['protocol', 400]);
	});

	it('says why a redirect is unusable', () => {
		expect(flowErrorOf(() => parseRedirectLocation(302, null, 'text/plain', 'moved')).message).toBe(
			'media URL: unexpected answer: moved (HTTP 302 without a Location)',
		);
		expect(flowErrorOf(() => parseRedirectLocation(307, 'http://[::1')).message).toBe(
			'media URL: unexpected answer: http://[::1 (HTTP 307 to an unusable Location)',
		);
	});

	it('reads a 200 as a rejected cookie by its content type alone, and says so with the status', () => {
		const error = flowErrorOf(() => parseRedirectLocation(200, null, 'text/html', 'Sign in'));
		expect([error.kind, error.code, error.httpStatus]).toEqual(['auth', 'SESSION_REJECTED', 200]);
		expect(flowErrorOf(() => parseRedirectLocation(299, null, 'TEXT/HTML', '')).httpStatus).toBe(299);
	});

	it('reads a 200 that only contains "<" or nothing as an unexpected answer', () => {
		expect(
			flowErrorOf(() => parseRedirectLocation(200, null, 'application/json', '{"a":"1 < 2"}')).kind,
		).toBe('protocol');
		expect(flowErrorOf(() => parseRedirectLocation(204, null)).message).toBe(
			'media URL: unexpected answer: (empty) (HTTP 204 instead of a redirect)',
		);
	});

	it('reads 404 as the media being gone', () => {
		const error = flowErrorOf(() => parseRedirectLocation(404, null, 'application/json', '{}'));
		expect([error.kind, error.code, error.httpStatus, error.message]).toEqual([
			'not-found',
			'NOT_FOUND',
			404,
			'media not found when resolving its URL',
		]);
	});
});

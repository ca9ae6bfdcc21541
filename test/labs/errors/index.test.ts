import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {
	classifyHttpError,
	classifyNetworkError,
	describePublicError,
	type ErrorKind,
	excerpt,
	FlowError,
	findPublicErrorCode,
	kindOfPublicError,
	parseRetryAfter,
	publicErrorSentences,
	redactSecrets,
} from '../../../source/labs/errors/index.js';

const fixtureText = (name: string): string =>
	readFileSync(new URL(`../../fixtures/labs/${name}`, import.meta.url), 'utf8');

const json = 'application/json; charset=UTF-8';

/** Every PUBLIC_ERROR_* code LABS_PROTOCOL.md §3.5, §4.4 and §6.1 name, with the kind it must give. */
const documentedCodes: Record<string, ErrorKind> = {
	PUBLIC_ERROR_UNSAFE_GENERATION: 'policy',
	PUBLIC_ERROR_MINOR: 'policy',
	PUBLIC_ERROR_SEXUAL: 'policy',
	PUBLIC_ERROR_VIOLENCE_FILTER: 'policy',
	PUBLIC_ERROR_DANGER_FILTER: 'policy',
	PUBLIC_ERROR_REPUTATIONAL: 'policy',
	PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED: 'policy',
	PUBLIC_ERROR_IMAGE_OUTPUT_IP_FILTER: 'policy',
	PUBLIC_ERROR_AUDIO_FILTERED: 'policy',
	PUBLIC_ERROR_UNDERSPECIFIED_ANIMAL: 'policy',
	PUBLIC_ERROR_NON_ENGLISH_PROMPT: 'policy',
	PUBLIC_ERROR_RESPONSE_TOO_LONG: 'policy',
	PUBLIC_ERROR_MINOR_INPUT_IMAGE: 'policy',
	PUBLIC_ERROR_MINOR_UPLOAD: 'policy',
	PUBLIC_ERROR_IP_INPUT_IMAGE: 'policy',
	PUBLIC_ERROR_PHOTOREAL_INPUT_IMAGE: 'policy',
	PUBLIC_ERROR_PROMINENT_PEOPLE_INPUT_IMAGE: 'policy',
	PUBLIC_ERROR_PROMINENT_PEOPLE_UPLOAD: 'policy',
	PUBLIC_ERROR_SEXUAL_UPLOAD: 'policy',
	PUBLIC_ERROR_UNSAFE_IMAGE_UPLOAD: 'policy',
	PUBLIC_ERROR_IMAGE_TOO_LARGE: 'policy',
	PUBLIC_ERROR_IMAGE_TOO_SMALL: 'policy',
	PUBLIC_ERROR_UNKNOWN_IMAGE_FILE_FORMAT: 'policy',
	PUBLIC_ERROR_USER_QUOTA_REACHED: 'quota',
	// Only that model on that account: the scene moves on, the account keeps its other models.
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED: 'model-access',
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED_UPGRADEABLE: 'model-access',
	PUBLIC_ERROR_MODEL_ACCESS_DENIED: 'model-access',
	PUBLIC_ERROR_USER_REGION_DISALLOWED: 'model-access',
	PUBLIC_ERROR_USER_MINOR: 'model-access',
	PUBLIC_ERROR_APP_UNAVAILABLE: 'model-access',
	PUBLIC_ERROR_UNUSUAL_ACTIVITY: 'captcha',
	PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC: 'throttle',
	PUBLIC_ERROR_USER_REQUESTS_THROTTLED: 'throttle',
	PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED: 'throttle',
	PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS: 'throttle',
	PUBLIC_ERROR_HIGH_TRAFFIC: 'throttle',
	PUBLIC_ERROR_MODEL_OVERLOADED: 'transient',
	PUBLIC_ERROR_MODEL_DISABLED_DUE_TO_TRAFFIC: 'transient',
	PUBLIC_ERROR_VIDEO_GENERATION_TIMED_OUT: 'transient',
	PUBLIC_ERROR_SOMETHING_WENT_WRONG: 'transient',
};

describe('public error sentences', () => {
	it('has a short plain sentence for every documented code, and no others', () => {
		expect(Object.keys(publicErrorSentences).sort()).toEqual(Object.keys(documentedCodes).sort());
		for (const [code, sentence] of Object.entries(publicErrorSentences)) {
			expect([code, sentence]).toEqual([code, sentence.trim()]);
			expect(sentence).not.toMatch(/\.$/);
			expect(sentence).not.toMatch(/PUBLIC_ERROR/);
			expect(sentence.length).toBeLessThan(90);
			// Lower-case start, unless the sentence starts with a proper name.
			expect(sentence).toMatch(/^([a-z]|Google |Flow )/);
		}
	});

	it('uses the agreed wording for the common codes', () => {
		expect(describePublicError('PUBLIC_ERROR_MINOR')).toBe('blocked by policy: a minor was detected');
		expect(describePublicError('PUBLIC_ERROR_UNSAFE_GENERATION')).toBe(
			'blocked by policy: the safety filter refused the prompt',
		);
		expect(describePublicError('PUBLIC_ERROR_AUDIO_FILTERED')).toBe(
			'blocked by policy: the generated audio was refused',
		);
		expect(describePublicError('PUBLIC_ERROR_USER_QUOTA_REACHED')).toBe('daily credit quota reached');
		expect(describePublicError('PUBLIC_ERROR_MODEL_ACCESS_DENIED')).toBe(
			"this account's tier may not use the model",
		);
		expect(describePublicError('PUBLIC_ERROR_UNUSUAL_ACTIVITY')).toBe(
			'Google flagged unusual activity (reCAPTCHA evaluation failed)',
		);
	});

	it('describes unknown codes and raw messages without throwing', () => {
		expect(describePublicError('PUBLIC_ERROR_FOO_BAR')).toBe('failed: public error foo bar');
		expect(describePublicError('PUBLIC_ERROR_UNSAFE_GENERATION: Request contains an invalid argument.')).toBe(
			'blocked by policy: the safety filter refused the prompt',
		);
		expect(describePublicError('UNKNOWN')).toBe('failed: unknown');
		expect(describePublicError('AUDIO_GENERATION_FILTERED')).toBe('failed: audio generation filtered');
		expect(describePublicError('Internal error encountered.')).toBe('failed: Internal error encountered.');
		expect(describePublicError('')).toBe('failed: unknown');
		expect(describePublicError(undefined as unknown as string)).toBe('failed: unknown');
	});

	it('finds a PUBLIC_ERROR token inside text', () => {
		expect(findPublicErrorCode('x PUBLIC_ERROR_MINOR_UPLOAD: y')).toBe('PUBLIC_ERROR_MINOR_UPLOAD');
		expect(findPublicErrorCode('reCAPTCHA evaluation failed')).toBeUndefined();
	});
});

describe('kindOfPublicError', () => {
	it('gives the documented kind of every code', () => {
		for (const [code, kind] of Object.entries(documentedCodes))
			expect([code, kindOfPublicError(code)]).toEqual([code, kind]);
	});

	it('reads SOMETHING_WENT_WRONG with a 403 reCAPTCHA failure as captcha', () => {
		expect(
			kindOfPublicError('PUBLIC_ERROR_SOMETHING_WENT_WRONG', {
				httpStatus: 403,
				message: 'reCAPTCHA evaluation failed',
			}),
		).toBe('captcha');
		expect(
			kindOfPublicError('PUBLIC_ERROR_SOMETHING_WENT_WRONG', {httpStatus: 500, message: 'reCAPTCHA'}),
		).toBe('transient');
		expect(kindOfPublicError('PUBLIC_ERROR_SOMETHING_WENT_WRONG', {httpStatus: 403, message: 'denied'})).toBe(
			'transient',
		);
	});

	it('knows nothing of unknown codes', () => {
		expect(kindOfPublicError('PUBLIC_ERROR_FOO')).toBeUndefined();
		expect(kindOfPublicError('CREDENTIALS_MISSING')).toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-05-08T10:00:00Z');

	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('30', now)).toBe(30_000);
		expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('Fri, 08 May 2026 10:00:45 GMT', now)).toBe(45_000);
	});

	it('clamps past dates to zero', () => {
		expect(parseRetryAfter('Fri, 08 May 2026 09:59:00 GMT', now)).toBe(0);
	});

	it('ignores absent and unreadable values', () => {
		for (const value of [undefined, null, '', 'soon', '-5', '1e3', 'Fri, 99 Foo']) {
			expect([value, parseRetryAfter(value, now)]).toEqual([value, undefined]);
		}
	});
});

type Row = {
	file: string;
	status: number;
	kind: ErrorKind;
	code: string;
	message: string;
};

/** One row per line of the LABS_PROTOCOL.md §6.1 table. */
const table: Row[] = [
	{
		file: 'error-400-unsafe-generation.json',
		status: 400,
		kind: 'policy',
		code: 'PUBLIC_ERROR_UNSAFE_GENERATION',
		message: 'blocked by policy: the safety filter refused the prompt',
	},
	{
		file: 'error-400-invalid-argument.json',
		status: 400,
		kind: 'protocol',
		code: 'INVALID_ARGUMENT',
		message:
			'HTTP 400 INVALID_ARGUMENT: Invalid JSON payload received. Unknown name "videoLengthSeconds" at \'requests[0]\': Cannot find field.',
	},
	{
		file: 'error-401-unauthenticated.json',
		status: 401,
		kind: 'auth',
		code: 'CREDENTIALS_MISSING',
		message: `HTTP 401 UNAUTHENTICATED: ${excerpt('Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.')} (CREDENTIALS_MISSING)`,
	},
	{
		file: 'error-403-recaptcha-unusual-activity.json',
		status: 403,
		kind: 'captcha',
		code: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY',
		message: 'Google flagged unusual activity (reCAPTCHA evaluation failed)',
	},
	{
		file: 'error-403-recaptcha-something-went-wrong.json',
		status: 403,
		kind: 'captcha',
		code: 'PUBLIC_ERROR_SOMETHING_WENT_WRONG',
		message: 'something went wrong on the server',
	},
	{
		file: 'error-403-recaptcha-no-details.json',
		status: 403,
		kind: 'captcha',
		code: 'PERMISSION_DENIED',
		message: 'HTTP 403 PERMISSION_DENIED: reCAPTCHA evaluation failed',
	},
	{
		file: 'error-403-model-access-denied.json',
		status: 403,
		kind: 'model-access',
		code: 'PUBLIC_ERROR_MODEL_ACCESS_DENIED',
		message: "this account's tier may not use the model",
	},
	{
		file: 'error-404-not-found.json',
		status: 404,
		kind: 'not-found',
		code: 'NOT_FOUND',
		message: 'HTTP 404 NOT_FOUND: Requested entity was not found.',
	},
	{
		file: 'error-400-not-found.json',
		status: 400,
		kind: 'not-found',
		code: 'INVALID_ARGUMENT',
		message: 'HTTP 400 INVALID_ARGUMENT: Requested entity was not found.',
	},
	{
		file: 'error-409-already-in-progress.json',
		status: 409,
		kind: 'throttle',
		code: 'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS',
		message: 'the same generation is already in progress',
	},
	{
		file: 'error-429-too-much-traffic.json',
		status: 429,
		kind: 'throttle',
		code: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC',
		message: 'too many requests from this account, slow down',
	},
	{
		file: 'error-429-user-quota.json',
		status: 429,
		kind: 'quota',
		code: 'PUBLIC_ERROR_USER_QUOTA_REACHED',
		message: 'daily credit quota reached',
	},
	{
		file: 'error-500-internal.json',
		status: 500,
		kind: 'transient',
		code: 'INTERNAL',
		message: 'HTTP 500 INTERNAL: Internal error encountered.',
	},
];

describe('classifyHttpError', () => {
	for (const row of table) {
		it(`classifies ${row.file}`, () => {
			const error = classifyHttpError({
				status: row.status,
				bodyText: fixtureText(row.file),
				contentType: json,
			});
			expect(error).toBeInstanceOf(FlowError);
			expect({
				kind: error.kind,
				code: error.code,
				httpStatus: error.httpStatus,
				message: error.message,
			}).toEqual({
				kind: row.kind,
				code: row.code,
				httpStatus: row.status,
				message: row.message,
			});
			expect(error.retryAfterMs).toBeUndefined();
			expect(error.ambiguous).toBe(false);
		});
	}

	it('falls back on the HTTP status when the body is not Google JSON', () => {
		const cases: Array<[number, string, ErrorKind, string]> = [
			[401, '', 'auth', 'HTTP 401 UNAUTHENTICATED: (empty body)'],
			[
				403,
				'<html><title>Forbidden</title></html>',
				'auth',
				'HTTP 403 PERMISSION_DENIED: HTML page "Forbidden"',
			],
			[404, 'nope', 'not-found', 'HTTP 404 NOT_FOUND: nope'],
			[400, '{"error":"bad"}', 'protocol', 'HTTP 400 INVALID_ARGUMENT: bad'],
			[408, '', 'transient', 'HTTP 408 REQUEST_TIMEOUT: (empty body)'],
			[502, '<html><body>bad gateway</body></html>', 'transient', 'HTTP 502 BAD_GATEWAY: an HTML page'],
			[503, 'null', 'transient', 'HTTP 503 UNAVAILABLE: null'],
			[409, '[1,2]', 'throttle', 'HTTP 409 ALREADY_EXISTS: [1,2]'],
			[
				429,
				'{"error":{"details":"x"}}',
				'throttle',
				'HTTP 429 RESOURCE_EXHAUSTED: {"error":{"details":"x"}}',
			],
			[418, 'teapot', 'protocol', 'HTTP 418 UNKNOWN: teapot'],
			[302, '', 'protocol', 'HTTP 302 UNKNOWN: (empty body)'],
		];
		for (const [status, bodyText, kind, message] of cases) {
			const error = classifyHttpError({status, bodyText});
			expect([status, error.kind, error.message]).toEqual([status, kind, message]);
		}
	});

	it('reads a 403 that mentions reCAPTCHA in plain text as captcha', () => {
		expect(classifyHttpError({status: 403, bodyText: '{"error":{"message":"recaptcha failed"}}'}).kind).toBe(
			'captcha',
		);
	});

	it('takes the reason from a PUBLIC_ERROR token in the message when details are missing', () => {
		const error = classifyHttpError({
			status: 400,
			bodyText:
				'{"error":{"code":400,"message":"PUBLIC_ERROR_MINOR: Request contains an invalid argument."}}',
		});
		expect([error.kind, error.code, error.message]).toEqual([
			'policy',
			'PUBLIC_ERROR_MINOR',
			'blocked by policy: a minor was detected',
		]);
	});

	it('reads a 429 with an unknown quota reason as quota', () => {
		const error = classifyHttpError({
			status: 429,
			bodyText: '{"error":{"code":429,"message":"x","details":[{"reason":"PUBLIC_ERROR_SOME_NEW_QUOTA"}]}}',
		});
		expect([error.kind, error.code, error.message]).toEqual([
			'quota',
			'PUBLIC_ERROR_SOME_NEW_QUOTA',
			'HTTP 429 RESOURCE_EXHAUSTED: x (PUBLIC_ERROR_SOME_NEW_QUOTA)',
		]);
	});

	it('reads the array form of Google errors', () => {
		const error = classifyHttpError({status: 429, bodyText: `[${fixtureText('error-429-user-quota.json')}]`});
		expect(error.kind).toBe('quota');
	});

	it('carries Retry-After', () => {
		const error = classifyHttpError({
			status: 429,
			bodyText: fixtureText('error-429-too-much-traffic.json'),
			retryAfter: '12',
		});
		expect(error.retryAfterMs).toBe(12_000);
	});

	it('keeps tokens out of messages and cuts long bodies', () => {
		const error = classifyHttpError({status: 500, bodyText: `token ya29.SECRETSECRET ${'x'.repeat(500)}`});
		expect(error.message).not.toContain('SECRETSECRET');
		expect(error.message.length).toBeLessThan(200);
		expect(redactSecrets('a ya29.abc-def.ghi b 0cAFcWeXYZ c')).toBe('a ya29.… b 0cAFcWe… c');
	});

	it('redacts cookies, bearer and at tokens, captcha runs and URL signatures, and keeps ids', () => {
		const uuidPath =
			'/project/3afb1f80-ca7d-4b33-8318-35dd3cf0d714/scene/6f1c2a9e-0b7d-4c8e-9a51-2d3e4f5a6b7c';
		const cases: Array<[string, string]> = [
			['Cookie: NID=511=nidsecret; foo=barsecret\nnext', 'Cookie: …\nnext'],
			['{"cookie":"SID=sidsecret; HSID=hsidsecret"}', '{"cookie":"…"}'],
			[
				'x; SAPISID=AbCd/EfGh12secret; __Secure-1PSID=g.a000psidsecret; OSID=osidsecret;',
				'x; SAPISID=…; __Secure-1PSID=…; OSID=…;',
			],
			['Authorization: SAPISIDHASH 1788000000_0123456789abcdef', 'Authorization: SAPISIDHASH …'],
			['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer …'],
			['f.req=x&at=AJvLN6tok%3A1788000000000&', 'f.req=x&at=…&'],
			['"f.req=x\\u0026at=AJvLN6tok:1788000000000"', '"f.req=x\\u0026at=…"'],
			['["SNlM0e","AJvLN6SeCrEt-tok:1788000000000"]', '["SNlM0e","…"]'],
			[
				'https://flow-content.google/video/id?Expires=1&Signature=abc%2Bdef~x&KeyName=k',
				'https://flow-content.google/video/id?Expires=1&Signature=…&KeyName=k',
			],
			[`03AFcWe${'Ab_-'.repeat(40)} ${'Ab+/'.repeat(40)}==`, '… …'],
			[uuidPath, uuidPath],
			['next-auth.session-token=abc; other', 'next-auth.session-token=…; other'],
			// Inside a JSON string, after an escape: still the start of a name.
			['"h\\nOSID=osidsecret\\nat=tok\\u0026SID=s"', '"h\\nOSID=…\\nat=…\\u0026SID=…"'],
		];
		for (const [input, output] of cases) expect(redactSecrets(input)).toBe(output);
		// Redacting what is already redacted changes nothing.
		for (const [, output] of cases) expect(redactSecrets(output)).toBe(output);
	});

	it('never throws on garbage bodies', () => {
		for (const bodyText of [
			'',
			'{',
			'null',
			'42',
			'"x"',
			'[]',
			'{"error":null}',
			'{"error":{"details":[null,7]}}',
		]) {
			expect(classifyHttpError({status: 500, bodyText}).kind).toBe('transient');
		}
		expect(classifyHttpError({status: 500, bodyText: undefined as unknown as string}).message).toBe(
			'HTTP 500 INTERNAL: (empty body)',
		);
	});
});

describe('classifyNetworkError', () => {
	const coded = (code: string, message = 'boom') => Object.assign(new Error(message), {code});
	const named = (name: string) => Object.assign(new Error('aborted'), {name});

	it('names the failure and marks writes that may have reached the server', () => {
		const cases: Array<[unknown, string, boolean]> = [
			[coded('ECONNRESET'), 'connection reset (ECONNRESET)', true],
			[coded('EPIPE'), 'connection closed while sending (EPIPE)', true],
			[coded('UND_ERR_SOCKET'), 'connection closed by the other side (UND_ERR_SOCKET)', true],
			[
				coded('UND_ERR_HEADERS_TIMEOUT'),
				'request timed out waiting for the answer (UND_ERR_HEADERS_TIMEOUT)',
				true,
			],
			[
				coded('UND_ERR_BODY_TIMEOUT'),
				'request timed out while reading the answer (UND_ERR_BODY_TIMEOUT)',
				true,
			],
			[named('AbortError'), 'request timed out (AbortError)', true],
			[named('TimeoutError'), 'request timed out (TimeoutError)', true],
			[coded('ECONNREFUSED'), 'connection refused (ECONNREFUSED)', false],
			[coded('UND_ERR_CONNECT_TIMEOUT'), 'connect timed out (UND_ERR_CONNECT_TIMEOUT)', false],
			[coded('ENOTFOUND'), 'host not found (ENOTFOUND)', false],
		];
		for (const [error, message, reachedServer] of cases) {
			const write = classifyNetworkError(error, {write: true});
			const read = classifyNetworkError(error, {write: false});
			expect([message, write.kind, write.message, write.ambiguous]).toEqual([
				message,
				'transient',
				message,
				reachedServer,
			]);
			expect(read.ambiguous).toBe(false);
			expect(write.cause).toBe(error);
		}
	});

	it('finds the code in the cause chain (fetch wraps it)', () => {
		const wrapped = new TypeError('fetch failed', {cause: coded('ECONNREFUSED')});
		const error = classifyNetworkError(wrapped, {write: true});
		expect([error.code, error.message, error.ambiguous]).toEqual([
			'ECONNREFUSED',
			'connection refused (ECONNREFUSED)',
			false,
		]);
	});

	it('treats unknown failures as possibly delivered', () => {
		const error = classifyNetworkError(new Error('something odd'), {write: true});
		expect([error.kind, error.code, error.message, error.ambiguous]).toEqual([
			'transient',
			'NETWORK_ERROR',
			'network error: something odd',
			true,
		]);
		expect(classifyNetworkError(coded('EWHATEVER', 'weird'), {write: false}).message).toBe(
			'network error: weird (EWHATEVER)',
		);
		for (const garbage of [null, undefined, 42, 'x', {}, []]) {
			expect(classifyNetworkError(garbage, {write: false}).kind).toBe('transient');
		}
	});

	it('passes FlowErrors through', () => {
		const original = new FlowError('auth', 'nope');
		expect(classifyNetworkError(original, {write: true})).toBe(original);
	});
});

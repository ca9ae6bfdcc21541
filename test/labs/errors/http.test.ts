// Proves the edges of reading a failed HTTP answer: every canonical status name, the 5xx range, how a
// Google error JSON's message, status and reasons are read (trimmed, PUBLIC_ERROR first), how an HTML or
// blank body is described, and the small text helpers (excerpt, describePublicError, kindOfPublicError,
// parseRetryAfter) a failed scene's message is made of.
import {describe, expect, it} from 'vitest';
import {
	classifyHttpError,
	describePublicError,
	excerpt,
	kindOfPublicError,
	parseRetryAfter,
} from '../../../source/labs/errors/index.js';

const read = (status: number, bodyText: string, contentType?: string) => {
	const error = classifyHttpError({status, bodyText, contentType});
	return {kind: error.kind, code: error.code, message: error.message};
};

describe('classifyHttpError: statuses', () => {
	it('names every canonical status and uses it as the code', () => {
		const names: Array<[number, string, string]> = [
			[400, 'INVALID_ARGUMENT', 'protocol'],
			[401, 'UNAUTHENTICATED', 'auth'],
			[403, 'PERMISSION_DENIED', 'auth'],
			[404, 'NOT_FOUND', 'not-found'],
			[408, 'REQUEST_TIMEOUT', 'transient'],
			[409, 'ALREADY_EXISTS', 'throttle'],
			[412, 'FAILED_PRECONDITION', 'protocol'],
			[429, 'RESOURCE_EXHAUSTED', 'throttle'],
			[499, 'CANCELLED', 'protocol'],
			[500, 'INTERNAL', 'transient'],
			[501, 'UNIMPLEMENTED', 'transient'],
			[502, 'BAD_GATEWAY', 'transient'],
			[503, 'UNAVAILABLE', 'transient'],
			[504, 'DEADLINE_EXCEEDED', 'transient'],
		];
		for (const [status, name, kind] of names) {
			expect([status, read(status, '')]).toEqual([
				status,
				{kind, code: name, message: `HTTP ${status} ${name}: (empty body)`},
			]);
		}
	});

	it('reads the whole 5xx range as transient, and nothing past it', () => {
		expect(read(599, 'x')).toEqual({kind: 'transient', code: 'UNKNOWN', message: 'HTTP 599 UNKNOWN: x'});
		expect(read(505, 'x').kind).toBe('transient');
		expect(read(600, 'x')).toEqual({kind: 'protocol', code: 'UNKNOWN', message: 'HTTP 600 UNKNOWN: x'});
		expect(read(499, 'x').kind).toBe('protocol');
	});
});

describe('classifyHttpError: Google error JSON', () => {
	it('takes a PUBLIC_ERROR reason over an earlier other reason', () => {
		const body = JSON.stringify({
			error: {
				message: 'denied',
				details: [{reason: 'CREDENTIALS_MISSING'}, {reason: ' PUBLIC_ERROR_MINOR '}],
			},
		});
		expect(read(400, body)).toEqual({
			kind: 'policy',
			code: 'PUBLIC_ERROR_MINOR',
			message: 'blocked by policy: a minor was detected',
		});
	});

	it('takes the first reason when none is a PUBLIC_ERROR one', () => {
		const body = JSON.stringify({error: {message: 'no', details: [{reason: 'FIRST'}, {reason: 'SECOND'}]}});
		expect(read(401, body)).toEqual({
			kind: 'auth',
			code: 'FIRST',
			message: 'HTTP 401 UNAUTHENTICATED: no (FIRST)',
		});
	});

	it('trims the message and status, and ignores blank or non-string ones', () => {
		expect(read(500, '{"error":{"message":" boom ","status":" UNAVAILABLE "}}')).toEqual({
			kind: 'transient',
			code: 'UNAVAILABLE',
			message: 'HTTP 500 UNAVAILABLE: boom',
		});
		const blank = '{"error":{"message":"  ","status":"  "}}';
		expect(read(500, blank)).toEqual({
			kind: 'transient',
			code: 'INTERNAL',
			message: `HTTP 500 INTERNAL: ${excerpt(blank)}`,
		});
		const numbers = '{"error":{"message":42,"status":7,"details":[{"reason":3}]}}';
		expect(read(500, numbers)).toEqual({
			kind: 'transient',
			code: 'INTERNAL',
			message: `HTTP 500 INTERNAL: ${numbers}`,
		});
	});

	it('reads the tRPC form {error:{json:{message}}}', () => {
		expect(read(404, '{"error":{"json":{"message":"Project missing"}}}').message).toBe(
			'HTTP 404 NOT_FOUND: Project missing',
		);
	});

	it('does not repeat a reason the message already names', () => {
		const body = JSON.stringify({error: {message: 'failed with FIRST', details: [{reason: 'FIRST'}]}});
		expect(read(401, body).message).toBe('HTTP 401 UNAUTHENTICATED: failed with FIRST');
	});

	it('reads a body that is not a string as empty', () => {
		const google = '{"error":{"message":"x","details":[{"reason":"PUBLIC_ERROR_MINOR"}]}}';
		for (const bodyText of [undefined, 42, [google]]) {
			expect(read(500, bodyText as unknown as string)).toEqual({
				kind: 'transient',
				code: 'INTERNAL',
				message: 'HTTP 500 INTERNAL: (empty body)',
			});
		}
	});
});

describe('classifyHttpError: bodies that are not Google JSON', () => {
	it('reads blank bodies as empty', () => {
		expect(read(502, ' \n\t ').message).toBe('HTTP 502 BAD_GATEWAY: (empty body)');
	});

	it('reads HTML by its content type or its leading tag, and names its title', () => {
		expect(read(500, 'x <title>Oops</title>', 'text/html').message).toBe(
			'HTTP 500 INTERNAL: HTML page "Oops"',
		);
		expect(read(500, 'x <title>Oops</title>').message).toBe('HTTP 500 INTERNAL: x <title>Oops</title>');
		expect(read(500, 'a < b').message).toBe('HTTP 500 INTERNAL: a < b');
		expect(read(500, '\n  <html><title> Down </title>').message).toBe('HTTP 500 INTERNAL: HTML page "Down"');
		expect(read(500, '<html><title lang="en">Sorry</title>').message).toBe(
			'HTTP 500 INTERNAL: HTML page "Sorry"',
		);
	});

	it('says "an HTML page" for a blank title or one past the head of the page', () => {
		expect(read(500, '<html><title>   </title>').message).toBe('HTTP 500 INTERNAL: an HTML page');
		const late = `<html>${'x'.repeat(70_000)}<title>Late</title>`;
		expect(read(500, late).message).toBe('HTTP 500 INTERNAL: an HTML page');
	});
});

describe('excerpt', () => {
	it('flattens whitespace to single spaces, trims, and cuts past the limit only', () => {
		expect(excerpt('  a \n\t b  ')).toBe('a b');
		expect(excerpt('abc', 3)).toBe('abc');
		expect(excerpt('abcd', 3)).toBe('abc…');
		expect(excerpt('x'.repeat(121))).toBe(`${'x'.repeat(120)}…`);
	});
});

describe('describePublicError', () => {
	it('trims the code before reading it', () => {
		expect(describePublicError('  ')).toBe('failed: unknown');
		expect(describePublicError(' UNKNOWN ')).toBe('failed: unknown');
	});

	it('makes a bare code readable, and shows other text as it is', () => {
		expect(describePublicError('_FOO__BAR_')).toBe('failed: foo bar');
		expect(describePublicError('Internal ERROR')).toBe('failed: Internal ERROR');
		expect(describePublicError('ERROR here')).toBe('failed: ERROR here');
	});
});

describe('kindOfPublicError', () => {
	it('trims and upper-cases the code, and knows nothing of a non-string', () => {
		expect(kindOfPublicError(' public_error_minor ')).toBe('policy');
		expect(kindOfPublicError(' public_error_high_traffic ')).toBe('throttle');
		expect(kindOfPublicError(undefined as unknown as string)).toBeUndefined();
	});

	it('reads only SOMETHING_WENT_WRONG with a 403 reCAPTCHA failure as captcha', () => {
		const context = {httpStatus: 403, message: 'reCAPTCHA evaluation failed'};
		expect(kindOfPublicError('PUBLIC_ERROR_HIGH_TRAFFIC', context)).toBe('throttle');
		expect(kindOfPublicError('PUBLIC_ERROR_MODEL_OVERLOADED', context)).toBe('transient');
		expect(kindOfPublicError('PUBLIC_ERROR_SOMETHING_WENT_WRONG', {httpStatus: 403})).toBe('transient');
	});
});

describe('parseRetryAfter', () => {
	it('reads fractions of a second to the millisecond', () => {
		expect(parseRetryAfter('1.25', 0)).toBe(1250);
		expect(parseRetryAfter('0.001', 0)).toBe(1);
		expect(parseRetryAfter('   ', 0)).toBeUndefined();
		expect(parseRetryAfter('1.', 0)).toBeUndefined();
	});
});

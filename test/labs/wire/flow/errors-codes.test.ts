// Proves wire/flow/errors.ts function by function: every google.rpc code's kind and words, how the index-5
// code is read (and what is not a code), where an ErrorInfo reason is looked for and which strings count
// as one, what a PUBLIC_ERROR anywhere in a value gives, and every `er` status with its words.
import {describe, expect, it} from 'vitest';
import type {ErrorKind, FlowError} from '../../../../source/labs/errors/index.js';
import {
	erError,
	publicErrorIn,
	rpcCodeError,
	rpcCodeOf,
	wireChanged,
} from '../../../../source/labs/wire/flow/errors.js';

const answer = {text: 'the answer', rpcid: 'YhhmEf'};
const errorInfo = 'type.googleapis.com/google.rpc.ErrorInfo';
const withReason = (code: number, reason: unknown): unknown[] => [code, null, [[errorInfo, [reason]]]];

const shape = (error: FlowError) => ({kind: error.kind, code: error.code, message: error.message});

const rpcCodes: Array<[number, string, ErrorKind, string]> = [
	[1, 'CANCELLED', 'transient', 'the call was cancelled'],
	[2, 'UNKNOWN', 'transient', 'an unknown error happened on the server'],
	[3, 'INVALID_ARGUMENT', 'protocol', 'the request was refused as invalid'],
	[4, 'DEADLINE_EXCEEDED', 'transient', 'the server timed out'],
	[5, 'NOT_FOUND', 'not-found', 'not found for this account'],
	[6, 'ALREADY_EXISTS', 'throttle', 'the same request is already under way'],
	[7, 'PERMISSION_DENIED', 'auth', 'this account may not make the call'],
	[8, 'RESOURCE_EXHAUSTED', 'throttle', 'too many requests'],
	[9, 'FAILED_PRECONDITION', 'protocol', 'the request does not fit the current state'],
	[10, 'ABORTED', 'transient', 'the call was aborted'],
	[11, 'OUT_OF_RANGE', 'protocol', 'a value is out of range'],
	[12, 'UNIMPLEMENTED', 'protocol', 'the call is not implemented (an unknown RPC id?)'],
	[13, 'INTERNAL', 'transient', 'an internal error happened on the server'],
	[14, 'UNAVAILABLE', 'transient', 'the service is unavailable'],
	[15, 'DATA_LOSS', 'transient', 'data was lost on the server'],
	[16, 'UNAUTHENTICATED', 'auth', 'the Google cookies were not accepted (signed out or expired)'],
];
const httpOf: Record<number, number> = {3: 400, 5: 404, 7: 403, 8: 429, 13: 500, 14: 503, 16: 401};

describe('rpcCodeError', () => {
	it.each(rpcCodes)('code %i is %s, %s: "%s"', (code, name, kind, text) => {
		const error = rpcCodeError(code, [code], answer);
		expect(shape(error)).toEqual({
			kind,
			code: name,
			message: `flow.google.com: ${text} (code ${code} ${name})`,
		});
		expect(error.httpStatus).toBe(httpOf[code]);
		expect(error.sample).toEqual(kind === 'protocol' ? {rpc: 'YhhmEf', text: 'the answer'} : undefined);
	});

	it('names an unknown code with a reason as UNKNOWN', () => {
		expect(shape(rpcCodeError(99, withReason(99, 'SOME_REASON'), answer))).toEqual({
			kind: 'protocol',
			code: 'SOME_REASON',
			message: 'flow.google.com refused the call: SOME_REASON (code 99 UNKNOWN)',
		});
	});

	it('reads the words of a new reason under 7 and 8 only; other codes keep their own kind', () => {
		const cases: Array<[number, string, ErrorKind]> = [
			[13, 'MODEL_BACKEND_BROKEN', 'transient'],
			[14, 'CREDIT_SERVICE_DOWN', 'transient'],
			[5, 'RECAPTCHA_STORE_MISSING', 'not-found'],
			[7, 'MODEL_BACKEND_BROKEN', 'model-access'],
			[8, 'CREDIT_SERVICE_DOWN', 'quota'],
		];
		for (const [code, reason, kind] of cases) {
			expect([code, reason, rpcCodeError(code, withReason(code, reason), answer).kind]).toEqual([
				code,
				reason,
				kind,
			]);
		}
	});

	it('reads SOMETHING_WENT_WRONG with a reCAPTCHA detail under 7 as captcha, as labs reads a 403', () => {
		const slot = [7, 'reCAPTCHA evaluation failed', [[errorInfo, ['PUBLIC_ERROR_SOMETHING_WENT_WRONG']]]];
		expect(rpcCodeError(7, slot, answer)).toMatchObject({kind: 'captcha', httpStatus: 403});
		expect(rpcCodeError(13, slot, answer).kind).toBe('transient');
	});

	it('finds an ErrorInfo up to six arrays deep, and no deeper', () => {
		const nest = (depth: number): unknown => {
			let value: unknown = [errorInfo, ['PUBLIC_ERROR_USER_QUOTA_REACHED']];
			for (let i = 0; i < depth; i++) value = [value];
			return value;
		};
		expect(shape(rpcCodeError(8, nest(6), answer))).toMatchObject({
			kind: 'quota',
			code: 'PUBLIC_ERROR_USER_QUOTA_REACHED',
		});
		// Deeper, only the PUBLIC_ERROR word in the text is left; a non-PUBLIC reason is lost.
		expect(rpcCodeError(8, nest(7), answer).code).toBe('PUBLIC_ERROR_USER_QUOTA_REACHED');
		const deepOther = [[[[[[[[errorInfo, ['QUOTA_GONE']]]]]]]]];
		expect(shape(rpcCodeError(8, deepOther, answer))).toMatchObject({
			kind: 'throttle',
			code: 'RESOURCE_EXHAUSTED',
		});
		const shallowOther = [[[[[[[errorInfo, ['QUOTA_GONE']]]]]]]];
		expect(shape(rpcCodeError(8, shallowOther, answer))).toMatchObject({kind: 'quota', code: 'QUOTA_GONE'});
	});

	it('takes a reason only from an ErrorInfo, and only a reason-shaped string', () => {
		const bare: Array<[string, unknown]> = [
			['a reason after the code', [8, 'QUOTA_WORDS']],
			['a reason after another type', [8, ['type.googleapis.com/google.rpc.Help', ['QUOTA_WORDS']]]],
			['a reason after an ErrorInfo look-alike', [8, [[`${errorInfo}X`, ['QUOTA_WORDS']]]]],
			['a number', withReason(8, 42)],
			['lower case', withReason(8, 'quota_words')],
			['text before', withReason(8, 'x QUOTA_WORDS')],
			['text after', withReason(8, 'QUOTA_WORDS x')],
			['too short', withReason(8, 'QU')],
			['an ErrorInfo type inside an array', [8, [[errorInfo], ['QUOTA_WORDS']]]],
			['a reason inside one more array', [8, [[errorInfo, [['QUOTA_WORDS']]]]]],
		];
		for (const [label, slot] of bare) {
			expect([label, shape(rpcCodeError(8, slot, answer))]).toEqual([
				label,
				{
					kind: 'throttle',
					code: 'RESOURCE_EXHAUSTED',
					message: 'flow.google.com: too many requests (code 8 RESOURCE_EXHAUSTED)',
				},
			]);
		}
		expect(rpcCodeError(8, [8, [['prefix.google.rpc.ErrorInfo', 'QUOTA_WORDS']]], answer).code).toBe(
			'QUOTA_WORDS',
		);
	});
});

describe('rpcCodeOf', () => {
	it('reads a code bare, first in an array, or as up to three digits', () => {
		expect([rpcCodeOf(8), rpcCodeOf([16, 'x']), rpcCodeOf('12'), rpcCodeOf(['123']), rpcCodeOf(0)]).toEqual([
			8, 16, 12, 123, 0,
		]);
	});

	it('reads anything else as no code', () => {
		for (const slot of [
			null,
			undefined,
			1.5,
			'1234',
			[[5]],
			[['12']],
			'a12',
			'12a',
			'abc',
			'',
			[],
			[null],
			['x'],
			{0: 8},
			true,
		]) {
			expect([slot, rpcCodeOf(slot)]).toEqual([slot, undefined]);
		}
	});
});

describe('publicErrorIn', () => {
	it('finds a PUBLIC_ERROR anywhere in a value, with its sentence', () => {
		const error = publicErrorIn({deep: [{reason: 'PUBLIC_ERROR_MINOR'}]});
		expect(error && shape(error)).toEqual({
			kind: 'policy',
			code: 'PUBLIC_ERROR_MINOR',
			message: 'blocked by policy: a minor was detected',
		});
		expect(publicErrorIn('PUBLIC_ERROR_HIGH_TRAFFIC')?.kind).toBe('throttle');
		expect(publicErrorIn({no: 'error'})).toBeUndefined();
		expect(publicErrorIn(undefined)).toBeUndefined();
	});

	it('reads an unknown code as policy, or by the HTTP status it came with', () => {
		const unknown = ['PUBLIC_ERROR_NEW_THING'];
		expect(publicErrorIn(unknown) && shape(publicErrorIn(unknown) as FlowError)).toEqual({
			kind: 'policy',
			code: 'PUBLIC_ERROR_NEW_THING',
			message: 'failed: public error new thing',
		});
		expect(publicErrorIn(unknown, 429)).toMatchObject({kind: 'throttle', httpStatus: 429});
		expect(publicErrorIn(unknown, 503)?.kind).toBe('transient');
	});

	it('reads SOMETHING_WENT_WRONG next to a reCAPTCHA failure on a 403 as captcha', () => {
		const value = ['PUBLIC_ERROR_SOMETHING_WENT_WRONG', 'reCAPTCHA evaluation failed'];
		expect(publicErrorIn(value, 403)?.kind).toBe('captcha');
		expect(publicErrorIn(value)?.kind).toBe('transient');
	});

	it('never throws on values JSON cannot write', () => {
		const cycle: unknown[] = ['PUBLIC_ERROR_MINOR'];
		cycle.push(cycle);
		expect(publicErrorIn(cycle)).toBeUndefined();
		expect(publicErrorIn([1n])).toBeUndefined();
	});
});

describe('erError', () => {
	const er = (...rest: unknown[]): unknown[] => ['er', null, null, null, null, ...rest];

	it.each<[number, ErrorKind]>([
		[401, 'auth'],
		[403, 'auth'],
		[404, 'not-found'],
		[408, 'transient'],
		[500, 'transient'],
		[503, 'transient'],
		[409, 'throttle'],
		[429, 'throttle'],
		[400, 'protocol'],
		[100, 'protocol'],
		[499, 'protocol'],
	])('HTTP-style status %i is %s', (status, kind) => {
		const error = erError(er(status), answer);
		const why =
			status === 401
				? "the Google cookies were not accepted (signed out, expired, or another account's)"
				: `the call was refused (status ${status})`;
		expect(shape(error)).toEqual({kind, code: `ER_${status}`, message: `flow.google.com: ${why}`});
		expect(error.httpStatus).toBe(status);
		expect(error.sample).toEqual(kind === 'protocol' ? {rpc: 'YhhmEf', text: 'the answer'} : undefined);
	});

	it('reads a status under 100 as a google.rpc code, and a non-integer as none', () => {
		expect(erError(er(99), answer).code).toBe('WIRE_CHANGED');
		expect(erError(er(16), answer).code).toBe('UNAUTHENTICATED');
		expect(erError(er(401.5, 503), answer).code).toBe('ER_503');
		expect(erError(er('401'), answer).code).toBe('WIRE_CHANGED');
	});

	it('reads a PUBLIC_ERROR with the status, or alone', () => {
		expect(erError(er(403, 'PUBLIC_ERROR_SOMETHING_WENT_WRONG reCAPTCHA'), answer).kind).toBe('captcha');
		expect(shape(erError(['er', 'PUBLIC_ERROR_MINOR'], answer))).toMatchObject({
			kind: 'policy',
			code: 'PUBLIC_ERROR_MINOR',
		});
	});
});

describe('wireChanged', () => {
	it('shows "(empty)" for an empty answer, and reads any value as text', () => {
		expect(wireChanged('').message).toMatch(/\(the wire may have changed\): \(empty\)$/);
		expect(wireChanged(' \n ').message).toMatch(/: \(empty\)$/);
		const odd = wireChanged(42 as unknown as string, 'r');
		expect(odd.message).toMatch(/: 42$/);
		expect(odd.sample).toEqual({rpc: 'r', text: '42'});
	});
});

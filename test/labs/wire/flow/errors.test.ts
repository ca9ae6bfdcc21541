import {describe, expect, it} from 'vitest';
import {type ErrorKind, FlowError} from '../../../../source/labs/errors/index.js';
import {maxSampleChars} from '../../../../source/labs/errors/redact.js';
import {readRpcOutcome, wireChanged} from '../../../../source/labs/wire/flow/batchexecute.js';

const rpc = 'YhhmEf';
const errorInfo = 'type.googleapis.com/google.rpc.ErrorInfo';

/** An `rt=c` answer of the given entries; the length prefix is wrong on purpose, as on the wire. */
const answer = (...entries: unknown[]): string =>
	`)]}'\n\n1\n${JSON.stringify(entries)}\n23\n[["e",4,null,null,90]]\n`;

/** A `wrb.fr` entry with no payload and this error slot (index 5). */
const refusal = (slot: unknown): string => answer(['wrb.fr', rpc, null, null, null, slot, 'generic']);

/** The slot exactly as FLOW_BATCHEXECUTE.md §0 gives it. */
const withReason = (code: unknown, reason: string): unknown[] => [code, null, [[errorInfo, [reason]]]];

function refusedWith(text: string): FlowError {
	try {
		readRpcOutcome(text, rpc);
	} catch (error) {
		expect(error).toBeInstanceOf(FlowError);
		return error as FlowError;
	}
	throw new Error('expected a FlowError, nothing was thrown');
}

type Row = [label: string, slot: unknown, kind: ErrorKind, code: string];

const table: Row[] = [
	['16 bare', [16], 'auth', 'UNAUTHENTICATED'],
	['16 + a new reason', withReason(16, 'PUBLIC_ERROR_SIGNED_OUT'), 'auth', 'PUBLIC_ERROR_SIGNED_OUT'],
	['7 bare', [7], 'auth', 'PERMISSION_DENIED'],
	[
		'7 + MODEL_ACCESS_DENIED',
		withReason(7, 'PUBLIC_ERROR_MODEL_ACCESS_DENIED'),
		'model-access',
		'PUBLIC_ERROR_MODEL_ACCESS_DENIED',
	],
	[
		'7 + a new model reason',
		withReason(7, 'PUBLIC_ERROR_MODEL_NOT_IN_TIER'),
		'model-access',
		'PUBLIC_ERROR_MODEL_NOT_IN_TIER',
	],
	[
		'7 + UNUSUAL_ACTIVITY',
		withReason(7, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'),
		'captcha',
		'PUBLIC_ERROR_UNUSUAL_ACTIVITY',
	],
	['7 + a new reCAPTCHA reason', withReason(7, 'RECAPTCHA_REQUIRED'), 'captcha', 'RECAPTCHA_REQUIRED'],
	['7 + a reCAPTCHA message only', [7, 'reCAPTCHA evaluation failed'], 'captcha', 'PERMISSION_DENIED'],
	[
		'7 + a new reason',
		withReason(7, 'PUBLIC_ERROR_ACCOUNT_SUSPENDED'),
		'auth',
		'PUBLIC_ERROR_ACCOUNT_SUSPENDED',
	],
	['8 bare', [8], 'throttle', 'RESOURCE_EXHAUSTED'],
	['8 as a number', 8, 'throttle', 'RESOURCE_EXHAUSTED'],
	['8 as a digit string', ['8'], 'throttle', 'RESOURCE_EXHAUSTED'],
	[
		'8 + USER_REQUESTS_THROTTLED',
		withReason(8, 'PUBLIC_ERROR_USER_REQUESTS_THROTTLED'),
		'throttle',
		'PUBLIC_ERROR_USER_REQUESTS_THROTTLED',
	],
	[
		'8 + too much traffic',
		withReason(8, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC'),
		'throttle',
		'PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC',
	],
	[
		'8 + USER_QUOTA_REACHED',
		withReason(8, 'PUBLIC_ERROR_USER_QUOTA_REACHED'),
		'quota',
		'PUBLIC_ERROR_USER_QUOTA_REACHED',
	],
	[
		'8 + a new credit reason',
		withReason(8, 'PUBLIC_ERROR_USER_CREDITS_EXHAUSTED'),
		'quota',
		'PUBLIC_ERROR_USER_CREDITS_EXHAUSTED',
	],
	[
		'8 + PER_MODEL_DAILY_QUOTA_REACHED',
		withReason(8, 'PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED'),
		'model-access',
		'PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED',
	],
	[
		'8 + a new per-model quota',
		withReason(8, 'PUBLIC_ERROR_PER_MODEL_HOURLY_QUOTA_REACHED'),
		'model-access',
		'PUBLIC_ERROR_PER_MODEL_HOURLY_QUOTA_REACHED',
	],
	['8 + a non-PUBLIC reason', withReason(8, 'RATE_LIMIT_EXCEEDED'), 'throttle', 'RATE_LIMIT_EXCEEDED'],
	['3 bare', [3], 'protocol', 'INVALID_ARGUMENT'],
	[
		'3 + a policy reason',
		withReason(3, 'PUBLIC_ERROR_UNSAFE_GENERATION'),
		'policy',
		'PUBLIC_ERROR_UNSAFE_GENERATION',
	],
	['5 bare', [5], 'not-found', 'NOT_FOUND'],
	['13 bare', [13], 'transient', 'INTERNAL'],
	[
		'13 + a new reason',
		withReason(13, 'PUBLIC_ERROR_BACKEND_HICCUP'),
		'transient',
		'PUBLIC_ERROR_BACKEND_HICCUP',
	],
	['14 bare', [14], 'transient', 'UNAVAILABLE'],
	['an unknown code', [99], 'protocol', 'WIRE_CHANGED'],
	[
		'an unknown code + a known reason',
		withReason(99, 'PUBLIC_ERROR_HIGH_TRAFFIC'),
		'throttle',
		'PUBLIC_ERROR_HIGH_TRAFFIC',
	],
];

describe('the error slot mapped onto flowdeck kinds', () => {
	it.each(table)('%s', (_label, slot, kind, code) => {
		const error = refusedWith(refusal(slot));
		expect({kind: error.kind, code: error.code}).toEqual({kind, code});
		expect(error.ambiguous).toBe(false);
		// Only an answer flowdeck could not use is kept for a bug report.
		if (kind === 'protocol') expect(error.sample).toMatchObject({rpc, text: refusal(slot)});
		else expect(error.sample).toBeUndefined();
		expect(error.message).not.toMatch(/\n/);
		expect(error.message.length).toBeLessThan(160);
	});

	it('reads the ErrorInfo shape exactly as documented, with the known sentence', () => {
		const text = `)]}'\n\n154\n[["wrb.fr","YhhmEf",null,null,null,[8,null,[["type.googleapis.com/google.rpc.ErrorInfo",["PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED"]]]],"generic"]]\n`;
		expect(refusedWith(text)).toMatchObject({
			kind: 'model-access',
			code: 'PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED',
			httpStatus: 429,
			message: 'daily quota for this model reached',
		});
	});

	it('takes the ErrorInfo reason over other PUBLIC_ERROR words, and reads its domain and metadata', () => {
		const slot = [
			8,
			'PUBLIC_ERROR_HIGH_TRAFFIC was not it',
			[[errorInfo, ['PUBLIC_ERROR_USER_QUOTA_REACHED', 'aisandbox-pa.googleapis.com', [['k', 'v']]]]],
		];
		expect(refusedWith(refusal(slot))).toMatchObject({
			kind: 'quota',
			code: 'PUBLIC_ERROR_USER_QUOTA_REACHED',
		});
	});

	it('names a new reason in the message, and never shows a reason that is not reason-shaped', () => {
		expect(refusedWith(refusal(withReason(8, 'RATE_LIMIT_EXCEEDED'))).message).toBe(
			'flow.google.com refused the call: RATE_LIMIT_EXCEEDED (code 8 RESOURCE_EXHAUSTED)',
		);
		const odd = refusedWith(refusal(withReason(7, 'ya29.secret-token <b>')));
		expect(odd).toMatchObject({kind: 'auth', code: 'PERMISSION_DENIED'});
		expect(odd.message).toBe(
			'flow.google.com: this account may not make the call (code 7 PERMISSION_DENIED)',
		);
	});

	it('reads an unknown code as protocol, saying so in one line', () => {
		expect(refusedWith(refusal([42])).message).toBe(
			'flow.google.com answered with an error code flowdeck does not know (code 42)',
		);
	});
});

describe('er entries', () => {
	const er = (...rest: unknown[]): string => answer(['er', null, null, null, null, ...rest]);

	it.each<[string, string, ErrorKind, string]>([
		['HTTP 401', er(401, null, null, null, 16), 'auth', 'ER_401'],
		['HTTP 500', er(500), 'transient', 'ER_500'],
		['a google.rpc code', er(8), 'throttle', 'RESOURCE_EXHAUSTED'],
		['a google.rpc code at index 6', er(null, 16), 'auth', 'UNAUTHENTICATED'],
		[
			'HTTP 429 with an ErrorInfo reason',
			er(429, null, [[errorInfo, ['PUBLIC_ERROR_USER_QUOTA_REACHED']]]),
			'quota',
			'PUBLIC_ERROR_USER_QUOTA_REACHED',
		],
		['an odd HTTP status', er(418), 'protocol', 'ER_418'],
		['no status at all', answer(['er']), 'protocol', 'WIRE_CHANGED'],
	])('%s', (_label, text, kind, code) => {
		const error = refusedWith(text);
		expect({kind: error.kind, code: error.code}).toEqual({kind, code});
		if (kind === 'protocol') expect(error.sample).toEqual({rpc, text});
		else expect(error.sample).toBeUndefined();
	});
});

describe('unknown shapes', () => {
	it.each([
		['not batchexecute', '<html><title>Error 502</title></html>'],
		['a payload that is not JSON', answer(['wrb.fr', rpc, '{not json', null, null, null, 'generic'])],
		['no entry for this rpc', answer(['wrb.fr', 'nzlxg', '[1]', null, null, null, 'generic'])],
		['a null payload and no code', answer(['wrb.fr', rpc, null, null, null, null, 'generic'])],
		['a payload of the wrong type', answer(['wrb.fr', rpc, 7, null, null, null, 'generic'])],
	])('%s → protocol with a sample', (_label, text) => {
		const error = refusedWith(text);
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED', sample: {rpc, text}});
		expect(error.message).toMatch(/^flow\.google\.com answered in a shape flowdeck does not know/);
	});

	it('cuts a long answer to the sample size and keeps the message one short line', () => {
		const text = answer(['wrb.fr', rpc, `{${'lorem ipsum, '.repeat(2000)}`, null, null, null, 'generic']);
		const error = refusedWith(text);
		expect(error.sample?.text.length).toBe(maxSampleChars);
		expect(text.startsWith(error.sample?.text ?? '-')).toBe(true);
		expect(error.message).not.toMatch(/\n/);
		expect(error.message.length).toBeLessThan(260);
	});

	it('names the rpc it was given, and "unknown" without one', () => {
		expect(wireChanged('x', 'as29s').sample).toEqual({rpc: 'as29s', text: 'x'});
		expect(wireChanged('x').sample).toEqual({rpc: 'unknown', text: 'x'});
	});
});

describe('no credential survives in a message or a sample', () => {
	const captcha = `0cAFcWe${'Qk9fX1-_aZ'.repeat(240)}`.slice(0, 2400);
	const secrets = {
		cookieHeader: 'Cookie: SID=g.a000sidSECRET01; HSID=AhsidSECRET02; SAPISID=sapisidSECRET03/x',
		secureCookie: '__Secure-1PSID=g.a000psidSECRET04',
		osid: 'OSID=osidSECRET05',
		ya29: 'ya29.a0AfB_byaSECRET06-tok',
		at: 'at=AJvLN6SECRET07tok%3A1788000000000',
		atEcho: 'AJvLN6SECRET08tok:1788000000001',
		captcha,
		signed:
			'https://flow-content.google/video/m?Expires=1788000000&KeyName=labs-flow-prod-cdn-key&Signature=sigSECRET09abc',
	};
	const fragments = [
		'SECRET01',
		'SECRET02',
		'SECRET03',
		'SECRET04',
		'SECRET05',
		'SECRET06',
		'SECRET07',
		'SECRET08',
		'SECRET09',
		captcha.slice(7, 40),
		captcha.slice(-40),
	];
	const body = Object.values(secrets).join('\n');

	const checks: Array<[string, string]> = [
		// Secrets first, so they would be inside the message's excerpt too.
		['an unknown shape', `${body}\n${answer(['wrb.fr', rpc, null, null, null, null, 'generic'])}`],
		['a payload that is not JSON', answer(['wrb.fr', rpc, body, null, null, null, 'generic'])],
		['an unknown code', refusal([77, body])],
		['an odd er status', answer(['er', null, null, null, null, 418, body])],
	];

	it.each(checks)('%s', (_label, text) => {
		expect(text).toContain(captcha);
		const error = refusedWith(text);
		expect(error.kind).toBe('protocol');
		expect(error.sample).toBeDefined();
		for (const fragment of fragments) {
			expect(error.message).not.toContain(fragment);
			expect(error.sample?.text).not.toContain(fragment);
		}
		expect(error.sample?.text.length).toBeLessThanOrEqual(maxSampleChars);
		expect(error.sample?.text).toContain('0cAFcWe…');
	});
});

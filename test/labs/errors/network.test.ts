// Proves how a request that got no HTTP answer is classified: every network code flowdeck knows gets its
// own words, and a generate call is `ambiguous` (must not be sent again on its own, or it may be paid
// twice) unless the failure happened before any byte could reach the server. Also the cause-chain walk
// (fetch wraps the real error), its depth cap, and the FlowError helpers callers branch on.
import {describe, expect, it} from 'vitest';
import {
	classifyNetworkError,
	errorKinds,
	excerpt,
	FlowError,
	isFlowError,
	isRetryableKind,
} from '../../../source/labs/errors/index.js';

const coded = (code: unknown, message = 'boom') => Object.assign(new Error(message), {code});
const named = (name: string) => Object.assign(new Error('aborted'), {name});

/** Every code of the table, with its words and whether the request may have reached the server. */
const networkCodes: Array<[code: string, text: string, reachedServer: boolean]> = [
	['ECONNREFUSED', 'connection refused', false],
	['UND_ERR_CONNECT_TIMEOUT', 'connect timed out', false],
	['ENOTFOUND', 'host not found', false],
	['EAI_AGAIN', 'host name lookup failed', false],
	['EHOSTUNREACH', 'host unreachable', false],
	['ENETUNREACH', 'network unreachable', false],
	['ECONNRESET', 'connection reset', true],
	['EPIPE', 'connection closed while sending', true],
	['ETIMEDOUT', 'connection timed out', true],
	['UND_ERR_SOCKET', 'connection closed by the other side', true],
	['UND_ERR_CLOSED', 'connection closed', true],
	['UND_ERR_HEADERS_TIMEOUT', 'request timed out waiting for the answer', true],
	['UND_ERR_BODY_TIMEOUT', 'request timed out while reading the answer', true],
	['UND_ERR_ABORTED', 'request aborted', true],
	['AbortError', 'request timed out', true],
	['TimeoutError', 'request timed out', true],
];

describe('classifyNetworkError: every known code', () => {
	it.each(networkCodes)('%s → "%s", reached the server: %s', (code, text, reachedServer) => {
		for (const error of [coded(code), named(code)]) {
			const write = classifyNetworkError(error, {write: true});
			const read = classifyNetworkError(error, {write: false});
			expect(write).toBeInstanceOf(FlowError);
			expect({
				kind: write.kind,
				code: write.code,
				message: write.message,
				ambiguous: write.ambiguous,
			}).toEqual({
				kind: 'transient',
				code,
				message: `${text} (${code})`,
				ambiguous: reachedServer,
			});
			expect({code: read.code, message: read.message, ambiguous: read.ambiguous}).toEqual({
				code,
				message: `${text} (${code})`,
				ambiguous: false,
			});
			expect(write.cause).toBe(error);
			expect(write.httpStatus).toBeUndefined();
		}
	});

	it('may re-send a write only after a connect-phase failure', () => {
		const safe = networkCodes.filter(([code]) => !classifyNetworkError(coded(code), {write: true}).ambiguous);
		expect(safe.map(([code]) => code)).toEqual([
			'ECONNREFUSED',
			'UND_ERR_CONNECT_TIMEOUT',
			'ENOTFOUND',
			'EAI_AGAIN',
			'EHOSTUNREACH',
			'ENETUNREACH',
		]);
	});
});

describe('classifyNetworkError: the cause chain', () => {
	const wrap = (cause: unknown, depth: number): unknown => {
		let error = cause;
		for (let i = 0; i < depth; i++) error = new TypeError('fetch failed', {cause: error});
		return error;
	};

	it('finds a known code up to four causes deep, and no deeper', () => {
		for (const depth of [1, 2, 3, 4]) {
			const error = classifyNetworkError(wrap(coded('ECONNREFUSED'), depth), {write: true});
			expect([depth, error.code, error.message, error.ambiguous]).toEqual([
				depth,
				'ECONNREFUSED',
				'connection refused (ECONNREFUSED)',
				false,
			]);
		}
		const deep = classifyNetworkError(wrap(coded('ECONNREFUSED'), 5), {write: true});
		expect([deep.code, deep.message, deep.ambiguous]).toEqual([
			'NETWORK_ERROR',
			'network error: fetch failed',
			true,
		]);
	});

	it('finds a known cause inside an error with an unknown code, keeping the known one', () => {
		const outer = Object.assign(new Error('request failed'), {
			code: 'ERR_SOMETHING',
			cause: coded('ENOTFOUND'),
		});
		const error = classifyNetworkError(outer, {write: true});
		expect([error.code, error.message, error.ambiguous]).toEqual([
			'ENOTFOUND',
			'host not found (ENOTFOUND)',
			false,
		]);
		expect(error.cause).toBe(outer);
	});

	it('takes the outer known code over an inner one', () => {
		const outer = Object.assign(new Error('x'), {code: 'ECONNRESET', cause: coded('ECONNREFUSED')});
		const error = classifyNetworkError(outer, {write: true});
		expect([error.code, error.ambiguous]).toEqual(['ECONNRESET', true]);
	});

	it('takes a known name when the code is unknown, before looking at the cause', () => {
		const outer = Object.assign(new Error('x'), {
			code: 'EWHAT',
			name: 'AbortError',
			cause: coded('ENOTFOUND'),
		});
		const error = classifyNetworkError(outer, {write: true});
		expect([error.code, error.message, error.ambiguous]).toEqual([
			'AbortError',
			'request timed out (AbortError)',
			true,
		]);
	});

	it('keeps the outer unknown code, not an unknown code of a cause', () => {
		const outer = Object.assign(new Error('outer'), {code: 'EOUTER', cause: coded('EINNER', 'inner')});
		expect(classifyNetworkError(outer, {write: false}).message).toBe('network error: outer (EOUTER)');
		const bare = new Error('outer', {cause: coded('EINNER', 'inner')});
		const error = classifyNetworkError(bare, {write: true});
		expect([error.code, error.message, error.ambiguous]).toEqual([
			'NETWORK_ERROR',
			'network error: outer',
			true,
		]);
	});

	it('ignores codes and names that are not non-empty strings', () => {
		for (const code of [42, '', '   ', null, ['ECONNREFUSED']]) {
			const error = classifyNetworkError(coded(code, 'odd'), {write: true});
			expect([code, error.code, error.message, error.ambiguous]).toEqual([
				code,
				'NETWORK_ERROR',
				'network error: odd',
				true,
			]);
		}
		const spaced = classifyNetworkError(coded(' ECONNREFUSED '), {write: true});
		expect([spaced.code, spaced.ambiguous]).toEqual(['ECONNREFUSED', false]);
	});

	it('reads a plain object with a code, as some libraries throw', () => {
		const error = classifyNetworkError({code: 'ECONNREFUSED', message: 'x'}, {write: true});
		expect([error.code, error.ambiguous]).toEqual(['ECONNREFUSED', false]);
		const unknown = classifyNetworkError({code: 'EODD', message: 'not an Error'}, {write: true});
		expect([unknown.code, unknown.message]).toEqual(['EODD', 'network error: no answer (EODD)']);
	});
});

describe('classifyNetworkError: unknown failures', () => {
	it('words the message of an Error or a string, and says "no answer" for anything else', () => {
		const cases: Array<[unknown, string]> = [
			[new Error('  something\n odd  '), 'network error: something odd'],
			['a thrown string', 'network error: a thrown string'],
			[new Error('   '), 'network error: no answer'],
			[new Error(''), 'network error: no answer'],
			['', 'network error: no answer'],
			[42, 'network error: no answer'],
			[null, 'network error: no answer'],
			[undefined, 'network error: no answer'],
			[{message: 'not an Error'}, 'network error: no answer'],
		];
		for (const [thrown, message] of cases) {
			const error = classifyNetworkError(thrown, {write: true});
			expect([thrown, error.kind, error.code, error.message, error.ambiguous]).toEqual([
				thrown,
				'transient',
				'NETWORK_ERROR',
				message,
				true,
			]);
			expect(classifyNetworkError(thrown, {write: false}).ambiguous).toBe(false);
		}
	});

	it('redacts and cuts the message', () => {
		const error = classifyNetworkError(new Error(`token ya29.SECRET ${'word '.repeat(60)}`), {write: false});
		expect(error.message).not.toContain('SECRET');
		expect(error.message).toBe(`network error: ${excerpt(`token ya29.… ${'word '.repeat(60)}`, 100)}`);
		expect(error.message).toMatch(/^network error: token ya29\.… (word ){17}wo…$/);
	});
});

describe('FlowError helpers', () => {
	it('is a named Error with a closed kind, unambiguous unless told', () => {
		const error = new FlowError('auth', 'nope');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('FlowError');
		expect(String(error)).toBe('FlowError: nope');
		expect(error.ambiguous).toBe(false);
		expect('cause' in error).toBe(false);
		const cause = new Error('inner');
		expect(new FlowError('auth', 'nope', {cause}).cause).toBe(cause);
		expect(errorKinds).toContain('auth');
	});

	it('prefixes the account once, keeping everything else', () => {
		const cause = new Error('inner');
		const sample = {rpc: 'x', text: 'y'};
		const error = new FlowError('throttle', 'slow down', {
			code: 'C',
			httpStatus: 429,
			retryAfterMs: 5,
			ambiguous: true,
			sample,
			cause,
		});
		const copy = error.forAccount('alice');
		expect(copy).not.toBe(error);
		expect(copy).toBeInstanceOf(FlowError);
		expect(copy).toMatchObject({
			kind: 'throttle',
			message: 'alice: slow down',
			code: 'C',
			httpStatus: 429,
			retryAfterMs: 5,
			ambiguous: true,
			sample,
		});
		expect(copy.cause).toBe(cause);
		expect(copy.forAccount('alice')).toBe(copy);
		expect(copy.forAccount('bob').message).toBe('bob: alice: slow down');
		// Only a prefix counts: an account name inside the message is not one.
		expect(new FlowError('auth', 'x alice: y').forAccount('alice').message).toBe('alice: x alice: y');
		expect(new FlowError('auth', 'x: alice: ').forAccount('alice').message).toBe('alice: x: alice: ');
	});

	it('tells FlowErrors apart and retries only transient and throttle kinds', () => {
		expect(isFlowError(new FlowError('auth', 'x'))).toBe(true);
		expect(isFlowError(new Error('x'))).toBe(false);
		expect(errorKinds.filter(isRetryableKind)).toEqual(['throttle', 'transient']);
	});
});

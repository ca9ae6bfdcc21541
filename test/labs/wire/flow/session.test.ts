// Proves wire/flow/session.ts on its own: when a page session is too old to write with, how the project page
// is read through same-origin redirects (and when a redirect means signed out), and what a non-200
// answer to the page or to a batchexecute call becomes, `ambiguous` only for a write a gateway dropped.
import {describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {
	defaultAtMaxAgeMs,
	httpError,
	readProjectPage,
	rpcHttpError,
	sessionTooOld,
} from '../../../../source/labs/wire/flow/session.js';
import type {WireHeaders, WireResponse} from '../../../../source/labs/wire/http.js';
import {caughtFlowError as refusal} from '../../../helpers/flow-error.js';

const page =
	'<html lang="en-GB"><script>window.WIZ_global_data = {"SNlM0e":"AJvLN6bare:1788000000000","FdrFJe":"-2718281828","cfb2h":"boq_labs-ai-sandbox-frontend_20261002.00_p0"};</script></html>';
const session = {
	at: 'AJvLN6bare:1788000000000',
	fsid: '-2718281828',
	bl: 'boq_labs-ai-sandbox-frontend_20261002.00_p0',
	hl: 'en-GB',
};

const start = new URL('https://labs.example/fx/tools/flow/project/p1');
const reply = (status: number, text = '', headers: WireHeaders = {}): WireResponse => ({
	status,
	headers,
	text,
});
const moved = (location: string | string[] | undefined, status = 302): WireResponse =>
	reply(status, '', location === undefined ? {} : {location});

/** A `get` that answers from a list in order, and records the URLs it was asked for. */
function server(...answers: WireResponse[]) {
	const asked: string[] = [];
	const get = async (url: URL): Promise<WireResponse> => {
		asked.push(url.toString());
		const next = answers.shift();
		if (next === undefined) throw new Error(`unexpected GET ${url}`);
		return next;
	};
	return {asked, get};
}

const signedOutText = (why: string) =>
	`flow.google.com ${why}: the Google cookies are expired, revoked or incomplete (export them again)`;

describe('sessionTooOld', () => {
	it('keeps a session younger than the limit and renews it at the limit', () => {
		expect(defaultAtMaxAgeMs).toBe(20 * 60_000);
		expect(sessionTooOld(1000, 1000 + defaultAtMaxAgeMs - 1, defaultAtMaxAgeMs)).toBe(false);
		expect(sessionTooOld(1000, 1000 + defaultAtMaxAgeMs, defaultAtMaxAgeMs)).toBe(true);
		expect(sessionTooOld(1000, 1000 + defaultAtMaxAgeMs + 1, defaultAtMaxAgeMs)).toBe(true);
		expect(sessionTooOld(5000, 1000, 100)).toBe(false);
	});
});

describe('readProjectPage', () => {
	it('reads the session of a page answered at once', async () => {
		const {asked, get} = server(reply(200, page));
		expect(await readProjectPage(start, get)).toEqual(session);
		expect(asked).toEqual([start.toString()]);
	});

	it('follows same-origin redirects, relative ones against the current page', async () => {
		const {asked, get} = server(
			moved('/fx/tools/flow/project/p2', 301),
			moved(['p3', 'ignored'], 307),
			moved('https://labs.example/fx/tools/flow', 399),
			reply(200, page),
		);
		expect(await readProjectPage(start, get)).toEqual(session);
		expect(asked).toEqual([
			start.toString(),
			'https://labs.example/fx/tools/flow/project/p2',
			'https://labs.example/fx/tools/flow/project/p3',
			'https://labs.example/fx/tools/flow',
		]);
	});

	it('gives up as signed out after three followed redirects', async () => {
		const {asked, get} = server(moved('/a'), moved('/b'), moved('/c'), moved('/d'), reply(200, page));
		const error = await refusal(readProjectPage(start, get));
		expect(error).toMatchObject({kind: 'auth', code: 'SIGNED_OUT'});
		expect(error.message).toBe(signedOutText('kept redirecting the project page'));
		expect(asked).toHaveLength(4);
	});

	it('reads a redirect to the sign-in page, another host, /about or nowhere as signed out', async () => {
		for (const location of ['https://accounts.google.com/ServiceLogin', '/about', undefined]) {
			const {asked, get} = server(moved(location));
			const error = await refusal(readProjectPage(start, get));
			expect([location, error.kind, error.code, error.message]).toEqual([
				location,
				'auth',
				'SIGNED_OUT',
				signedOutText('sent this account to its sign-in page'),
			]);
			expect(asked).toHaveLength(1);
		}
	});

	it('reads 401 and 403 as signed out, naming the status', async () => {
		for (const status of [401, 403]) {
			const error = await refusal(readProjectPage(start, server(reply(status, 'denied')).get));
			expect([error.kind, error.code, error.message]).toEqual([
				'auth',
				'SIGNED_OUT',
				signedOutText(`refused the project page (HTTP ${status})`),
			]);
		}
	});

	it('classifies any other status as an HTTP error instead of reading the page', async () => {
		const cases: Array<[number, string]> = [
			[500, 'transient'],
			[404, 'not-found'],
			[400, 'protocol'],
			[204, 'protocol'],
			[299, 'protocol'],
		];
		for (const [status, kind] of cases) {
			const error = await refusal(readProjectPage(start, server(reply(status, page)).get));
			expect([status, error.kind, error.httpStatus]).toEqual([status, kind, status]);
		}
	});

	it('follows a 300 like any other redirect', async () => {
		const {asked, get} = server(moved('/x', 300), reply(200, page));
		expect(await readProjectPage(start, get)).toEqual(session);
		expect(asked[1]).toBe('https://labs.example/x');
	});
});

describe('httpError', () => {
	it('reads the status, body, Retry-After and content type of the answer', () => {
		const error = httpError(
			reply(429, '<html><title>Slow down</title></html>', {
				'retry-after': ['7', '99'],
				'content-type': 'text/html',
			}),
		);
		expect(error).toMatchObject({
			kind: 'throttle',
			httpStatus: 429,
			retryAfterMs: 7000,
			code: 'RESOURCE_EXHAUSTED',
			message: 'HTTP 429 RESOURCE_EXHAUSTED: HTML page "Slow down"',
		});
	});

	it('uses the content type to read a body as HTML', () => {
		const error = httpError(reply(500, 'x <title>Oops</title>', {'content-type': 'text/html'}));
		expect(error.message).toBe('HTTP 500 INTERNAL: HTML page "Oops"');
	});
});

describe('rpcHttpError', () => {
	it('reads any redirect of the call, and 401/403, as signed out', () => {
		for (const write of [false, true]) {
			for (const status of [300, 302, 399]) {
				const error = rpcHttpError(moved('/about', status), write);
				expect([status, error.kind, error.code, error.message, error.ambiguous]).toEqual([
					status,
					'auth',
					'SIGNED_OUT',
					signedOutText('redirected the call away'),
					false,
				]);
			}
			for (const status of [401, 403]) {
				const error = rpcHttpError(reply(status), write);
				expect([error.kind, error.code, error.message]).toEqual([
					'auth',
					'SIGNED_OUT',
					signedOutText(`refused the call (HTTP ${status})`),
				]);
			}
		}
	});

	it('marks a write a gateway or front end dropped (500, 502, 504) as ambiguous, keeping the rest', () => {
		for (const status of [500, 502, 504]) {
			const plain = rpcHttpError(reply(status, '', {'retry-after': '3'}), false);
			const write = rpcHttpError(reply(status, '', {'retry-after': '3'}), true);
			expect(plain.ambiguous).toBe(false);
			expect(write).toMatchObject({
				kind: 'transient',
				code: plain.code,
				httpStatus: status,
				retryAfterMs: 3000,
				ambiguous: true,
				message: `${plain.message}; whether the submit was accepted is unknown`,
			});
			expect(write).toBeInstanceOf(FlowError);
		}
	});

	it('leaves clear refusals of a write unambiguous', () => {
		for (const status of [400, 404, 429, 503, 501, 200]) {
			const error = rpcHttpError(reply(status), true);
			expect([status, error.ambiguous, error.message]).toEqual([
				status,
				false,
				httpError(reply(status)).message,
			]);
		}
	});
});

/**
 * FlowTransport's page session and HTTP answers: reading the project page, when its `at` is too old
 * to send a write with, and what a non-200 answer means. No I/O of its own: the caller sends.
 */
import {classifyHttpError, FlowError} from '../../errors/index.js';
import {headerValue, type WireResponse} from '../http.js';
import type {PageSession} from './batchexecute.js';
import {judgeRedirect, readPageSession, signedOut} from './wiz.js';

/**
 * GUESS: the `at` token has the `<token>:<epoch ms>` form of the same field on gemini.google.com
 * (docs/wire-captures.md), so it likely expires; nobody has measured when.
 * Reading the page again after this long costs one GET and spares a submit the xsrf challenge.
 */
export const defaultAtMaxAgeMs = 20 * 60_000;

/** Whether a page session read at `readAt` is too old to send a write with. */
export const sessionTooOld = (readAt: number, now: number, maxAgeMs: number): boolean =>
	now - readAt >= maxAgeMs;

/** Same-origin redirects followed on the project page before giving up (the page may bounce once). */
const maxPageRedirects = 3;

/** GETs the project page (or `/`) without following redirects off the Flow origin, and reads its WIZ data. */
export async function readProjectPage(
	start: URL,
	get: (url: URL) => Promise<WireResponse>,
): Promise<PageSession> {
	let url = start;
	for (let hop = 0; ; hop++) {
		const response = await get(url);
		if (response.status >= 300 && response.status < 400) {
			const location = headerValue(response.headers.location);
			const judged = judgeRedirect(location ?? '/about', url.toString());
			if (judged.landing === 'signed-out') throw signedOut('sent this account to its sign-in page');
			if (hop >= maxPageRedirects) throw signedOut('kept redirecting the project page');
			url = judged.url;
			continue;
		}
		if (response.status === 401 || response.status === 403) {
			throw signedOut(`refused the project page (HTTP ${response.status})`);
		}
		if (response.status !== 200) throw httpError(response);
		return readPageSession(response.text);
	}
}

export function httpError(response: WireResponse): FlowError {
	return classifyHttpError({
		status: response.status,
		bodyText: response.text,
		retryAfter: headerValue(response.headers['retry-after']),
		contentType: headerValue(response.headers['content-type']),
	});
}

/** A batchexecute call answered other than 200. */
export function rpcHttpError(response: WireResponse, write: boolean): FlowError {
	// batchexecute answers in place; a redirect of the call itself is the sign-in bounce.
	if (response.status >= 300 && response.status < 400) return signedOut('redirected the call away');
	if (response.status === 401 || response.status === 403) {
		return signedOut(`refused the call (HTTP ${response.status})`);
	}
	const error = httpError(response);
	// A gateway that gave up (502, 504) or a front end that broke (500) says nothing of whether the
	// backend started the generation; only a batchexecute answer (`er`, a code) is a clear refusal.
	if (write && (response.status === 500 || response.status === 502 || response.status === 504)) {
		return new FlowError(error.kind, `${error.message}; whether the submit was accepted is unknown`, {
			code: error.code,
			httpStatus: error.httpStatus,
			retryAfterMs: error.retryAfterMs,
			ambiguous: true,
		});
	}
	return error;
}

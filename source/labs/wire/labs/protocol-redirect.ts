// Reader of the labs media URL redirect answer (trpc/media.getMediaUrlRedirect).

import {classifyHttpError, FlowError} from '../../errors/index.js';
import {text, unexpectedText} from './protocol-read.js';

// ---------------------------------------------------------------------------------------------------
// Media URL redirect
// ---------------------------------------------------------------------------------------------------

/**
 * `trpc/media.getMediaUrlRedirect` answers with a redirect to a signed URL (302 or 307 seen). A 200
 * instead means the cookie was not accepted: the "No session found" body, or a login page.
 */
export function parseRedirectLocation(
	status: number,
	location: string | null | undefined,
	contentType?: string,
	bodyText?: string,
): string {
	const what = 'media URL';
	const body = typeof bodyText === 'string' ? bodyText : '';
	if (statusClass(status) === 3) {
		const target = text(location);
		if (target === undefined) throw unexpectedText(what, body, `HTTP ${status} without a Location`);
		if (!isFetchableLocation(target))
			throw unexpectedText(what, target, `HTTP ${status} to an unusable Location`);
		return target;
	}
	if (statusClass(status) === 2) {
		// Stryker disable next-line StringLiteral: the stand-in for a missing content type; any text without "html" reads alike
		if (/no session found/i.test(body) || /html/i.test(contentType ?? '') || /^\s*</.test(body)) {
			throw new FlowError('auth', 'session cookie rejected when resolving the media URL', {
				code: 'SESSION_REJECTED',
				httpStatus: status,
			});
		}
		throw unexpectedText(what, body, `HTTP ${status} instead of a redirect`);
	}
	if (status === 404) {
		throw new FlowError('not-found', 'media not found when resolving its URL', {
			code: 'NOT_FOUND',
			httpStatus: 404,
		});
	}
	throw classifyHttpError({status, bodyText: body, contentType});
}

/** 2 for 2xx, 3 for 3xx… */
const statusClass = (status: number): number => Math.floor(status / 100);

/** An absolute http(s) URL, or a path the caller resolves against the labs origin. */
function isFetchableLocation(location: string): boolean {
	const base = 'http://relative.invalid';
	if (!URL.canParse(location, base)) return false;
	const {protocol} = new URL(location, base);
	return protocol === 'http:' || protocol === 'https:';
}

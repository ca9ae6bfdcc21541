/**
 * One Google cookie of a flow.google.com account (docs/protocol-flow.md §1.5), and the error every
 * mistake in the `googleCookies` setting is reported as.
 */
import {FlowError} from '../../errors/index.js';

/** The code of every error about the `googleCookies` setting; callers turn it into a config error. */
export const googleCookiesErrorCode = 'BAD_GOOGLE_COOKIES';

/** The host the cookies were exported from; the configured Flow origin is matched as if it were it. */
export const flowHost = 'flow.google.com';

export type JarCookie = {
	name: string;
	value: string;
	/** Lower case, without a leading dot. */
	domain: string;
	/** Sent to `domain` only, not to its subdomains. */
	hostOnly: boolean;
	path: string;
	secure: boolean;
	/** ms since the epoch; absent for session cookies. */
	expiresAt?: number;
	/** As exported (Cookie-Editor); unknown for a Cookie header. Only a browser cares. */
	httpOnly?: boolean;
};

/** Every message names the setting, never a cookie value. */
export const configError = (detail: string): FlowError =>
	new FlowError('auth', `googleCookies: ${detail}`, {code: googleCookiesErrorCode});

/**
 * The cookies an account's browser context gets for the site it mints on. The labs session cookie goes
 * in as `__Secure-next-auth.session-token` for the labs page's host; every Google cookie that
 * flow.google.com would get goes in for the flow page. On the real flow.google.com they keep their own
 * domains (`.google.com`, `flow.google.com`); on a stand-in (the simulator on 127.0.0.1) they belong to
 * the page's host. Cookies are added with domain + path + secure rather than `url`: Playwright turns
 * `url: http://…` into secure=false, which Chromium refuses for `__Secure-` names, while Chromium itself
 * treats http://127.0.0.1 as a secure context and accepts and sends Secure cookies there (checked with
 * Chromium 150).
 */
import {flowDomainCookies} from '../../wire/flow/cookie-matching.js';
import {loadGoogleCookies} from '../../wire/flow/google-cookies.js';
import {flowHost, type JarCookie} from '../../wire/flow/jar-cookie.js';
import {sessionCookieName} from '../../wire/labs/protocol.js';
import {normaliseSessionCookie} from '../../wire/labs/session-cookie.js';
import {type AccountErrors, captchaErrorCodes} from './account-errors.js';
import {plainReason} from './browser-errors.js';

export type AccountCookies = {
	name: string;
	/** The labs.google session cookie (or a Cookie header holding it). */
	cookie?: string;
	/** Cookie-Editor JSON, a Cookie header, or the path of a file holding either (as for the client). */
	googleCookies?: string;
};

export type Cookie = {
	name: string;
	value: string;
	domain: string;
	path: string;
	secure: boolean;
	httpOnly: boolean;
	sameSite: 'Lax';
	expires: number;
};

export function labsCookies(account: AccountCookies, pageUrl: string, errors: AccountErrors): Cookie[] {
	if (!account.cookie) {
		throw errors.error('no labs.google cookie to open its project page with', captchaErrorCodes.noCookies);
	}
	return [
		{
			name: sessionCookieName,
			value: normaliseSessionCookie(account.cookie),
			domain: new URL(pageUrl).hostname,
			path: '/',
			secure: true,
			httpOnly: true,
			sameSite: 'Lax',
			expires: -1,
		},
	];
}

export function flowCookies(account: AccountCookies, pageUrl: string, errors: AccountErrors): Cookie[] {
	if (!account.googleCookies) {
		throw errors.error(
			'no Google cookies to open its flow.google.com page with',
			captchaErrorCodes.noCookies,
		);
	}
	let cookies: JarCookie[];
	try {
		cookies = flowDomainCookies(loadGoogleCookies(account.googleCookies));
	} catch (error) {
		// The loader's messages name the setting, never a value.
		throw errors.error(`googleCookies unusable: ${plainReason(error)}`, captchaErrorCodes.noCookies);
	}
	const host = new URL(pageUrl).hostname;
	const real = host === flowHost;
	const now = Date.now();
	return cookies
		.filter((cookie) => cookie.expiresAt === undefined || cookie.expiresAt > now)
		.map((cookie) => ({
			name: cookie.name,
			value: cookie.value,
			// Real Flow: the cookie's own domain; a stand-in: the page's host stands for flow.google.com.
			domain: real ? (cookie.hostOnly ? cookie.domain : `.${cookie.domain}`) : host,
			path: cookie.path,
			secure: cookie.secure || /^__(Secure|Host)-/.test(cookie.name),
			httpOnly: cookie.httpOnly ?? false,
			sameSite: 'Lax' as const,
			expires: cookie.expiresAt === undefined ? -1 : Math.floor(cookie.expiresAt / 1000),
		}));
}

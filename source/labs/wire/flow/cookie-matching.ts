/** Which cookies a request carries, by the domain and path rules a browser applies (RFC 6265). */
import {flowHost, type JarCookie} from './jar-cookie.js';

/** RFC 6265 §5.1.3. */
function domainMatches(cookie: JarCookie, host: string): boolean {
	if (host === cookie.domain) return true;
	return !cookie.hostOnly && host.endsWith(`.${cookie.domain}`);
}

/** RFC 6265 §5.1.4. */
export function pathMatches(cookiePath: string, requestPath: string): boolean {
	if (requestPath === cookiePath) return true;
	if (!requestPath.startsWith(cookiePath)) return false;
	return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The cookies a request to flow.google.com could carry (its own and its parent domains'). */
export function flowDomainCookies(cookies: readonly JarCookie[]): JarCookie[] {
	return cookies.filter((cookie) => domainMatches(cookie, flowHost));
}

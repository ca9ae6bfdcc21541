/**
 * The Google cookies of one flow.google.com account (docs/protocol-flow.md §1.5): imported from a
 * Cookie-Editor JSON export or a copied `Cookie:` header, and handed out per request by the same
 * domain, path, secure and expiry rules a browser applies.
 *
 * The jar knows exactly one origin: the configured Flow origin (FLOWDECK_FLOW_URL), which stands for
 * the real host `flow.google.com` whatever its own host is (the simulator runs on 127.0.0.1 ports).
 * Every other origin (labs, the API, the CDN, a redirect target) gets nothing, so a cookie can never
 * leave for a host it was not meant for.
 */
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
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
const configError = (detail: string): FlowError =>
	new FlowError('auth', `googleCookies: ${detail}`, {code: googleCookiesErrorCode});

const notCookies = (): FlowError => configError('not a Cookie-Editor export or Cookie header');

/** RFC 6265 cookie-name: an HTTP token. */
const cookieName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value that cannot break out of the Cookie header it is put in. */
const safeValue = (value: string): boolean => !/[;\r\n\0]/.test(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `googleCookies` as written in the accounts file: JSON text (starts with `[` or `{`), a Cookie header
 * (contains `=`), or else the path of a file holding either.
 */
export function loadGoogleCookies(
	spec: string,
	readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): JarCookie[] {
	const text = spec.replace(/^\uFEFF/, '').trim();
	if (text === '') throw notCookies();
	if (/^[[{]/.test(text) || text.includes('=')) return parseGoogleCookies(text);
	let content: string;
	try {
		content = readText(text);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException)?.code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? 'unreadable');
		throw configError(`cannot read ${basename(text)}: ${why}`);
	}
	try {
		return parseGoogleCookies(content);
	} catch {
		throw configError(`${basename(text)} is not a Cookie-Editor export or Cookie header`);
	}
}

/** Cookie-Editor JSON or a Cookie header, decided by the first character. */
export function parseGoogleCookies(text: string): JarCookie[] {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	return /^[[{]/.test(trimmed) ? parseCookieEditorJson(trimmed) : parseCookieHeader(trimmed);
}

/**
 * Cookie-Editor's "Export → JSON": an array of {domain, name, value, path, secure, httpOnly,
 * expirationDate (s), hostOnly, session, ...}. Also accepted wrapped as {"cookies": [...]}.
 */
export function parseCookieEditorJson(text: string): JarCookie[] {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw notCookies();
	}
	const list = Array.isArray(data) ? data : isRecord(data) ? data.cookies : undefined;
	if (!Array.isArray(list) || list.length === 0) throw notCookies();
	return list.map((entry): JarCookie => {
		if (!isRecord(entry)) throw notCookies();
		const {name, value, domain} = entry;
		if (typeof name !== 'string' || !cookieName.test(name)) throw notCookies();
		if (typeof value !== 'string' || !safeValue(value)) throw notCookies();
		if (typeof domain !== 'string' || !/^\.?[a-z0-9.-]+$/i.test(domain)) throw notCookies();
		const path = typeof entry.path === 'string' && entry.path.startsWith('/') ? entry.path : '/';
		const cookie: JarCookie = {
			name,
			value,
			domain: domain.toLowerCase().replace(/^\./, ''),
			// Cookie-Editor says hostOnly itself; without it, a leading dot is what marks a domain cookie.
			hostOnly: typeof entry.hostOnly === 'boolean' ? entry.hostOnly : !domain.startsWith('.'),
			path,
			secure: entry.secure === true,
		};
		if (typeof entry.httpOnly === 'boolean') cookie.httpOnly = entry.httpOnly;
		const expires = entry.expirationDate;
		if (entry.session !== true && typeof expires === 'number' && Number.isFinite(expires)) {
			cookie.expiresAt = Math.round(expires * 1000);
		}
		return cookie;
	});
}

/**
 * `name=value; name2=value2`, optionally starting with `Cookie:`, as DevTools shows it for a
 * batchexecute request. Those cookies were all sent to flow.google.com, so they belong to it.
 */
export function parseCookieHeader(text: string): JarCookie[] {
	const header = text.replace(/^cookie\s*:/i, '');
	if (/[\r\n\0]/.test(header)) throw notCookies();
	const cookies: JarCookie[] = [];
	for (const part of header.split(';')) {
		if (part.trim() === '') continue;
		const eq = part.indexOf('=');
		if (eq < 0) throw notCookies();
		const name = part.slice(0, eq).trim();
		if (!cookieName.test(name)) throw notCookies();
		cookies.push({
			name,
			value: part.slice(eq + 1).trim(),
			domain: flowHost,
			hostOnly: true,
			path: '/',
			secure: false,
		});
	}
	if (cookies.length === 0) throw notCookies();
	return cookies;
}

/** RFC 6265 §5.1.3. */
function domainMatches(cookie: JarCookie, host: string): boolean {
	if (host === cookie.domain) return true;
	return !cookie.hostOnly && host.endsWith(`.${cookie.domain}`);
}

/** RFC 6265 §5.1.4. */
function pathMatches(cookiePath: string, requestPath: string): boolean {
	if (requestPath === cookiePath) return true;
	if (!requestPath.startsWith(cookiePath)) return false;
	return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The cookies a request to flow.google.com could carry (its own and its parent domains'). */
export function flowDomainCookies(cookies: readonly JarCookie[]): JarCookie[] {
	return cookies.filter((cookie) => domainMatches(cookie, flowHost));
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class CookieJar {
	readonly #cookies: readonly JarCookie[];
	readonly #origin: string;
	/** A plain-http loopback origin (the simulator) gets the Secure cookies a real https one would. */
	readonly #ignoreSecure: boolean;
	readonly #now: () => number;

	constructor(cookies: readonly JarCookie[], flowUrl: string, now: () => number = Date.now) {
		const origin = new URL(flowUrl);
		this.#origin = origin.origin;
		this.#ignoreSecure = origin.protocol === 'http:' && loopbackHosts.has(origin.hostname);
		this.#now = now;
		this.#cookies = flowDomainCookies(cookies);
		if (this.#cookies.length === 0) {
			// An export made on another site (labs.google, say) would otherwise fail later and vaguely.
			throw configError(
				'none of these cookies is for flow.google.com or .google.com (export them while signed in on flow.google.com)',
			);
		}
	}

	/** The jar for an accounts-file `googleCookies` value. */
	static fromSpec(spec: string, flowUrl: string, now?: () => number): CookieJar {
		return new CookieJar(loadGoogleCookies(spec), flowUrl, now);
	}

	/** How many cookies could ever be sent (those for flow.google.com and its parent domains). */
	get size(): number {
		return this.#cookies.length;
	}

	/** Names only, for diagnostics: values never leave the jar except in a Cookie header. */
	names(): string[] {
		return this.#cookies.map((cookie) => cookie.name);
	}

	/** The Cookie header for a request to `url`: undefined for any origin but the Flow one. */
	headerFor(url: string | URL): string | undefined {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return undefined;
		}
		if (target.origin !== this.#origin) return undefined;
		const secureOk = target.protocol === 'https:' || this.#ignoreSecure;
		const now = this.#now();
		const matching = this.#cookies
			.filter(
				(cookie) =>
					pathMatches(cookie.path, target.pathname) &&
					(secureOk || !cookie.secure) &&
					(cookie.expiresAt === undefined || cookie.expiresAt > now),
			)
			// Browsers put longer paths first (RFC 6265 §5.4); the sort is stable for equal paths.
			.sort((a, b) => b.path.length - a.path.length);
		if (matching.length === 0) return undefined;
		return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
	}
}

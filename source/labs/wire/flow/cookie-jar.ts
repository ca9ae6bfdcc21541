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
import {flowDomainCookies, pathMatches} from './cookie-matching.js';
import {loadGoogleCookies} from './google-cookies.js';
import {configError, type JarCookie} from './jar-cookie.js';

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

/**
 * The labs.google access token (docs/protocol-labs.md): fetched with the session cookie,
 * single-flight, and renewed before Google lets it lapse (~1 h) or when the API refuses it.
 */
import {FlowError} from '../../errors/index.js';
import {headerValue} from '../http.js';
import type {RenewalSignal} from '../renewal.js';
import {parseJson} from './json-answer.js';
import type {LabsHttp} from './labs-http.js';
import {labsPaths, parseSession} from './protocol.js';
import {isOtherHost, movedError} from './redirects.js';

export type AccessToken = {value: string; obtainedAt: number};

export type AccessTokensOptions = {
	/** Tokens are renewed this long after they were obtained. */
	tokenRefreshMs: number;
	now: () => number;
	/** Told about every fetch after the first one. */
	renewal: RenewalSignal;
};

export class AccessTokens {
	readonly #http: LabsHttp;
	readonly #tokenRefreshMs: number;
	readonly #now: () => number;
	readonly #renewal: RenewalSignal;
	#token: AccessToken | undefined;
	#tokenInFlight: Promise<AccessToken> | undefined;
	#hadToken = false;

	constructor(http: LabsHttp, options: AccessTokensOptions) {
		this.#http = http;
		this.#tokenRefreshMs = options.tokenRefreshMs;
		this.#now = options.now;
		this.#renewal = options.renewal;
	}

	/** A token young enough to use, fetched when there is none. */
	async get(): Promise<AccessToken> {
		const token = this.#token;
		if (token && this.#now() - token.obtainedAt < this.#tokenRefreshMs) return token;
		this.#tokenInFlight ??= (
			this.#hadToken ? this.#renewal.around(() => this.#fetchAccessToken()) : this.#fetchAccessToken()
		).finally(() => {
			this.#tokenInFlight = undefined;
		});
		return this.#tokenInFlight;
	}

	/** Drops `token` unless a newer one has taken its place; drops whatever is held without one. */
	forget(token?: AccessToken): void {
		if (token === undefined || this.#token === token) this.#token = undefined;
	}

	async #fetchAccessToken(): Promise<AccessToken> {
		const response = await this.#http.labs('GET', labsPaths.session);
		if (response.status >= 300 && response.status < 400) {
			throw movedError(headerValue(response.headers.location));
		}
		if (response.status >= 400) throw this.#http.error(response);
		try {
			const session = parseSession(parseJson(response.text));
			const token = {value: session.accessToken, obtainedAt: this.#now()};
			this.#token = token;
			this.#hadToken = true;
			return token;
		} catch (error) {
			if (error instanceof FlowError && error.code === 'ACCOUNT_MIGRATED') {
				// next-auth answers `{}` both to a dead cookie and to an account moved to flow.google.com;
				// the Flow page itself tells them apart.
				throw await this.#explainEmptySession();
			}
			throw error;
		}
	}

	async #explainEmptySession(): Promise<FlowError> {
		const probe = await this.#http.labs('GET', labsPaths.flowTool).catch(() => undefined);
		const location = probe ? headerValue(probe.headers.location) : undefined;
		if (
			probe &&
			probe.status >= 300 &&
			probe.status < 400 &&
			location &&
			isOtherHost(location, this.#http.labsUrl)
		) {
			return movedError(location);
		}
		return new FlowError('auth', 'session cookie expired or revoked (labs.google gave no access token)', {
			code: 'COOKIE_EXPIRED',
		});
	}
}

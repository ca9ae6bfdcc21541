import {randomUUID} from 'node:crypto';
import {classifyHttpError, excerpt, FlowError, redactSecrets} from '../../errors/index.js';
import type {CreditsInfo, MediaRef, ResolvedMedia, StatusResult, SubmitResult} from '../../types.js';
import {headerValue, sendWire, type WireRequest, type WireResponse} from '../http.js';
import {RenewalSignal} from '../renewal.js';
import type {GenerateCall, Transport} from '../transport.js';
import type {Dispatcher} from '../undici.js';
import {
	apiPaths,
	buildCreateProjectBody,
	buildGenerateBody,
	buildStatusBody,
	captchaActionVideo,
	labsPaths,
	newSessionId,
	parseCreateProject,
	parseCredits,
	parseGenerateResponse,
	parseRedirectLocation,
	parseSession,
	parseStatusResponse,
	sessionCookieName,
} from './protocol.js';

export type LabsTransportOptions = {
	/** The labs.google session cookie value (or a Cookie header that contains it). */
	sessionCookie: string;
	apiUrl: string;
	labsUrl: string;
	dispatcher: Dispatcher;
	/** Close the dispatcher with the transport (when it was made for this transport alone). */
	ownsDispatcher?: boolean;
	timeoutMs?: number;
	/** Tokens are renewed this long after they were obtained, before Google lets them lapse (~1 h). */
	tokenRefreshMs?: number;
	now?: () => number;
};

type AccessToken = {value: string; obtainedAt: number};

/**
 * labs.google + aisandbox REST (docs/protocol-labs.md). The session cookie goes only to the labs origin,
 * the bearer only to the API origin; the access token is fetched single-flight and renewed before it
 * lapses and once after a 401.
 */
export class LabsTransport implements Transport {
	readonly kind = 'labs' as const;
	readonly captchaAction = captchaActionVideo;

	captchaPageUrl(projectId: string): string {
		return `${this.#labsUrl}${labsPaths.projectPage(projectId)}`;
	}
	readonly #cookieHeader: string;
	readonly #apiUrl: string;
	readonly #labsUrl: string;
	readonly #dispatcher: Dispatcher;
	readonly #ownsDispatcher: boolean;
	readonly #timeoutMs: number;
	readonly #tokenRefreshMs: number;
	readonly #now: () => number;
	readonly #sessionId: string;
	#token: AccessToken | undefined;
	#tokenInFlight: Promise<AccessToken> | undefined;
	#hadToken = false;
	readonly renewal = new RenewalSignal();

	constructor(options: LabsTransportOptions) {
		this.#cookieHeader = `${sessionCookieName}=${normaliseSessionCookie(options.sessionCookie)}`;
		this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
		this.#labsUrl = options.labsUrl.replace(/\/+$/, '');
		this.#dispatcher = options.dispatcher;
		this.#ownsDispatcher = options.ownsDispatcher ?? false;
		this.#timeoutMs = options.timeoutMs ?? 30_000;
		this.#tokenRefreshMs = options.tokenRefreshMs ?? 45 * 60_000;
		this.#now = options.now ?? Date.now;
		this.#sessionId = newSessionId(this.#now());
	}

	async authenticate(): Promise<void> {
		await this.#accessToken();
	}

	async credits(): Promise<CreditsInfo> {
		const response = await this.#api('GET', apiPaths.credits);
		return parseCredits(parseJson(response.text));
	}

	async createProject(title: string): Promise<string> {
		const response = await this.#labs(
			'POST',
			labsPaths.createProject,
			JSON.stringify(buildCreateProjectBody(title)),
		);
		if (response.status >= 400) throw this.#httpError(response);
		return parseCreateProject(parseJson(response.text));
	}

	async generate(call: GenerateCall): Promise<SubmitResult> {
		const body = buildGenerateBody({
			request: call.request,
			projectId: call.projectId,
			tier: call.tier,
			captchaToken: call.captchaToken,
			sessionId: this.#sessionId,
			batchId: call.request.batchId ?? randomUUID(),
		});
		const response = await this.#api('POST', apiPaths.generate, JSON.stringify(body), {write: true});
		return parseGenerateResponse(parseJson(response.text), call.projectId);
	}

	async status(media: MediaRef[]): Promise<StatusResult> {
		const response = await this.#api('POST', apiPaths.status, JSON.stringify(buildStatusBody(media)));
		return parseStatusResponse(parseJson(response.text));
	}

	async resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		const response = await this.#send(this.#labsUrl + labsPaths.mediaRedirect(media.name), {
			method: 'GET',
			headers: {cookie: this.#cookieHeader},
		});
		const location = headerValue(response.headers.location);
		if (response.status >= 400) throw this.#httpError(response);
		const url = parseRedirectLocation(
			response.status,
			location === undefined ? undefined : absoluteUrl(location, this.#labsUrl),
			headerValue(response.headers['content-type']),
			response.text,
		);
		return {url};
	}

	async close(): Promise<void> {
		this.#token = undefined;
		if (this.#ownsDispatcher) await this.#dispatcher.close();
	}

	async #accessToken(): Promise<AccessToken> {
		const token = this.#token;
		if (token && this.#now() - token.obtainedAt < this.#tokenRefreshMs) return token;
		this.#tokenInFlight ??= (
			this.#hadToken ? this.renewal.around(() => this.#fetchAccessToken()) : this.#fetchAccessToken()
		).finally(() => {
			this.#tokenInFlight = undefined;
		});
		return this.#tokenInFlight;
	}

	async #fetchAccessToken(): Promise<AccessToken> {
		const response = await this.#labs('GET', labsPaths.session);
		if (response.status >= 300 && response.status < 400) {
			throw movedError(headerValue(response.headers.location));
		}
		if (response.status >= 400) throw this.#httpError(response);
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
		const probe = await this.#labs('GET', labsPaths.flowTool).catch(() => undefined);
		const location = probe ? headerValue(probe.headers.location) : undefined;
		if (
			probe &&
			probe.status >= 300 &&
			probe.status < 400 &&
			location &&
			isOtherHost(location, this.#labsUrl)
		) {
			return movedError(location);
		}
		return new FlowError('auth', 'session cookie expired or revoked (labs.google gave no access token)', {
			code: 'COOKIE_EXPIRED',
		});
	}

	async #api(
		method: 'GET' | 'POST',
		path: string,
		body?: string,
		{write = false}: {write?: boolean} = {},
	): Promise<WireResponse> {
		for (let attempt = 0; ; attempt++) {
			const token = await this.#accessToken();
			const response = await this.#send(
				this.#apiUrl + path,
				{
					method,
					headers: {
						authorization: `Bearer ${token.value}`,
						...(body === undefined ? {} : {'content-type': 'text/plain;charset=UTF-8'}),
					},
					body,
				},
				write,
			);
			if (response.status === 401 && attempt === 0) {
				// The token lapsed early or was revoked: fetch a new one once, then give up.
				if (this.#token === token) this.#token = undefined;
				continue;
			}
			if (response.status >= 300) throw this.#httpError(response);
			return response;
		}
	}

	async #labs(method: 'GET' | 'POST', path: string, body?: string): Promise<WireResponse> {
		return this.#send(this.#labsUrl + path, {
			method,
			headers: {
				cookie: this.#cookieHeader,
				...(body === undefined ? {} : {'content-type': 'application/json'}),
			},
			body,
		});
	}

	#send(url: string, init: WireRequest, write = false): Promise<WireResponse> {
		return sendWire(url, init, {dispatcher: this.#dispatcher, timeoutMs: this.#timeoutMs, write});
	}

	#httpError(response: WireResponse): FlowError {
		if (response.status >= 300 && response.status < 400) {
			const location = headerValue(response.headers.location);
			if (location && isOtherHost(location, this.#labsUrl) && isOtherHost(location, this.#apiUrl)) {
				return movedError(location);
			}
		}
		return classifyHttpError({
			status: response.status,
			bodyText: response.text,
			retryAfter: headerValue(response.headers['retry-after']),
			contentType: headerValue(response.headers['content-type']),
		});
	}
}

function movedError(location: string | undefined): FlowError {
	if (location && /flow\.google\.com/i.test(location)) {
		return new FlowError(
			'auth',
			'Flow moved this account to flow.google.com (not supported by this transport)',
			{
				code: 'ACCOUNT_MIGRATED',
			},
		);
	}
	return new FlowError(
		'protocol',
		`labs.google redirected to another host (${excerpt(location ?? '?', 80)})`,
		{
			code: 'UNEXPECTED_REDIRECT',
		},
	);
}

/** A Location resolved against `base`; one that is no URL at all is left for the parser to refuse. */
function absoluteUrl(location: string, base: string): string {
	try {
		return new URL(location, base).toString();
	} catch {
		return location;
	}
}

function isOtherHost(location: string, base: string): boolean {
	try {
		return new URL(location, base).host !== new URL(base).host;
	} catch {
		return false;
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// A cut-off session answer holds the access token itself: never quote one.
		throw new FlowError('protocol', `the answer is not JSON: ${excerpt(redactSecrets(text))}`);
	}
}

/** People paste either the bare cookie value or a whole Cookie header copied from the browser. */
export function normaliseSessionCookie(input: string): string {
	const trimmed = input.trim();
	const match = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token=([^;]+)/.exec(trimmed);
	return match?.[1] ?? trimmed;
}

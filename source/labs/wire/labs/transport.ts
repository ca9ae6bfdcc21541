import {randomUUID} from 'node:crypto';
import type {
	CreditsInfo,
	MediaRef,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
	UploadedImage,
	UploadImageCall,
} from '../../types.js';
import {headerValue, type WireResponse} from '../http.js';
import {RenewalSignal} from '../renewal.js';
import type {GenerateCall, Transport, UpscaleCall} from '../transport.js';
import type {Dispatcher} from '../undici.js';
import {AccessTokens} from './access-token.js';
import {parseJson} from './json-answer.js';
import {LabsHttp} from './labs-http.js';
import {
	apiPaths,
	buildCreateProjectBody,
	buildModeGenerateBody,
	buildStatusBody,
	captchaActionVideo,
	generatePaths,
	labsPaths,
	newSessionId,
	parseCreateProject,
	parseCredits,
	parseGenerateResponse,
	parseRedirectLocation,
	parseStatusResponse,
	sessionCookieName,
} from './protocol.js';
import {buildUploadBody, parseUploadResponse} from './protocol-upload.js';
import {buildUpscaleBody, parseUpscaleResponse, upsampledRef, upscaleExists} from './protocol-upscale.js';
import {absoluteUrl} from './redirects.js';
import {normaliseSessionCookie} from './session-cookie.js';

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

/**
 * labs.google + aisandbox REST (docs/protocol-labs.md). The session cookie goes only to the labs origin,
 * the bearer only to the API origin; the access token is fetched single-flight and renewed before it
 * lapses and once after a 401.
 */
export class LabsTransport implements Transport {
	readonly kind = 'labs' as const;
	readonly captchaAction = captchaActionVideo;
	/** An upload carries no captcha on this wire (docs/protocol-labs.md §3.5). */
	readonly uploadCaptchaAction: string | undefined = undefined;

	captchaPageUrl(projectId: string): string {
		return `${this.#http.labsUrl}${labsPaths.projectPage(projectId)}`;
	}
	readonly #http: LabsHttp;
	readonly #tokens: AccessTokens;
	readonly #dispatcher: Dispatcher;
	readonly #ownsDispatcher: boolean;
	readonly #sessionId: string;
	readonly renewal = new RenewalSignal();

	constructor(options: LabsTransportOptions) {
		this.#http = new LabsHttp({
			cookieHeader: `${sessionCookieName}=${normaliseSessionCookie(options.sessionCookie)}`,
			apiUrl: options.apiUrl.replace(/\/+$/, ''),
			labsUrl: options.labsUrl.replace(/\/+$/, ''),
			dispatcher: options.dispatcher,
			timeoutMs: options.timeoutMs ?? 30_000,
		});
		this.#dispatcher = options.dispatcher;
		this.#ownsDispatcher = options.ownsDispatcher ?? false;
		const now = options.now ?? Date.now;
		this.#tokens = new AccessTokens(this.#http, {
			tokenRefreshMs: options.tokenRefreshMs ?? 45 * 60_000,
			now,
			renewal: this.renewal,
		});
		this.#sessionId = newSessionId(now());
	}

	async authenticate(): Promise<void> {
		await this.#tokens.get();
	}

	async credits(): Promise<CreditsInfo> {
		const response = await this.#api('GET', apiPaths.credits);
		return parseCredits(parseJson(response.text));
	}

	async createProject(title: string): Promise<string> {
		const response = await this.#http.labs(
			'POST',
			labsPaths.createProject,
			JSON.stringify(buildCreateProjectBody(title)),
		);
		if (response.status >= 400) throw this.#http.error(response);
		return parseCreateProject(parseJson(response.text));
	}

	/**
	 * One generate call in the request's mode (text, frames, references or a clip to extend), each to
	 * its own endpoint; every mode answers in the text-to-video shape (docs/protocol-labs.md §3.4, §3.5).
	 */
	async generate(call: GenerateCall): Promise<SubmitResult> {
		const {mode, body} = buildModeGenerateBody({
			request: call.request,
			projectId: call.projectId,
			tier: call.tier,
			captchaToken: call.captchaToken,
			sessionId: this.#sessionId,
			batchId: call.request.batchId ?? randomUUID(),
		});
		const response = await this.#api('POST', generatePaths[mode], JSON.stringify(body), {write: true});
		return parseGenerateResponse(parseJson(response.text), call.projectId);
	}

	/** No captcha on this wire (§3.5); nothing is charged, so a retried upload costs nothing. */
	async uploadImage(call: UploadImageCall): Promise<UploadedImage> {
		const body = buildUploadBody(call.image, call.projectId, this.#sessionId);
		const response = await this.#api('POST', apiPaths.upload, JSON.stringify(body));
		return parseUploadResponse(parseJson(response.text), call.projectId);
	}

	/**
	 * A captcha-carrying write, as a generate call is; the copy is polled like any video (§3.5). The
	 * same upscale asked again is answered 409 ALREADY_EXISTS: that copy exists, so it is the answer.
	 */
	async upscale(call: UpscaleCall): Promise<MediaRef> {
		const body = buildUpscaleBody({call, sessionId: this.#sessionId});
		let response: WireResponse;
		try {
			response = await this.#api('POST', apiPaths.upscale, JSON.stringify(body), {write: true});
		} catch (error) {
			if (!upscaleExists(error)) throw error;
			return upsampledRef(call);
		}
		return parseUpscaleResponse(parseJson(response.text), call);
	}

	async status(media: MediaRef[]): Promise<StatusResult> {
		const response = await this.#api('POST', apiPaths.status, JSON.stringify(buildStatusBody(media)));
		return parseStatusResponse(parseJson(response.text));
	}

	async resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		const response = await this.#http.labs('GET', labsPaths.mediaRedirect(media.name));
		const location = headerValue(response.headers.location);
		if (response.status >= 400) throw this.#http.error(response);
		const url = parseRedirectLocation(
			response.status,
			location === undefined ? undefined : absoluteUrl(location, this.#http.labsUrl),
			headerValue(response.headers['content-type']),
			response.text,
		);
		return {url};
	}

	async close(): Promise<void> {
		this.#tokens.forget();
		if (this.#ownsDispatcher) await this.#dispatcher.close();
	}

	async #api(
		method: 'GET' | 'POST',
		path: string,
		body?: string,
		{write = false}: {write?: boolean} = {},
	): Promise<WireResponse> {
		for (let attempt = 0; ; attempt++) {
			const token = await this.#tokens.get();
			const response = await this.#http.send(
				this.#http.apiUrl + path,
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
				this.#tokens.forget(token);
				continue;
			}
			if (response.status >= 300) throw this.#http.error(response);
			return response;
		}
	}
}

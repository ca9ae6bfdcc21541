/**
 * LabsTransport's HTTP (docs/protocol-labs.md): the session cookie goes only to the labs origin, and
 * an answer that is not a success becomes a classified FlowError.
 */
import {classifyHttpError, type FlowError} from '../../errors/index.js';
import {headerValue, sendWire, type WireRequest, type WireResponse} from '../http.js';
import type {Dispatcher} from '../undici.js';
import {isOtherHost, movedError} from './redirects.js';

export type LabsHttpOptions = {
	/** The whole Cookie header for the labs origin. */
	cookieHeader: string;
	/** Without a trailing slash. */
	apiUrl: string;
	/** Without a trailing slash. */
	labsUrl: string;
	dispatcher: Dispatcher;
	timeoutMs: number;
};

export class LabsHttp {
	readonly apiUrl: string;
	readonly labsUrl: string;
	readonly #cookieHeader: string;
	readonly #dispatcher: Dispatcher;
	readonly #timeoutMs: number;

	constructor(options: LabsHttpOptions) {
		this.#cookieHeader = options.cookieHeader;
		this.apiUrl = options.apiUrl;
		this.labsUrl = options.labsUrl;
		this.#dispatcher = options.dispatcher;
		this.#timeoutMs = options.timeoutMs;
	}

	/** A call to the labs origin, with the session cookie. */
	async labs(method: 'GET' | 'POST', path: string, body?: string): Promise<WireResponse> {
		return this.send(this.labsUrl + path, {
			method,
			headers: {
				cookie: this.#cookieHeader,
				...(body === undefined ? {} : {'content-type': 'application/json'}),
			},
			body,
		});
	}

	send(url: string, init: WireRequest, write = false): Promise<WireResponse> {
		return sendWire(url, init, {dispatcher: this.#dispatcher, timeoutMs: this.#timeoutMs, write});
	}

	error(response: WireResponse): FlowError {
		if (response.status >= 300 && response.status < 400) {
			const location = headerValue(response.headers.location);
			if (location && isOtherHost(location, this.labsUrl) && isOtherHost(location, this.apiUrl)) {
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

import {classifyNetworkError} from '../errors/index.js';
import {type Dispatcher, request} from './undici.js';

export type WireHeaders = Record<string, string | string[] | undefined>;

export type WireResponse = {status: number; headers: WireHeaders; text: string};

export type WireRequest = {method: 'GET' | 'POST'; headers: Record<string, string>; body?: string};

/**
 * One HTTP exchange for a transport: redirects are never followed (a redirect target must not get
 * credentials), and a network failure becomes a classified FlowError, `ambiguous` for a write.
 */
export async function sendWire(
	url: string,
	init: WireRequest,
	{dispatcher, timeoutMs, write = false}: {dispatcher: Dispatcher; timeoutMs: number; write?: boolean},
): Promise<WireResponse> {
	try {
		const response = await request(url, {
			method: init.method,
			headers: init.headers,
			body: init.body,
			dispatcher,
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
		});
		const text = await response.body.text();
		return {status: response.statusCode, headers: response.headers, text};
	} catch (error) {
		throw classifyNetworkError(error, {write});
	}
}

export function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

import {createRequire} from 'node:module';
import type {Dispatcher, Agent as UndiciAgent} from 'undici';

/*
 * The two parts of undici flowdeck uses, the connection-pooling Agent and the request API, loaded
 * from their own files instead of undici's index. The index also loads fetch, WebSocket, cookies,
 * mocks, caches and HTTP/2 and, through them, Node's own copy of undici: 86–122 ms against 28–40 ms
 * on the bench machine, in a start that has 400 ms (bench/startup.js). undici's version is pinned
 * in package.json; test/labs/wire/undici.test.ts fails if these files move.
 */
const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;

const requestApi = require('undici/lib/api/api-request.js') as (
	this: Dispatcher,
	options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
	method?: Dispatcher.HttpMethod;
	/** Every request names its dispatcher: an account's requests never share a global one. */
	dispatcher: Dispatcher;
};

/** undici's `request(url, options)`, without the global dispatcher. */
export function request(
	url: string,
	{dispatcher, ...options}: RequestOptions,
): Promise<Dispatcher.ResponseData> {
	const target = new URL(url);
	return requestApi.call(dispatcher, {
		...options,
		origin: target.origin,
		path: `${target.pathname}${target.search}`,
		method: options.method ?? 'GET',
	});
}

export type {Dispatcher};

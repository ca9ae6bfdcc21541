import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {Agent as IndexAgent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {Agent, request} from '../../../source/labs/wire/undici.js';

let server: Server | undefined;
afterEach(async () => {
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
	server = undefined;
});

describe('undici loaded part by part (source/labs/wire/undici.ts)', () => {
	it('is the Agent undici exports', () => {
		const agent = new Agent();
		expect(agent).toBeInstanceOf(IndexAgent);
		void agent.close();
	});

	it('sends method, path with query, headers and body through the given dispatcher', async () => {
		const seen: {method?: string; url?: string; header?: string; body: string}[] = [];
		server = createServer((incoming, response) => {
			let body = '';
			incoming.on('data', (chunk) => (body += chunk));
			incoming.on('end', () => {
				seen.push({
					method: incoming.method,
					url: incoming.url,
					header: incoming.headers['x-test'] as string,
					body,
				});
				response.writeHead(201, {'x-answer': 'yes'}).end('ok');
			});
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		let dispatched = 0;
		const agent = new Agent();
		const counting = agent.compose((dispatch) => (options, handler) => {
			dispatched++;
			return dispatch(options, handler);
		});
		const posted = await request(`${origin}/v1/x:run?key=1&b=2`, {
			method: 'POST',
			headers: {'x-test': 'h'},
			body: '{"a":1}',
			dispatcher: counting,
		});
		expect(posted.statusCode).toBe(201);
		expect(posted.headers['x-answer']).toBe('yes');
		expect(await posted.body.text()).toBe('ok');
		const fetched = await request(`${origin}/plain`, {dispatcher: counting});
		await fetched.body.dump();
		expect(seen).toEqual([
			{method: 'POST', url: '/v1/x:run?key=1&b=2', header: 'h', body: '{"a":1}'},
			{method: 'GET', url: '/plain', header: undefined, body: ''},
		]);
		expect(dispatched).toBe(2);
		await agent.close();
	});
});

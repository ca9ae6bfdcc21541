/**
 * A lost generate answer that the look-up in the project (`Zzl0ze`) cannot settle stays in doubt and is
 * not sent again: staged on a bare server that answers each call by its rpc id.
 */
import {randomUUID} from 'node:crypto';
import {createServer, type IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {Agent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {AccountClient} from '../../../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../../../source/labs/captcha/providers.js';
import {CookieJar} from '../../../../source/labs/wire/flow/cookie-jar.js';
import {parseCookieHeader} from '../../../../source/labs/wire/flow/google-cookies.js';
import {FlowTransport} from '../../../../source/labs/wire/flow/transport.js';
import {codeEntry, dataEntry, erEntry, reply, xsrfEntry} from '../../../../source/simulator/flow/wire.js';
import {caughtFlowError as caught} from '../../../helpers/flow-error.js';
import {googleCookiesOf} from './harness.js';
import {request} from './lookup.js';

const open: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	for (const item of open.splice(0).reverse()) await item.close();
});

const wiz =
	'<html lang="en"><script>window.WIZ_global_data = {"SNlM0e":"AJvLN6bare:1788000000000","FdrFJe":"-2718281828","cfb2h":"boq_labs-ai-sandbox-frontend_20261002.00_p0"};</script></html>';

type Answer = {status: number; body: string} | 'hang-up';

/**
 * A server that answers each batchexecute call by its rpc id: enough to stage what the simulator
 * will not (a lost answer whose media never appear, a look-up that fails).
 */
async function bareFlow(answer: (rpcid: string, n: number) => Answer, lookupGraceMs = 30) {
	const calls: string[] = [];
	const server = createServer(async (req: IncomingMessage, res) => {
		await new Promise((resolve) => req.resume().on('end', resolve));
		if (req.method === 'GET') {
			res.writeHead(200, {'content-type': 'text/html'});
			res.end(wiz);
			return;
		}
		const rpcid = new URL(req.url ?? '/', 'http://x').searchParams.get('rpcids') ?? '';
		calls.push(rpcid);
		const reply = answer(rpcid, calls.filter((c) => c === rpcid).length);
		if (reply === 'hang-up') {
			req.socket.destroy();
			return;
		}
		res.writeHead(reply.status, {'content-type': 'application/json'});
		res.end(reply.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const tokens: string[] = [];
	const transport = new FlowTransport({
		jar: new CookieJar(parseCookieHeader(googleCookiesOf('bare')), url),
		flowUrl: url,
		dispatcher: new Agent(),
		ownsDispatcher: true,
		lookupGraceMs,
	});
	const client = new AccountClient({
		name: 'acc1',
		transport,
		projectId: 'p1',
		captcha: functionCaptchaProvider('test', () => {
			tokens.push(`token-${tokens.length + 1}`);
			return tokens.at(-1)!;
		}),
	});
	open.push({close: () => new Promise<void>((resolve) => server.close(() => resolve()))});
	open.push(client);
	return {calls, tokens, client};
}

const ok = (rpcid: string, payload: unknown): Answer => ({
	status: 200,
	body: reply([dataEntry(rpcid, payload)]),
});

const boatHeading = (batchId: string) => [
	'wf-1',
	null,
	null,
	['a boat', [1, 0], null, null, 'media-1', batchId, [1, 0]],
	'p1',
];

describe('a lost submit that cannot be settled stays in doubt', () => {
	it('closing the account ends a look-up still in its grace period: in doubt at once, not sent again', async () => {
		const bare = await bareFlow(
			(rpcid) => (rpcid === 'YhhmEf' ? 'hang-up' : ok(rpcid, [null, [], []])),
			600_000,
		);
		const submitted = caught(bare.client.submit({...request, batchId: randomUUID().toUpperCase()}));
		while (!bare.calls.includes('Zzl0ze')) await new Promise((resolve) => setTimeout(resolve, 5));
		await bare.client.close();
		// Without the close this waits out ten minutes of grace (the test would time out).
		const error = await submitted;
		expect(error).toMatchObject({kind: 'transient', ambiguous: true});
		expect(bare.calls.filter((c) => c === 'YhhmEf')).toHaveLength(1);
	});

	it('a lost answer whose media never appear stays ambiguous; the call is not sent again', async () => {
		const bare = await bareFlow((rpcid) => (rpcid === 'YhhmEf' ? 'hang-up' : ok(rpcid, [null, [], []])));
		const error = await caught(bare.client.submit({...request, batchId: randomUUID().toUpperCase()}));
		expect(error).toMatchObject({kind: 'transient', ambiguous: true});
		expect(bare.calls.filter((c) => c === 'YhhmEf')).toHaveLength(1);
		// Asked over the grace period, a fixed number of times, whatever the timing.
		expect(bare.calls.filter((c) => c === 'Zzl0ze')).toHaveLength(4);
		expect(bare.tokens).toHaveLength(1);
	});

	it('a media that shows up later in the grace period is still found', async () => {
		const batchId = randomUUID().toUpperCase();
		const bare = await bareFlow((rpcid, n) => {
			if (rpcid === 'YhhmEf') return 'hang-up';
			return ok(rpcid, [null, n < 3 ? [] : [boatHeading(batchId)], []]);
		});
		const result = await bare.client.submit({...request, batchId});
		expect(result).toEqual({media: [{name: 'media-1', projectId: 'p1'}]});
		expect(bare.calls).toEqual(['YhhmEf', 'Zzl0ze', 'Zzl0ze', 'Zzl0ze']);
	});

	for (const [what, failure] of [
		['a refused look-up', {status: 200, body: reply([codeEntry('Zzl0ze', 13)])}],
		['a gateway error', {status: 502, body: '<html>502</html>'}],
		['a batch refused outright', {status: 200, body: reply([erEntry(500)])}],
	] as const) {
		it(`a look-up that itself fails (${what}) leaves the lost submit in doubt`, async () => {
			const bare = await bareFlow((rpcid) => (rpcid === 'YhhmEf' ? 'hang-up' : failure));
			const error = await caught(bare.client.submit({...request, batchId: randomUUID().toUpperCase()}));
			expect(error).toMatchObject({kind: 'transient', ambiguous: true});
			expect(error.message).not.toMatch(/Zzl0ze|502|refused/);
			expect(bare.calls).toEqual(['YhhmEf', 'Zzl0ze']);
			expect(bare.tokens).toHaveLength(1);
		});
	}

	it('an xsrf-challenged submit whose look-up fails stays in doubt and is not sent again', async () => {
		const bare = await bareFlow((rpcid) =>
			rpcid === 'YhhmEf'
				? {status: 200, body: reply([xsrfEntry('AJvLN6fresh:1788000000001')])}
				: {status: 502, body: '<html>502</html>'},
		);
		const error = await caught(bare.client.submit({...request, batchId: randomUUID().toUpperCase()}));
		expect(error).toMatchObject({kind: 'transient', ambiguous: true, code: 'XSRF'});
		expect(bare.calls).toEqual(['YhhmEf', 'Zzl0ze']);
		expect(bare.tokens).toHaveLength(1);
	});
});

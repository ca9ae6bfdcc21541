/**
 * A generate call whose answer is lost is looked up in the project (`Zzl0ze`) by the batch id it
 * sent, instead of being left in doubt or sent twice (docs/wire-captures.md; the captured answer is
 * test/fixtures/wire/flow/Zzl0ze_project-contents.excerpt.json).
 */
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {Agent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {AccountClient} from '../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../source/labs/captcha.js';
import {createLabsAccountClient} from '../../source/labs/index.js';
import {codeEntry, dataEntry, erEntry, reply, xsrfEntry} from '../../source/labs/simulator/flow-wire.js';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../source/labs/simulator/index.js';
import {FlowTransport, type FlowTransportOptions} from '../../source/labs/transport/flow.js';
import {
	buildProjectContentsPayload,
	mediaOfBatch,
	parseProjectContents,
} from '../../source/labs/transport/flow-contents.js';
import {CookieJar, parseCookieHeader} from '../../source/labs/transport/flow-cookie-jar.js';
import {caught, googleCookiesOf} from './flow-harness.js';

const fixture = join(
	import.meta.dirname,
	'..',
	'fixtures',
	'wire',
	'flow',
	'Zzl0ze_project-contents.excerpt.json',
);
const captured = (JSON.parse(readFileSync(fixture, 'utf8')) as {payload: unknown[]}).payload;

const capturedProject = 'c5d1301b-07fe-4485-86d9-49a47449a494';

describe('Zzl0ze, read from the captured answer', () => {
	it('builds the request as FB/FK send it', () => {
		expect(buildProjectContentsPayload('p-1')).toEqual(['projects/p-1', null, null, null, [1]]);
	});

	it('reads every heading and the record; a batch id leads to its media and workflow', () => {
		const contents = parseProjectContents(captured);
		expect(contents.headings).toHaveLength(15);
		const boat = contents.headings.find((h) => h.batchId === '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6');
		expect(boat).toEqual({
			workflowId: '1480bbf8-ebdc-41d1-ba7d-60163ccf1d4f',
			mediaId: '402034a2-56a9-4034-b2ce-a6d9395a78d7',
			batchId: '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6',
			projectId: capturedProject,
			title: 'Red paper boat circling',
		});
		expect(contents.records).toHaveLength(1);
		expect(contents.records[0]).toMatchObject({
			mediaId: '402034a2-56a9-4034-b2ce-a6d9395a78d7',
			workflowId: '1480bbf8-ebdc-41d1-ba7d-60163ccf1d4f',
			statusCode: 3,
			state: 'succeeded',
			byteSize: 1562785,
		});
		expect(mediaOfBatch(contents, '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6', 'other')).toEqual([
			{name: '402034a2-56a9-4034-b2ce-a6d9395a78d7', projectId: capturedProject},
		]);
	});

	it('gives every media of a batch in heading order; upsamples, null batches and unknown ids never match', () => {
		const contents = parseProjectContents(captured);
		// A four-copy batch of the labs era (lower case), listed apart from its upsample.
		expect(mediaOfBatch(contents, '4332A225-2D8E-46C4-B083-B7F9711D71C6', 'p')?.map((m) => m.name)).toEqual([
			'c5d0175d-396f-4d0b-8ccd-a470987a1b33',
			'02c29432-7f4f-4f68-a92a-f2fbabae5a2e',
			'54eba5ea-9134-45f0-ba74-1094c896affc',
			'cdedc355-caa7-4049-94f5-adc57558452b',
		]);
		// The same answer with an upsample that names the boat's batch: still the boat alone.
		const upsample = [
			'9b000000-0000-4000-8000-000000000000',
			null,
			null,
			[
				null,
				[1, 0],
				null,
				null,
				'402034a2-56a9-4034-b2ce-a6d9395a78d7_upsampled',
				'52FD3E7F-BBF9-453A-A80B-72B7E317E5D6',
			],
			capturedProject,
		];
		const withUpsample = parseProjectContents([null, [...(captured[1] as unknown[]), upsample], captured[2]]);
		expect(mediaOfBatch(withUpsample, '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6', 'p')).toHaveLength(1);
		for (const missing of ['', 'null', randomUUID().toUpperCase()]) {
			expect(mediaOfBatch(contents, missing, 'p')).toBeUndefined();
		}
	});

	it('ignores slots it does not know; an answer that is not a list is a changed wire', () => {
		expect(parseProjectContents([null])).toEqual({headings: [], records: []});
		const extra = parseProjectContents([null, captured[1], captured[2], 'later', [7]]);
		expect(extra.headings).toHaveLength(15);
		for (const odd of [null, {}, 'x']) {
			expect(() => parseProjectContents(odd)).toThrow(
				expect.objectContaining({kind: 'protocol', code: 'WIRE_CHANGED'}),
			);
		}
	});
});

// ---------------------------------------------------------------------------------------------------

const cookies = googleCookiesOf('one');
const accounts = [
	{name: 'acc1', cookie: 'labs-one', googleCookies: cookies, migrated: true},
	{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
];
const request = {prompt: 'a red fox in snow', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 2};

type Rig = {sim: Simulator; client: AccountClient; transport: FlowTransport; tokens: string[]};
const open: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	for (const item of open.splice(0).reverse()) await item.close();
});

/** A real FlowTransport and AccountClient on the simulator, with the look-up grace and clock the test sets. */
async function rig(
	options: Partial<SimulatorOptions>,
	transportOptions: Partial<FlowTransportOptions> = {},
	account = 'acc1',
): Promise<Rig> {
	const sim = await startSimulator({accounts, generationMs: 30, ...options});
	open.push(sim);
	const tokens: string[] = [];
	const spec = accounts.find((a) => a.name === account)!;
	const dispatcher = new Agent();
	const transport = new FlowTransport({
		jar: new CookieJar(parseCookieHeader(spec.googleCookies), sim.flowUrl),
		flowUrl: sim.flowUrl,
		dispatcher,
		ownsDispatcher: true,
		lookupGraceMs: 0,
		...transportOptions,
	});
	const captcha = functionCaptchaProvider('recording', ({account: name}) => {
		const token = sim.mintCaptchaToken(name);
		tokens.push(token);
		return token;
	});
	const client = new AccountClient({name: account, transport, captcha});
	open.push(client);
	return {sim, client, transport, tokens};
}

const flowCalls = (sim: Simulator, method: 'GET' | 'POST') =>
	sim.stats.requests.filter(
		(r) => r.origin === 'flow' && r.method === method && !r.path.includes('recaptcha'),
	);

describe('a lost submit, looked up on the flow.google.com stand-in', () => {
	it('a dropped generate answer is found by its batch id and adopted: one submit, the simulator’s media', async () => {
		const {sim, client} = await rig({dropSubmitReply: 1});
		await client.prepare();
		const batchId = randomUUID().toUpperCase();
		const result = await client.submit({...request, batchId});
		expect(sim.stats.submits).toHaveLength(1);
		const made = sim.stats.submits[0]!.mediaNames;
		expect(result.media.map((m) => m.name).sort()).toEqual([...made].sort());
		expect(result.media.every((m) => m.projectId === client.projectId)).toBe(true);
		expect(result.remainingCredits).toBeUndefined();
		// credits, credits, create project, the lost generate, one look-up: nothing sent twice.
		expect(flowCalls(sim, 'POST')).toHaveLength(5);
		// Adopted media are the account's own: they can be polled.
		expect((await client.status(result.media)).media).toHaveLength(2);
	});

	it('a submit without a batch id gets one, so its lost answer is found too', async () => {
		const {sim, client, transport} = await rig({dropSubmitReply: 1});
		await client.prepare();
		const result = await transport.generate({
			request: {...request, copies: 1},
			projectId: client.projectId!,
			tier: 'PAYGATE_TIER_ONE',
			captchaToken: sim.mintCaptchaToken('acc1'),
		});
		expect(result.media.map((m) => m.name)).toEqual(sim.stats.submits[0]!.mediaNames);
	});

	it('an xsrf-challenged generate the server did not run is sent again: fresh at, new captcha token, one submit', async () => {
		// Calls 1 and 2 (credits), 3 (create project), 4 (generate: challenged), 5 (look-up), 6 (generate).
		const {sim, client, tokens} = await rig({xsrfEvery: 4});
		await client.prepare();
		const batchId = randomUUID().toUpperCase();
		const result = await client.submit({...request, batchId});
		expect(tokens).toHaveLength(2);
		expect(tokens[0]).not.toBe(tokens[1]);
		expect(sim.stats.submits).toHaveLength(1);
		expect(sim.stats.submits[0]!.captchaToken).toBe(tokens[1]);
		expect(result.media.map((m) => m.name)).toEqual(sim.stats.submits[0]!.mediaNames);
		// The challenge carried the fresh `at`: the second generate went out with it, no page read.
		expect(flowCalls(sim, 'GET')).toHaveLength(1);
		expect(flowCalls(sim, 'POST')).toHaveLength(6);
		// The retry carried the same batch id.
		const found = await client.findSubmitted(batchId);
		expect(found?.map((m) => m.name).sort()).toEqual(result.media.map((m) => m.name).sort());
	});

	it('findSubmitted finds an earlier call’s media by batch id and nothing for an unknown one', async () => {
		const {client} = await rig({});
		await client.prepare();
		const batchId = randomUUID().toUpperCase();
		const first = await client.submit({...request, batchId});
		await client.submit({...request, prompt: 'another scene', batchId: randomUUID().toUpperCase()});
		const found = await client.findSubmitted(batchId);
		expect(found?.map((m) => m.name).sort()).toEqual(first.media.map((m) => m.name).sort());
		expect(await client.findSubmitted(batchId.toLowerCase(), client.projectId)).toHaveLength(2);
		expect(await client.findSubmitted(randomUUID().toUpperCase())).toBeUndefined();
	});

	it("another account's project is NOT_FOUND and shows up as a cross-account attempt", async () => {
		const one = await rig({});
		await one.client.prepare();
		const batchId = randomUUID().toUpperCase();
		await one.client.submit({...request, batchId});
		const other = new FlowTransport({
			jar: new CookieJar(parseCookieHeader(googleCookiesOf('two')), one.sim.flowUrl),
			flowUrl: one.sim.flowUrl,
			dispatcher: new Agent(),
			ownsDispatcher: true,
		});
		open.push(other);
		const error = await caught(other.findSubmitted(one.client.projectId!, batchId));
		expect(error).toMatchObject({kind: 'not-found', code: 'NOT_FOUND'});
		expect(one.sim.stats.crossAccountAttempts).toHaveLength(1);
		expect((await caught(other.findSubmitted(randomUUID(), batchId))).kind).toBe('not-found');
	});

	it('labs cannot look: findSubmitted is undefined without a call', async () => {
		const labs = createLabsAccountClient({
			name: 'acc1',
			cookie: 'c',
			projectId: 'p1',
			captcha: functionCaptchaProvider('test', () => 'token'),
			origins: {apiUrl: 'http://127.0.0.1:9', labsUrl: 'http://127.0.0.1:9', flowUrl: 'http://127.0.0.1:9'},
		});
		open.push(labs);
		expect(await labs.findSubmitted(randomUUID().toUpperCase())).toBeUndefined();
	});

	it('reads the page again before a generate once the session is older than atMaxAgeMs', async () => {
		let clock = Date.parse('2026-12-01T10:00:00Z');
		const now = () => clock;
		const {sim, client} = await rig({now}, {now, atMaxAgeMs: 20 * 60_000});
		await client.prepare();
		expect(flowCalls(sim, 'GET')).toHaveLength(1);
		clock += 19 * 60_000;
		await client.submit(request);
		expect(flowCalls(sim, 'GET')).toHaveLength(1);
		clock += 2 * 60_000;
		await client.submit(request);
		const calls = sim.stats.requests.filter((r) => r.origin === 'flow' && !r.path.includes('recaptcha'));
		expect(calls.map((r) => r.method).slice(-2)).toEqual(['GET', 'POST']);
		expect(calls.at(-2)?.path).toBe(`/project/${client.projectId}`);
		expect(sim.stats.submits).toHaveLength(2);
	});
});

// ---------------------------------------------------------------------------------------------------

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

/**
 * A generate call whose answer is lost is looked up in the project (`Zzl0ze`) by the batch id it
 * sent, and adopted when found: here on the simulator, with a real FlowTransport and AccountClient.
 */
import {randomUUID} from 'node:crypto';
import {Agent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {AccountClient} from '../../../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../../../source/labs/captcha/providers.js';
import {createLabsAccountClient} from '../../../../source/labs/index.js';
import {CookieJar} from '../../../../source/labs/wire/flow/cookie-jar.js';
import {parseCookieHeader} from '../../../../source/labs/wire/flow/google-cookies.js';
import {FlowTransport, type FlowTransportOptions} from '../../../../source/labs/wire/flow/transport.js';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../../source/simulator/index.js';
import {caughtFlowError as caught} from '../../../helpers/flow-error.js';
import {googleCookiesOf} from './harness.js';
import {request} from './lookup.js';

const cookies = googleCookiesOf('one');
const accounts = [
	{name: 'acc1', cookie: 'labs-one', googleCookies: cookies, migrated: true},
	{name: 'acc2', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
];

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

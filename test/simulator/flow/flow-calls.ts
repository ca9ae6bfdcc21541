// Raw batchexecute calls against the simulator's flow.google.com stand-in, for the tests of its RPCs:
// no client code in between, so a test reads exactly what the stand-in answers.
import {expect} from 'vitest';
import type {Simulator} from '../../../source/simulator/index.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk positional payloads whose shape is under test
export type Payload = any;

export const rpcPath = '/_/AiSandboxAngularFrontend/data/batchexecute';

/** The `at` of a signed-in page (WIZ_global_data.SNlM0e). */
export async function pageAt(sim: Simulator, cookie: string): Promise<string> {
	const response = await fetch(`${sim.flowUrl}/`, {headers: {cookie}, redirect: 'manual'});
	expect(response.status).toBe(200);
	const at = /"SNlM0e":"([^"]+)"/.exec(await response.text())?.[1];
	expect(at).toBeTruthy();
	return at!;
}

export type CallOptions = {
	cookie?: string;
	at?: string;
	headers?: Record<string, string>;
	rpcidInUrl?: string;
};

export async function call(sim: Simulator, rpcid: string, payload: unknown, options: CallOptions = {}) {
	const freq = JSON.stringify([[[rpcid, JSON.stringify(payload), null, 'generic']]]);
	const query = new URLSearchParams({rpcids: options.rpcidInUrl ?? rpcid, 'source-path': '/', rt: 'c'});
	const response = await fetch(`${sim.flowUrl}${rpcPath}?${query}`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
			'x-same-domain': '1',
			...(options.cookie ? {cookie: options.cookie} : {}),
			...options.headers,
		},
		body: new URLSearchParams({'f.req': freq, at: options.at ?? ''}).toString(),
	});
	return {status: response.status, text: await response.text()};
}

/** Entries of an rt=c answer, read the naive way (by lines), to look at what the stand-in sends. */
export const entriesOf = (text: string): unknown[][] =>
	text
		.split('\n')
		.filter((line) => line.startsWith('['))
		.flatMap((line) => JSON.parse(line) as unknown[][]);

/** One signed-in account's calls: the first entry of each answer, and its payload when there is one. */
export async function session(sim: Simulator, cookie: string) {
	const at = await pageAt(sim, cookie);
	const entry = async (rpcid: string, payload: unknown): Promise<unknown[]> =>
		entriesOf((await call(sim, rpcid, payload, {cookie, at})).text)[0]!;
	const data = async (rpcid: string, payload: unknown): Promise<Payload> => {
		const first = await entry(rpcid, payload);
		expect(first.slice(0, 2)).toEqual(['wrb.fr', rpcid]);
		expect(first[5], JSON.stringify(first[5])).toBeNull();
		return JSON.parse(first[2] as string) as Payload;
	};
	const project = async (): Promise<string> =>
		(await data('jHPbke', ['projects/*', [null, ['t']], [null, 22]]))[0][0] as string;
	return {at, entry, data, project};
}

/** `ctx` of a generate call (docs/protocol-flow.md §2): project at 5, the captcha pair at 10. */
export const contextOf = (projectId: string, token?: string): unknown[] => [
	null,
	22,
	null,
	null,
	null,
	projectId,
	null,
	null,
	null,
	null,
	token === undefined ? null : [token, 1],
];

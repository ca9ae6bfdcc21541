import {describe, expect, it} from 'vitest';
import {type AccountClient, FlowError} from '../../../source/labs/index.js';
import {probeAccounts} from '../../../source/run/plan/probe.js';

/** Just enough of an AccountClient for probeAccounts: fails with the given errors, then succeeds. */
function fakeClient(name: string, failures: FlowError[]) {
	const calls = {prepare: 0, refreshCredits: 0};
	let projectId: string | undefined;
	const next = async () => {
		const failure = failures.shift();
		if (failure) throw failure.forAccount(name);
	};
	const client = {
		name,
		transportKind: 'labs',
		get projectId() {
			return projectId;
		},
		async prepare() {
			calls.prepare++;
			await next();
			projectId = 'p-1';
		},
		async refreshCredits() {
			calls.refreshCredits++;
			await next();
		},
		snapshot: () => ({name, transport: 'labs', projectId, tier: 'PAYGATE_TIER_ONE', credits: 100}),
		// A labs account: it uploads, extends and upscales, except what a test says it cannot.
		supports: (ability: string) => ability !== 'upscale',
	};
	return {client: client as unknown as AccountClient, calls};
}

const maxInFlight = () => 4;

describe('probeAccounts', () => {
	it('retries a transient failure, then reports the account ok', async () => {
		const {client, calls} = fakeClient('acc1', [new FlowError('transient', 'HTTP 500 INTERNAL')]);
		const [probed] = await probeAccounts([client], {createProject: true, maxInFlight});
		expect(calls.prepare).toBe(2);
		expect(probed).toMatchObject({
			name: 'acc1',
			can: new Set(['upload', 'extend']),
			health: 'ok',
			credits: 100,
			createdProject: true,
			projectId: 'p-1',
		});
	});

	it('gives up after three transient failures and says the account cannot be reached', async () => {
		const failures = Array.from(
			{length: 3},
			() => new FlowError('transient', 'connection reset (ECONNRESET)'),
		);
		const {client, calls} = fakeClient('acc1', failures);
		const [probed] = await probeAccounts([client], {createProject: false, maxInFlight});
		expect(calls.refreshCredits).toBe(3);
		expect(probed).toMatchObject({
			health: 'auth-failed',
			reason: 'cannot reach Flow: connection reset (ECONNRESET)',
			failure: {result: 'unreachable'},
		});
	});

	it('does not retry an expired cookie, and a quota answer is its own health', async () => {
		const expired = fakeClient('acc1', [new FlowError('auth', 'gone', {code: 'COOKIE_EXPIRED'})]);
		const broke = fakeClient('acc2', [new FlowError('quota', 'daily credit quota reached')]);
		const [a, b] = await probeAccounts([expired.client, broke.client], {createProject: false, maxInFlight});
		expect(expired.calls.refreshCredits).toBe(1);
		expect(a).toMatchObject({health: 'auth-failed', failure: {result: 'cookie-expired'}});
		expect(b).toMatchObject({health: 'quota-exhausted', reason: 'daily credit quota reached'});
	});
});

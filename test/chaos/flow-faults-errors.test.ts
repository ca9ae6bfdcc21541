/**
 * Issue 16, item 1 (part 2): flow.google.com says no. Coded refusals in the error slot (8 throttle,
 * 7 permission or model access, 16 signed out, 13 internal), bursts of 5xx, an account signed out
 * and one out of credits mid-run. The real Pipeline over flow (and labs) AccountClients; every run
 * keeps the suite's invariants (flow-chaos.ts).
 */
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/core/events.js';
import {type FlowFaultOptions, flowFaultsInjected} from '../../source/simulator/flow/faults.js';
import {
	chaosPrompts,
	cohort,
	describeRun,
	type FlowChaosRun,
	flowChaosRun,
	sceneSpecs,
} from './flow-chaos.js';
import {chaosSeed, expectNoViolations, figure, size} from './helpers.js';

const seed = chaosSeed(0xf16b);

const healthOf = (events: RunEvent[], account: string): string[] =>
	events.flatMap((e) => (e.type === 'account.state' && e.account === account ? [e.health] : []));

/** Scenes whose media were made on `account` (their files are checked byte-exact by the invariants). */
const doneOn = (run: FlowChaosRun, account: string): number =>
	run.state.scenes.filter((scene) => scene.state === 'done' && scene.account === account).length;

describe('flow.google.com: coded refusals, 5xx, accounts lost mid-run', () => {
	it('code 8 (throttled, with and without a reason): the account cools down, scenes are not lost', async () => {
		const count = size(10, 60);
		const flowFaults: FlowFaultOptions = {
			errorFrames: [
				// The 2nd and 3rd generate calls for sure, then now and then without a reason.
				{code: 8, reason: 'PUBLIC_ERROR_USER_REQUESTS_THROTTLED', rpcids: ['YhhmEf'], after: 1, limit: 2},
				{code: 8, rpcids: ['YhhmEf'], rate: 0.15},
			],
		};
		const run = await flowChaosRun({
			sim: {seed, flowFaults},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'throttle')),
		});
		const frames = flowFaultsInjected(flowFaults)['error-frame'];
		figure('flow-faults/code-8', describeRun(run, frames));
		expectNoViolations(run.report, 'code 8');
		expect(run.report.done + run.report.failed).toBe(count);
		expect(frames).toBeGreaterThan(0);
		const cooled = ['fl1', 'fl2'].filter((name) => healthOf(run.events, name).includes('cooling-down'));
		expect(cooled.length).toBeGreaterThan(0);
		// A throttle is not a spent quota or a sign-out: no account was given up on.
		for (const name of ['fl1', 'fl2']) expect(healthOf(run.events, name)).not.toContain('auth-failed');
	});

	it('code 7 (model access denied on one account, permission denied on another): scenes move on', async () => {
		const count = size(10, 60);
		const flowFaults: FlowFaultOptions = {
			errorFrames: [
				{code: 7, reason: 'PUBLIC_ERROR_MODEL_ACCESS_DENIED', rpcids: ['YhhmEf'], accounts: ['fl1']},
				{code: 7, rpcids: ['YhhmEf'], accounts: ['fl2'], after: 2},
			],
		};
		const run = await flowChaosRun({
			sim: {seed, flowFaults},
			accounts: cohort(2, 1),
			scenes: sceneSpecs(chaosPrompts(count, 'denied')),
		});
		figure('flow-faults/code-7', describeRun(run, flowFaultsInjected(flowFaults)['error-frame']));
		expectNoViolations(run.report, 'code 7');
		expect(run.report.done + run.report.waiting).toBe(count);
		expect(doneOn(run, 'fl1')).toBe(0);
		expect(doneOn(run, 'lb1')).toBeGreaterThan(0);
		expect(healthOf(run.events, 'fl1')).not.toContain('auth-failed');
		expect(healthOf(run.events, 'fl2')).toContain('auth-failed');
	});

	it('code 16 (signed out) on every call of one account: auth-failed, its queued scenes move', async () => {
		const count = size(10, 60);
		const flowFaults: FlowFaultOptions = {errorFrames: [{code: 16, accounts: ['fl1'], after: 5}]};
		const run = await flowChaosRun({
			sim: {seed, flowFaults},
			accounts: cohort(2, 1),
			scenes: sceneSpecs(chaosPrompts(count, 'signed-out')),
		});
		figure('flow-faults/code-16', describeRun(run, flowFaultsInjected(flowFaults)['error-frame']));
		expectNoViolations(run.report, 'code 16');
		expect(run.report.done + run.report.waiting).toBe(count);
		expect(healthOf(run.events, 'fl1')).toContain('auth-failed');
		expect(doneOn(run, 'fl2') + doneOn(run, 'lb1')).toBeGreaterThan(0);
	});

	it('code 13 and bursts of 5xx (er and HTTP): retried; a scene gives up only with its reason', async () => {
		const count = size(12, 80);
		const flowFaults: FlowFaultOptions = {
			// The 2nd and 3rd generate calls for sure, then any call now and then.
			errorFrames: [
				{code: 13, rpcids: ['YhhmEf'], after: 1, limit: 2},
				{code: 13, rate: 0.08},
			],
			burst5xx: {every: 11, length: 3},
		};
		const run = await flowChaosRun({
			sim: {seed, flowFaults, errorRate: 0.03},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'internal'), 2),
		});
		const injected = flowFaultsInjected(flowFaults);
		figure('flow-faults/code-13-5xx', describeRun(run, injected['error-frame'] + injected['burst-5xx']));
		expectNoViolations(run.report, 'code 13 and 5xx');
		expect(run.report.done + run.report.failed + run.report.inDoubt).toBe(count);
		expect(run.report.done).toBeGreaterThan(count / 2);
		expect(injected['burst-5xx']).toBeGreaterThan(0);
		// Transient: a scene fails only once its tries are spent, never on the first refusal.
		for (const scene of run.state.scenes.filter((s) => s.state === 'failed')) {
			expect(scene.error).toMatch(/gave up after|download failed/);
		}
	});

	it('an account signed out mid-run: its submitted scenes wait on it, the rest finish elsewhere', async () => {
		const count = size(10, 60);
		let revoked = false;
		const run = await flowChaosRun({
			sim: {seed},
			accounts: cohort(2, 1),
			scenes: sceneSpecs(chaosPrompts(count, 'revoked')),
			during(event, sim) {
				if (
					!revoked &&
					event.type === 'scene.state' &&
					event.state === 'polling' &&
					event.account === 'fl1'
				) {
					revoked = true;
					sim.revokeCookie('fl1');
				}
			},
		});
		figure('flow-faults/signed-out-mid-run', describeRun(run, 1));
		expectNoViolations(run.report, 'signed out mid-run');
		expect(revoked).toBe(true);
		expect(run.report.done + run.report.waiting).toBe(count);
		expect(healthOf(run.events, 'fl1')).toContain('auth-failed');
	});

	it('credits running out mid-run: that account retires, its scenes go to the others', async () => {
		const count = size(10, 60);
		let spent = false;
		const run = await flowChaosRun({
			sim: {seed},
			accounts: cohort(2, 1),
			scenes: sceneSpecs(chaosPrompts(count, 'credits')),
			during(event, sim) {
				if (!spent && event.type === 'scene.state' && event.state === 'polling' && event.account === 'fl2') {
					spent = true;
					sim.setCredits('fl2', 0);
				}
			},
		});
		figure('flow-faults/credits-out-mid-run', describeRun(run, 1));
		expectNoViolations(run.report, 'credits out mid-run');
		expect(spent).toBe(true);
		expect(run.report.done).toBe(count);
		expect(healthOf(run.events, 'fl2')).toContain('quota-exhausted');
	});
});

/**
 * Issue 16, item 1 (part 1): the page token and the connection on flow.google.com. `at` expiring
 * between the page read and the call, connections cut before and after the request, a lost generate
 * answer, length lines that lie. The real Pipeline and flow AccountClients over loopback; every run
 * keeps the suite's invariants (flow-chaos.ts).
 */
import {describe, expect, it} from 'vitest';
import {type FlowFaultOptions, flowFaultsInjected} from '../../source/simulator/flow/faults.js';
import {chaosPrompts, cohort, describeRun, flowChaosRun, sceneSpecs} from './flow-chaos.js';
import {chaosSeed, expectNoViolations, figure, size} from './helpers.js';

const seed = chaosSeed(0xf16a);

describe('flow.google.com: page token and connection faults', () => {
	it('`at` challenged on generate (YhhmEf) and reads (jwpduf, nzlxg), rotating on every page load', async () => {
		const count = size(8, 60);
		const flowFaults: FlowFaultOptions = {
			xsrfOn: {rpcids: ['YhhmEf', 'jwpduf', 'nzlxg'], every: 3},
			rotateAtOnPageLoad: true,
		};
		const run = await flowChaosRun({
			sim: {seed, flowFaults, xsrfEvery: 7},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'xsrf')),
		});
		const injected = flowFaultsInjected(flowFaults);
		figure('flow-faults/xsrf', describeRun(run, injected.xsrf + injected['at-rotated']));
		expectNoViolations(run.report, 'xsrf');
		expect(run.report.done).toBe(count);
		expect(injected.xsrf).toBeGreaterThan(0);
		expect(injected['at-rotated']).toBeGreaterThan(1);
	});

	it('connections reset before and after the request: a cut generate answer is looked up, never resent', async () => {
		const count = size(10, 80);
		const run = await flowChaosRun({
			sim: {seed, faults: {resetRate: 0.2, origins: ['flow']}},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'reset'), 2),
		});
		const injected = run.sim.faults.injected;
		figure('flow-faults/resets', describeRun(run, injected['reset-before'] + injected['reset-after']));
		expectNoViolations(run.report, 'resets');
		expect(run.report.done + run.report.failed + run.report.inDoubt).toBe(count);
		expect(injected['reset-before']).toBeGreaterThan(0);
		expect(injected['reset-after']).toBeGreaterThan(0);
	});

	it('a lost generate answer: the Zzl0ze look-up finds the media, no second charge', async () => {
		const count = size(6, 30);
		const run = await flowChaosRun({
			sim: {seed, dropSubmitReply: 2},
			accounts: cohort(1, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'lost')),
		});
		figure('flow-faults/lost-answer', describeRun(run, 1));
		expectNoViolations(run.report, 'lost answer');
		expect(run.report.done).toBe(count);
		// Found, not resent: the dropped submit's scene is done and every prompt was charged once.
		expect(run.report.submits).toBe(count);
	});

	it('length lines that lie by several bytes, around multi-byte prompts: read by brackets', async () => {
		const count = size(6, 40);
		const flowFaults: FlowFaultOptions = {lengthSkew: 7};
		const prompts = chaosPrompts(count, 'lengths').map((p, i) => `${p} — vagues 🌊 n°${i} «über»`);
		const run = await flowChaosRun({
			sim: {seed, flowFaults},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(prompts),
		});
		figure('flow-faults/length-lines', describeRun(run, run.sim.stats.requests.length));
		expectNoViolations(run.report, 'length lines');
		expect(run.report.done).toBe(count);
	});
});

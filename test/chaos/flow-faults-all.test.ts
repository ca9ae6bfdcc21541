/**
 * Issue 16, item 1 (part 4): every flow.google.com fault at once, beside the labs faults, on a mixed
 * cohort (2 flow + 2 labs accounts), with one flow account signed out and one labs account running
 * out of credits mid-run; error answers quote the request's secrets back. Full form: 200 scenes × 2
 * copies; short form: 16 × 2. The invariants are the suite's (flow-chaos.ts).
 */
import {describe, expect, it} from 'vitest';
import {type FlowFaultOptions, flowFaultsInjected} from '../../source/simulator/flow/faults.js';
import {chaosPrompts, cohort, describeRun, flowChaosRun, sceneSpecs} from './flow-chaos.js';
import {chaosSeed, expectNoViolations, figure, size} from './helpers.js';

const seed = chaosSeed(0xf16d);

describe('flow.google.com: everything at once', () => {
	it('mixed cohort under every fault: each scene done or with its reason, files byte-exact', async () => {
		const count = size(16, 200);
		const flowFaults: FlowFaultOptions = {
			xsrfOn: {rpcids: ['YhhmEf', 'jwpduf', 'nzlxg'], every: 5},
			rotateAtOnPageLoad: true,
			errorFrames: [
				{code: 8, reason: 'PUBLIC_ERROR_USER_REQUESTS_THROTTLED', rpcids: ['YhhmEf'], rate: 0.08},
				{code: 13, rate: 0.03},
			],
			burst5xx: {every: 17, length: 2},
			urlLateAnswers: 1,
			lengthSkew: 5,
			echoSecrets: true,
		};
		const events = {revoked: false, spent: false, polling: 0};
		const run = await flowChaosRun({
			sim: {
				seed,
				flowFaults,
				xsrfEvery: 11,
				dropSubmitReply: 2,
				errorRate: 0.02,
				truncateDownloads: size(2, 10),
				shortDownloads: size(2, 10),
				faults: {
					resetRate: 0.04,
					origins: ['labs', 'api', 'flow'],
					burst5xx: {every: 13, length: 2},
					throttleRate: 0.03,
					retryAfterSeconds: 0.05,
					htmlDownloads: size(1, 6),
					expiredDownloads: size(1, 6),
					echoCredentials: true,
				},
			},
			accounts: cohort(2, 2),
			scenes: sceneSpecs(chaosPrompts(count, 'all'), 2),
			pipeline: {backoffBaseMs: 20, backoffMaxMs: 200},
			during(event, sim) {
				if (event.type !== 'scene.state' || event.state !== 'polling') return;
				events.polling++;
				// A labs account runs dry half way; a flow account signs out two thirds of the way in.
				if (!events.revoked && events.polling >= (count * 2) / 3) {
					events.revoked = true;
					sim.revokeCookie('fl1');
				}
				if (!events.spent && events.polling >= count / 2) {
					events.spent = true;
					sim.setCredits('lb2', 0);
				}
			},
		});
		const flow = flowFaultsInjected(flowFaults);
		const labs = run.sim.faults.injected;
		const total = [...Object.values(flow), ...Object.values(labs)].reduce((sum, n) => sum + n, 0);
		figure('flow-faults/everything', describeRun(run, total));
		expectNoViolations(run.report, 'everything at once');
		const r = run.report;
		expect(r.done + r.failed + r.inDoubt + r.waiting + r.queued).toBe(count);
		expect(r.done).toBeGreaterThan(count / 3);
		expect(events.revoked && events.spent).toBe(true);
		expect(flow.echo).toBeGreaterThan(0);
		// The flow side did its share (the dropped answer among it), not just the labs accounts.
		expect(
			run.state.scenes.filter((s) => s.state === 'done' && s.account?.startsWith('fl')).length,
		).toBeGreaterThan(2);
	}, 300_000);
});

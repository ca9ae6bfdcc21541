/**
 * Issue 16, item 1 (part 3): getting the mp4 of a flow.google.com media. The URL published seconds
 * after "done" (as29s answers the record without it for a while), and downloads that are cut, short
 * by the record's byte size, an HTML sign-in page or an expired URL. The real Pipeline over flow
 * AccountClients; every file must end byte-exact (flow-chaos.ts checks the invariants).
 */
import {describe, expect, it} from 'vitest';
import {type FlowFaultOptions, flowFaultsInjected} from '../../source/simulator/flow/faults.js';
import {chaosPrompts, cohort, describeRun, flowChaosRun, sceneSpecs} from './flow-chaos.js';
import {chaosSeed, expectNoViolations, figure, size} from './helpers.js';

const seed = chaosSeed(0xf16c);

describe('flow.google.com: getting the video', () => {
	it('the mp4 URL published a while after "done": waited for, not failed', async () => {
		const count = size(6, 40);
		// Three answers without the URL: within the five tries a download gets, each after a backoff.
		const flowFaults: FlowFaultOptions = {urlLateAnswers: 3};
		const run = await flowChaosRun({
			sim: {seed, flowFaults},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'url-late'), 2),
		});
		const late = flowFaultsInjected(flowFaults)['url-late'];
		figure('flow-faults/url-late', describeRun(run, late));
		expectNoViolations(run.report, 'url late');
		expect(run.report.done).toBe(count);
		expect(late).toBe(count * 2 * 3);
	});

	it('truncated, short-by-byte-size, HTML and expired-URL downloads: fetched again, byte-exact', async () => {
		const count = size(8, 60);
		const faults = {truncate: size(3, 12), short: size(3, 12), html: size(2, 8), expired: size(2, 8)};
		const run = await flowChaosRun({
			sim: {
				seed,
				truncateDownloads: faults.truncate,
				shortDownloads: faults.short,
				faults: {htmlDownloads: faults.html, expiredDownloads: faults.expired},
			},
			accounts: cohort(2, 0),
			scenes: sceneSpecs(chaosPrompts(count, 'downloads'), 2),
		});
		const injected = run.sim.faults.injected;
		const total = faults.truncate + faults.short + injected['html-download'] + injected['expired-download'];
		figure('flow-faults/downloads', describeRun(run, total));
		expectNoViolations(run.report, 'downloads');
		expect(run.report.done).toBe(count);
		expect(run.report.filesChecked).toBe(count * 2);
		expect(injected['html-download']).toBe(faults.html);
		expect(injected['expired-download']).toBe(faults.expired);
		// Every cut or short answer was followed by a whole one of the same media.
		const incomplete = run.sim.stats.downloads.filter((d) => !d.complete).length;
		expect(incomplete).toBeGreaterThanOrEqual(faults.truncate);
	});
});

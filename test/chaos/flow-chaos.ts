/**
 * Shared by the flow.google.com chaos tests: a cohort of flow and labs accounts, and one run of the
 * real Pipeline over real AccountClients (test/labs/wire/flow/harness.ts) against a faulty simulator,
 * checked against the suite's invariants (helpers.ts) with the flow wire's credential rules.
 *
 * API: `cohort(flow, labs)` → accounts; `sceneSpecs(prompts, copies)`; `flowChaosRun(…)` → the run's
 * state, events and invariant report (the simulator is closed, its stats stay readable).
 */
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {Journal} from '../../source/core/journal/index.js';
import {Pipeline, type PipelineOptions} from '../../source/core/pipeline/index.js';
import type {RunState} from '../../source/core/run-state.js';
import type {SimAccountOptions, Simulator, SimulatorOptions} from '../../source/simulator/index.js';
import {type ClientSpec, googleCookiesOf, startFlowHarness} from '../labs/wire/flow/harness.js';
import {
	catchUnhandled,
	checkInvariants,
	findSecrets,
	type InvariantOptions,
	type InvariantReport,
	secretPatterns,
} from './helpers.js';

/** `flow` accounts on flow.google.com (`fl1`…), then `labs` accounts on labs REST (`lb1`…). */
export function cohort(flow: number, labs: number): SimAccountOptions[] {
	const flows = Array.from({length: flow}, (_, i) => ({
		name: `fl${i + 1}`,
		cookie: `flow-chaos-labs-cookie-${i + 1}-e41c`,
		googleCookies: googleCookiesOf(`fc${i + 1}x`),
	}));
	const labses = Array.from({length: labs}, (_, i) => ({
		name: `lb${i + 1}`,
		cookie: `labs-chaos-cookie-${i + 1}-7d02b9`,
	}));
	return [...flows, ...labses];
}

/** Every cookie value an account list holds (labs session cookies and each Google cookie's value). */
export function cookieValues(accounts: SimAccountOptions[]): string[] {
	return accounts.flatMap((account) => [
		account.cookie,
		...(account.googleCookies ?? '')
			.split(';')
			.map((part) => part.slice(part.indexOf('=') + 1).trim())
			.filter((value) => value.length >= 6),
	]);
}

export function sceneSpecs(prompts: string[], copies = 1, model = 'veo_3_1_t2v_fast'): SceneSpec[] {
	return prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model,
		copies,
	}));
}

export const chaosPrompts = (count: number, tag: string): string[] =>
	Array.from({length: count}, (_, i) => `${tag} scene ${i + 1}: a lighthouse in a storm`);

export type FlowChaosOptions = {
	sim: Omit<SimulatorOptions, 'accounts'>;
	accounts: SimAccountOptions[];
	scenes: SceneSpec[];
	pipeline?: Partial<PipelineOptions>;
	client?: {timeoutMs?: number; lookupGraceMs?: number};
	maxInFlight?: number;
	/** Called on every event: where mid-run faults (sign-out, credits) are pulled. */
	during?: (event: RunEvent, sim: Simulator) => void;
	allowedSubmits?: InvariantOptions['allowedSubmits'];
};

export type FlowChaosRun = {state: RunState; events: RunEvent[]; report: InvariantReport; sim: Simulator};

/**
 * Cookies on flow requests are the wire's design (helpers.ts expects them on labs only); what must
 * hold instead: no Google cookie goes anywhere but flow, and no flow request carries two accounts'
 * (the latter is in crossAccountAttempts already).
 */
function flowCredentialViolations(report: InvariantReport, sim: Simulator): void {
	report.violations = report.violations.filter((line) => !line.startsWith('cookie sent to flow '));
	for (const request of sim.stats.requests) {
		if (request.origin !== 'flow' && request.googleCookiesOf.length > 0) {
			report.violations.push(`Google cookies sent to ${request.origin} ${request.method} ${request.path}`);
		}
	}
}

/** One pipeline run against a simulator started for it; the simulator is closed when it returns. */
export async function flowChaosRun(options: FlowChaosOptions): Promise<FlowChaosRun> {
	const unhandled = catchUnhandled();
	const specs: ClientSpec[] = options.accounts.map((account) =>
		account.googleCookies
			? {name: account.name, googleCookies: account.googleCookies, transport: 'flow'}
			: {name: account.name, cookie: account.cookie, transport: 'labs'},
	);
	const harness = await startFlowHarness(
		{generationMs: {min: 20, max: 80}, ...options.sim, accounts: options.accounts},
		specs,
		options.client,
	);
	try {
		// The real journal: it is where a credential slipping into an event would be refused.
		const journal = await Journal.open(harness.dir);
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: options.scenes,
			sink: journal,
			accounts: harness.clients.map((client) => ({client, maxInFlight: options.maxInFlight ?? 3})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 100,
			...options.pipeline,
		});
		const events: RunEvent[] = [];
		const warnings: string[] = [];
		pipeline.on('warning', (warning) => warnings.push(warning));
		pipeline.on('event', (event) => {
			events.push(event);
			options.during?.(event, harness.sim);
		});
		const state = await pipeline.start();
		await journal.close();
		const {sim} = harness;
		const report = await checkInvariants({
			state,
			events,
			sim,
			outDir: harness.dir,
			allowedSubmits: options.allowedSubmits,
		});
		flowCredentialViolations(report, sim);
		report.violations.push(...warnings.map((w) => `pipeline warning: ${w}`));
		const patterns = [...secretPatterns(cookieValues(options.accounts), sim), /AJvLN6[\w-]{8}/];
		const leaks = findSecrets(JSON.stringify(events), patterns);
		if (leaks.length > 0) report.violations.push(`secrets in events: ${leaks.join(', ')}`);
		const crashes = unhandled.stop();
		report.violations.push(...crashes.map((e) => `unhandled: ${String(e)}`));
		return {state, events, report, sim};
	} finally {
		unhandled.stop();
		await harness.close();
	}
}

/** `CHAOS flow-faults/<name>` figure text for one run. */
export function describeRun(run: FlowChaosRun, faults: number): string {
	const r = run.report;
	return `${run.state.scenes.length} scenes, ${faults} faults: ${r.done} done, ${r.failed} failed, ${r.inDoubt} in doubt, ${r.waiting} waiting, ${r.queued} queued; ${r.filesChecked} files byte-exact, ${r.submits} submits, ${r.violations.length} violations`;
}

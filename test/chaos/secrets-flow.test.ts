/**
 * Issue #16, item 4: secrets on flow.google.com. Google cookies (SAPISID, __Secure-1PSID, OSID, …),
 * `at` and f.sid values and captcha tokens never appear in the CLI's stdout or stderr (--json and
 * --no-tui), the dashboard's frames, or any file of the run folder (journal, manifest, run.json,
 * wire-samples) or the config folder, while the fake quotes them back in its error answers
 * (`flowFaults.echoSecrets`); Google cookies go to the flow origin only, each account's to its own
 * calls, and no bearer token goes there.
 */
import {mkdtemp, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Pipeline} from '../../source/core/pipeline/index.js';
import {type FlowFaultOptions, flowFaultsInjected} from '../../source/simulator/flow/faults.js';
import type {SimulatorOptions} from '../../source/simulator/index.js';
import {startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {startFlowHarness} from '../labs/wire/flow/harness.js';
import {cookieValues, flowAccounts, flowWorkspace, simAccounts} from './crash-flow-workspace.js';
import {dashboardFramesOfRun} from './dashboard-frames.js';
import {chaosSeed, credentialViolations, figure, findSecrets, listFiles, size} from './helpers.js';
import {flowOriginViolations, flowSecretPatterns, sceneSpecs} from './secrets-flow-checks.js';

const seed = chaosSeed(0x5ecf);
const accounts = flowAccounts(`sec${seed % 9973}`, 3);
/** A captcha command whose every token is marked, so a quoted one is found whatever its shape. */
const markedCaptcha = 'echo capt0k-$(cat /proc/sys/kernel/random/uuid)';

const workspace = perTestWorkspace();

const scanned = {texts: 0, bytes: 0, frames: 0, requests: 0, echoes: 0, leaks: 0};
afterAll(() =>
	figure(
		'secrets-flow',
		`${scanned.texts + scanned.frames} outputs scanned (${scanned.texts} texts of ` +
			`${Math.round(scanned.bytes / 1024)} KiB, ${scanned.frames} dashboard frames) while ${scanned.echoes} ` +
			`error answers quoted the request's secrets; ${scanned.requests} requests checked for where ` +
			`credentials went; ${scanned.leaks} secrets`,
	),
);

function scan(label: string, text: string, patterns: Array<string | RegExp>): void {
	scanned.texts++;
	scanned.bytes += text.length;
	const leaks = findSecrets(text, patterns);
	scanned.leaks += leaks.length;
	expect(leaks, `${label} leaks ${leaks.join(', ')}`).toEqual([]);
}

/**
 * Error answers of every kind the client meets, each quoting the request's secrets. Writes meet only
 * definite refusals: an unanswered submit (or one carrying an `at` an xsrf challenge on another call
 * made stale) is looked up for 15 s, the CLI's grace, which is the crash suite's business, not this one's.
 */
const chattyFaults = (): FlowFaultOptions => ({
	echoSecrets: true,
	errorFrames: [
		// A code no capture shows: a changed wire, so the answer is kept as a wire sample.
		{code: 99, rpcids: ['YhhmEf'], after: 1, limit: 1},
		{code: 13, rpcids: ['jwpduf'], rate: 0.15},
		{code: 8, reason: 'PUBLIC_ERROR_USER_REQUESTS_THROTTLED', rpcids: ['as29s'], rate: 0.2, limit: 2},
		{code: 8, reason: 'PUBLIC_ERROR_USER_REQUESTS_THROTTLED', rpcids: ['YhhmEf'], after: 2, limit: 1},
	],
});

const chattySim = (flowFaults: FlowFaultOptions): SimulatorOptions => ({
	accounts: simAccounts(accounts),
	seed,
	generationMs: {min: 60, max: 200},
	flowFaults,
});

describe('flow.google.com secrets stay secret', () => {
	it('CLI --json and --no-tui, error answers quoting every secret, a revoked account: nothing leaks', async () => {
		const dir = await workspace.tempDir('flowdeck-chaos-secrets-flow-');
		// A refused prompt, an unknown code and an unreadable status: messages and wire samples.
		const prompts = [
			...Array.from({length: size(5, 24)}, (_, i) => `flow secret scene ${i + 1}`),
			'a refused scene [reject]',
			'an unreadable scene [odd-status]',
		];
		for (const output of ['--json', '--no-tui']) {
			const flowFaults = chattyFaults();
			await workspace.sim?.close();
			const sim = await workspace.simulator(chattySim(flowFaults));
			const ws = await flowWorkspace(sim, accounts, prompts, await mkdtemp(join(dir, 'ws-')), markedCaptcha);
			let revoked = false;
			const result = await startCli(['run', ws.scenesFile, ...ws.runFlags, output], {
				env: ws.env,
				onLine(line) {
					// acc2's Google session ends once scenes poll: its 401s (quoting its cookies) reach the reason.
					if (!revoked && /polling/.test(line)) {
						revoked = true;
						sim.revokeCookie('acc2');
					}
				},
			}).result;
			expect([0, 1], result.stderr).toContain(result.code);
			expect(revoked).toBe(true);
			const patterns = await flowSecretPatterns(sim, accounts, cookieValues(accounts));
			scan(`${output} stdout`, result.stdout, patterns);
			scan(`${output} stderr`, result.stderr, patterns);
			const texts: string[] = [];
			for (const file of await listFiles(ws.dir)) {
				if (file === 'accounts.json' || file.endsWith('.mp4')) continue;
				const text = await readFile(join(ws.dir, file), 'utf8');
				if (file.includes('.flowdeck/wire-samples/')) texts.push(text);
				scan(`${output} ${file}`, text, patterns);
			}
			// The unknown code's answer, quoted secrets and all, was kept for a bug report: redacted.
			expect(texts.some((text) => text.includes('google.rpc.DebugInfo'))).toBe(true);
			scanned.echoes += flowFaultsInjected(flowFaults).echo;
			expect(flowFaultsInjected(flowFaults).echo).toBeGreaterThan(2);
			scanned.requests += sim.stats.requests.length;
			expect(flowOriginViolations(sim, accounts)).toEqual([]);
			expect(credentialViolations(sim)).toEqual([]);
		}
	});

	it('the dashboard: no secret on screen in any frame while answers quote them', async () => {
		const flowFaults = chattyFaults();
		const harness = workspace.closeAfter(
			await startFlowHarness(chattySim(flowFaults), undefined, {timeoutMs: 2000}),
		);
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes: sceneSpecs([
				...Array.from({length: size(6, 24)}, (_, i) => `flow screen scene ${i + 1}`),
				'a refused scene [reject]',
			]),
			accounts: harness.clients.map((client) => ({client, maxInFlight: 2})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 50,
		});
		let revoked = false;
		pipeline.on('event', (event) => {
			if (!revoked && event.type === 'scene.state' && event.state === 'polling' && event.account === 'acc1') {
				revoked = true;
				harness.sim.revokeCookie('acc1');
			}
		});
		const frames = await dashboardFramesOfRun(pipeline, harness.dir);
		scanned.frames += frames.length;
		const patterns = await flowSecretPatterns(harness.sim, accounts, cookieValues(accounts));
		for (const [i, frame] of frames.entries()) {
			const leaks = findSecrets(frame, patterns);
			scanned.leaks += leaks.length;
			expect(leaks, `frame ${i} leaks ${leaks.join(', ')}`).toEqual([]);
		}
		for (const file of await listFiles(harness.dir)) {
			if (!file.endsWith('.mp4')) scan(file, await readFile(join(harness.dir, file), 'utf8'), patterns);
		}
		scanned.echoes += flowFaultsInjected(flowFaults).echo;
		expect(flowFaultsInjected(flowFaults).echo).toBeGreaterThan(0);
		expect(pipeline.getSnapshot().accounts.acc1?.health).toBe('auth-failed');
		expect(flowOriginViolations(harness.sim, accounts)).toEqual([]);
	});

	it('Google cookies only to the flow origin: not to the CDN, a second CDN, or a foreign redirect', async () => {
		const harness = workspace.closeAfter(
			await startFlowHarness({
				accounts: simAccounts(accounts),
				seed,
				generationMs: 40,
				faults: {secondCdn: true, foreignRedirects: 2},
			}),
		);
		const scenes = sceneSpecs(Array.from({length: size(6, 24)}, (_, i) => `origin scene ${i + 1}`));
		const pipeline = new Pipeline({
			outDir: harness.dir,
			scenes,
			accounts: harness.clients.map((client) => ({client, maxInFlight: 2})),
			pollIntervalMs: 20,
			minSubmitGapMs: 0,
			backoffBaseMs: 10,
			backoffMaxMs: 50,
		});
		const state = await pipeline.start();
		const {sim: hsim} = harness;
		scanned.requests += hsim.stats.requests.length + hsim.faults.requests.length;
		expect(hsim.faults.injected['foreign-redirect']).toBe(2);
		// A flow page pointing elsewhere is never followed; the downloads went to the second CDN, bare.
		expect(hsim.faults.requests.filter((request) => request.origin === 'foreign')).toEqual([]);
		const second = hsim.faults.requests.filter((request) => request.origin === 'second-cdn');
		expect(second.length).toBeGreaterThan(0);
		for (const request of hsim.faults.requests) {
			expect(request.headerNames, `${request.origin} ${request.path}`).not.toContain('cookie');
			expect(request.headerNames, `${request.origin} ${request.path}`).not.toContain('authorization');
		}
		expect(flowOriginViolations(hsim, accounts)).toEqual([]);
		expect(credentialViolations(hsim)).toEqual([]);
		expect(state.scenes.filter((scene) => scene.state === 'done').length).toBe(scenes.length);
	});
});

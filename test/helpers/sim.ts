import type {FlowAccount} from '../../source/core/pipeline/index.js';
import type {AccountClient} from '../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../source/labs/captcha/providers.js';
import {createLabsAccountClient} from '../../source/labs/index.js';
import type {Simulator, SimulatorOptions} from '../../source/simulator/index.js';
import {startWorkspace} from './workspace.js';

export type SimHarness = {sim: Simulator; clients: AccountClient[]; dir: string; close(): Promise<void>};

/** A simulator plus one real AccountClient per account, over real loopback sockets. */
export async function startHarness(
	options: SimulatorOptions,
	clientOptions: {tokenRefreshMs?: number; timeoutMs?: number; projectIds?: Record<string, string>} = {},
): Promise<SimHarness> {
	const workspace = await startWorkspace(options, 'flowdeck-test-');
	const {sim, dir} = workspace;
	const captcha = functionCaptchaProvider('simulator', ({account}) => sim.mintCaptchaToken(account));
	const clients = options.accounts.map((account) =>
		createLabsAccountClient({
			name: account.name,
			cookie: account.cookie,
			projectId: clientOptions.projectIds?.[account.name],
			captcha,
			origins: {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: 'http://127.0.0.1:9'},
			timeoutMs: clientOptions.timeoutMs,
			tokenRefreshMs: clientOptions.tokenRefreshMs,
		}),
	);
	return {
		sim,
		clients,
		dir,
		async close() {
			await Promise.allSettled(clients.map((client) => client.close()));
			await workspace.close();
		},
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until every media of the result has settled (tests use generation times of tens of ms). */
export async function waitForMedia(
	client: AccountClient,
	refs: {name: string; projectId: string}[],
	timeoutMs = 5000,
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = await client.status(refs);
		if (
			result.media.length === refs.length &&
			result.media.every((m) => m.state === 'succeeded' || m.state === 'failed')
		) {
			return result;
		}
		if (Date.now() > deadline) throw new Error('media did not settle in time');
		await sleep(20);
	}
}

/** The real client as the pipeline sees it, with `submit` and `status` replaced where a test says so. */
export function standIn(
	real: AccountClient,
	overrides: Partial<Pick<FlowAccount, 'submit' | 'status'>>,
): FlowAccount {
	return {
		name: real.name,
		get transportKind() {
			return real.transportKind;
		},
		get projectId() {
			return real.projectId;
		},
		prepare: (...args) => real.prepare(...args),
		snapshot: () => real.snapshot(),
		rememberProject: (id) => real.rememberProject(id),
		download: (...args) => real.download(...args),
		submit: overrides.submit ?? ((request) => real.submit(request)),
		status: overrides.status ?? ((media) => real.status(media)),
	};
}

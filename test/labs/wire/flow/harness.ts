import type {AccountClient} from '../../../../source/labs/account-client.js';
import {type CaptchaProvider, functionCaptchaProvider} from '../../../../source/labs/captcha/providers.js';
import {createAccountClient, type TransportChoice} from '../../../../source/labs/index.js';
import type {Simulator, SimulatorOptions} from '../../../../source/simulator/index.js';
import {startWorkspace} from '../../../helpers/workspace.js';

/** Google cookies of a test account, as a Cookie header; every value is unique to the account. */
export const googleCookiesOf = (tag: string): string =>
	`SAPISID=sapisid-${tag}-Qx81; __Secure-1PSID=g.a000-${tag}-psid; __Secure-1PSIDTS=sidts-${tag}; OSID=osid-${tag}-77; __Secure-OSID=sosid-${tag}`;

export type ClientSpec = {
	name: string;
	cookie?: string;
	googleCookies?: string;
	transport?: TransportChoice;
	projectId?: string;
};

export type FlowHarness = {
	sim: Simulator;
	clients: AccountClient[];
	dir: string;
	close(): Promise<void>;
};

/** A simulator plus real clients built the way the CLI builds them (createAccountClient). */
export async function startFlowHarness(
	options: SimulatorOptions,
	specs?: ClientSpec[],
	extra: {captcha?: CaptchaProvider; timeoutMs?: number; lookupGraceMs?: number} = {},
): Promise<FlowHarness> {
	const workspace = await startWorkspace(options, 'flowdeck-flow-');
	const {sim, dir} = workspace;
	const captcha =
		extra.captcha ?? functionCaptchaProvider('simulator', ({account}) => sim.mintCaptchaToken(account));
	const list: ClientSpec[] =
		specs ??
		options.accounts.map((account) => ({
			name: account.name,
			googleCookies: account.googleCookies,
			transport: 'flow' as const,
		}));
	const clients = list.map((spec) =>
		createAccountClient({
			name: spec.name,
			cookie: spec.cookie,
			googleCookies: spec.googleCookies,
			transport: spec.transport ?? 'auto',
			projectId: spec.projectId,
			captcha,
			origins: {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: sim.flowUrl},
			timeoutMs: extra.timeoutMs,
			// The simulator lists a media before it drops an answer: one look-up finds it or nothing will.
			lookupGraceMs: extra.lookupGraceMs ?? 0,
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

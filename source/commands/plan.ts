/**
 * `flowdeck plan <scenes> [run flags]`: the preflight plan without running anything. It signs in and
 * reads credits (no project is created, no captcha asked, nothing submitted), prints who would get
 * which scenes at what cost, and exits 0 when the run could start, 2 when it would be refused, 3
 * when no account can be used.
 */

import {basename} from 'node:path';
import {buildPlan, type Plan} from '../core/plan/index.js';
import {modelInfo, originsFromEnv} from '../labs/index.js';
import {buildClients} from '../run/accounts/clients.js';
import {loadRunAccounts} from '../run/accounts/load.js';
import {exitCodes} from '../run/exit-codes.js';
import type {Io, RunSources} from '../run/io.js';
import type {RunOptions} from '../run/options.js';
import {formatPlan, planJson} from '../run/plan/format.js';
import {probeAccounts} from '../run/plan/probe.js';
import {loadScenes} from '../run/scenes.js';
import {withUsageErrors} from './command-errors.js';

export function planCommand(
	sceneFile: string,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	return withUsageErrors(io.stderr, async () => {
		const {scenes} = await loadScenes(sceneFile, options);
		const {accounts} = sources.accounts
			? {accounts: sources.accounts}
			: await loadRunAccounts(options.accountsFile, io.env);
		const clients = buildClients(accounts, {
			origins: originsFromEnv(io.env),
			captchaCommand: options.captchaCommand,
			captcha: io.captcha,
			captchaOptional: true,
		});
		const configured = new Map(accounts.map((account) => [account.name, account.maxInFlight]));
		let probed: Awaited<ReturnType<typeof probeAccounts>>;
		try {
			probed = await probeAccounts(clients, {
				createProject: false,
				maxInFlight: (name) => configured.get(name) ?? options.maxInFlight,
			});
		} finally {
			await Promise.allSettled(clients.map((client) => client.close()));
		}
		const name = basename(sceneFile);
		const plan = buildPlan({
			scenes,
			accounts: probed,
			models: modelInfo,
			maxCredits: options.maxCredits,
			sceneFile: name,
		});
		if (options.output === 'json') {
			io.stdout.write(`${JSON.stringify(planJson(plan, name))}\n`);
		} else {
			io.stdout.write(`${formatPlan(plan, name).join('\n')}\n`);
			for (const warning of plan.warnings) io.stderr.write(`${warning.message}\n`);
		}
		for (const problem of plan.problems) io.stderr.write(`flowdeck: ${problem}\n`);
		return planExitCode(plan);
	});
}

function planExitCode(plan: Plan): number {
	if (plan.verdict === 'no-account') return exitCodes.noAccount;
	return plan.verdict === 'ok' ? exitCodes.ok : exitCodes.usage;
}

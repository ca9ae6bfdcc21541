import type {AccountConfig} from '../config/accounts-file.js';
import {originsFromEnv} from '../labs/index.js';
import {browserCaptchaFor} from './accounts/browser-captcha.js';
import {buildClients} from './accounts/clients.js';
import {loadRunAccounts} from './accounts/load.js';
import type {Io, RunSources} from './io.js';
import type {RunOptions} from './options.js';
import type {PreflightInput, RunPreflight} from './plan/preflight.js';
import {report} from './report/report.js';
import {openSession, type SessionOptions} from './session.js';

/** Where `run` and `resume` differ; the rest of the wiring is theirs in common (startRun). */
export type RunStart = {
	outDir: string;
	/** The cap on videos in flight of an account that sets none of its own. */
	maxInFlight: number;
	mode: 'parallel' | 'sequential';
	resubmitInDoubt?: boolean;
	/** The look at the accounts and the plan; an exit code ends the run there, nothing submitted. */
	preflight(
		ready: Omit<PreflightInput, 'scenes'>,
	): Promise<Pick<RunPreflight, 'deniedModels' | 'plan'> | number>;
	/** The project each account worked in earlier in this run (resume): it goes on there. */
	projects?: () => Promise<ReadonlyMap<string, string>>;
	/** Once the preflight lets the run go: a new run's run.json, or the run to carry on. */
	start(accounts: AccountConfig[]): Promise<SessionOptions['start']>;
};

/**
 * A run from its accounts to its end: one client per account, the preflight, the session (journal,
 * run.json, manifest around the pipeline), then the report or the dashboard until the run ends.
 * Resolves to the run's exit code.
 */
export async function startRun(
	wiring: RunStart,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	const loaded = sources.accounts
		? {accounts: sources.accounts, fromSettings: false}
		: await loadRunAccounts(options.accountsFile, io.env);
	const {fromSettings} = loaded;
	// The demo's simulator is new each session: its earlier projects died with the earlier one.
	const projects = sources.simulated ? undefined : await wiring.projects?.();
	const accounts = loaded.accounts.map((account) => {
		const earlier = projects?.get(account.name);
		return account.projectId === undefined && earlier !== undefined
			? {...account, projectId: earlier}
			: account;
	});
	const clients = buildClients(accounts, {
		origins: originsFromEnv(io.env),
		captchaCommand: options.captchaCommand,
		captcha: io.captcha,
		captchaFor: await browserCaptchaFor(options.captchaBrowser),
	});
	const caps = new Map(accounts.map((account) => [account.name, account.maxInFlight ?? wiring.maxInFlight]));
	const maxInFlight = (name: string) => caps.get(name) ?? wiring.maxInFlight;
	const preflight = await wiring.preflight({clients, io, fromSettings, maxInFlight});
	if (typeof preflight === 'number') return preflight;
	const start = await wiring.start(accounts);
	const session = await openSession({
		outDir: wiring.outDir,
		clients,
		maxInFlight,
		mode: wiring.mode,
		pollIntervalMs: options.pollIntervalMs,
		submitGapMs: options.submitGapMs,
		resubmitInDoubt: wiring.resubmitInDoubt,
		deniedModels: preflight.deniedModels,
		plan: preflight.plan,
		start,
	});
	if (session.skippedJournalLines.length > 0) {
		io.stderr.write(
			`warning: skipped unreadable journal line(s) ${session.skippedJournalLines.join(', ')} (a write cut short by a crash)\n`,
		);
	}
	return report(session, options, io, sources);
}

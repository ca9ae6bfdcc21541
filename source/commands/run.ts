import {resolve} from 'node:path';
import type {AccountConfig} from '../config/accounts-file.js';
import type {Plan} from '../core/plan.js';
import {hasRun, type RunFile, readRunFile} from '../core/run-file.js';
import {exitCodeFor, isFinished, type RunState} from '../core/run-state.js';
import {hashSceneText} from '../core/scenes.js';
import {type CaptchaProvider, originsFromEnv} from '../labs/index.js';
import {formatLine} from '../report/lines.js';
import {ndjsonLine} from '../report/ndjson.js';
import {browserCaptchaFor, buildClients} from './clients.js';
import {exitCodes} from './exit-codes.js';
import {nothingToResume} from './nothing-to-resume.js';
import {loadRunAccounts, loadScenes} from './preflight.js';
import type {RunOptions} from './run-options.js';
import {UsageError} from './run-options.js';
import {preflightResume, preflightRun} from './run-preflight.js';
import {newRunId, openSession, type Session, setAsideEarlierRun} from './session.js';

export {exitCodes} from './exit-codes.js';

export type Io = {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
	/** Registers the Ctrl-C handler; returns a function that removes it. */
	onInterrupt?: (handler: () => void) => () => void;
	/**
	 * Registers what to do once the reader of stdout has gone away (`… | head`; stdout-closed.ts);
	 * returns a function that removes it.
	 */
	onStdoutClosed?: (handler: () => void) => () => void;
	/** Injected by the demo and tests. */
	captcha?: CaptchaProvider;
	/** The live dashboard (source/ui), loaded only when a terminal will show it. */
	dashboard?: (session: Session, options: RunOptions) => Promise<number>;
	/**
	 * The plan screen before a run starts (dashboard only, skipped by --yes): false ends the run
	 * before anything is submitted.
	 */
	confirmPlan?: (plan: Plan) => Promise<boolean>;
};

/** What the demo hands in instead of files: accounts held in memory. */
export type RunSources = {
	accounts?: AccountConfig[];
	/** The demo's simulated accounts: nothing generating was paid for. */
	simulated?: boolean;
};

/** `flowdeck run <scenes>`: a new run into an output folder that holds none. */
export async function runCommand(
	sceneFile: string,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	// Scene file, model keys (against the catalogue) and accounts: all checked before any request.
	const {text, scenes} = await loadScenes(sceneFile, options);
	const earlierRun = await hasRun(options.outDir);
	if (earlierRun && !options.newRun) {
		throw new UsageError(
			`${options.outDir} already holds a run: \`flowdeck resume ${options.outDir}\` continues it, or pass --new-run to start afresh`,
		);
	}
	const {accounts, fromSettings} = sources.accounts
		? {accounts: sources.accounts, fromSettings: false}
		: await loadRunAccounts(options.accountsFile, io.env);
	const clients = buildClients(accounts, {
		origins: originsFromEnv(io.env),
		captchaCommand: options.captchaCommand,
		captcha: io.captcha,
		captchaFor: await browserCaptchaFor(options.captchaBrowser),
	});
	const maxInFlight = new Map(
		accounts.map((account) => [account.name, account.maxInFlight ?? options.maxInFlight]),
	);
	const preflight = await preflightRun({
		clients,
		scenes,
		io,
		options,
		sceneFile,
		fromSettings,
		maxInFlight: (name) => maxInFlight.get(name) ?? options.maxInFlight,
	});
	if (preflight.refused) return exitCodes.usage;
	if (preflight.declined) return exitCodes.ok;
	if (earlierRun) await setAsideEarlierRun(options.outDir);
	const run: RunFile = {
		version: 1,
		runId: newRunId(),
		createdAt: new Date().toISOString(),
		sceneFile: resolve(sceneFile),
		sceneHash: hashSceneText(text),
		settings: {
			model: options.model,
			aspect: options.aspect,
			copies: options.copies,
			maxInFlight: options.maxInFlight,
			pollIntervalMs: options.pollIntervalMs,
			mode: options.mode,
			...(options.maxCredits === undefined ? {} : {maxCredits: options.maxCredits}),
		},
		accounts: accounts.map((account) => account.name),
		scenes,
	};
	const session = await openSession({
		outDir: options.outDir,
		clients,
		maxInFlight: (name) => maxInFlight.get(name) ?? options.maxInFlight,
		mode: options.mode,
		pollIntervalMs: options.pollIntervalMs,
		submitGapMs: options.submitGapMs,
		deniedModels: preflight.deniedModels,
		plan: preflight.plan,
		start: {kind: 'new', run},
	});
	return report(session, options, io, sources);
}

/** `flowdeck resume <out>`: replays the journal and carries on; never resubmits an acknowledged scene. */
export async function resumeCommand(
	outDir: string,
	options: RunOptions,
	io: Io,
	sources: RunSources = {},
): Promise<number> {
	const run = await readRunFile(outDir);
	if (!run) {
		throw new UsageError(
			`${outDir}: no flowdeck run here (no .flowdeck/run.json); start one with \`flowdeck run\``,
		);
	}
	// NDJSON readers get the run's events as ever; people get one line.
	const nothing = options.output === 'json' ? undefined : await nothingToResume(outDir, run);
	if (nothing) {
		io.stdout.write(`${nothing}\n`);
		return exitCodes.ok;
	}
	const {accounts, fromSettings} = sources.accounts
		? {accounts: sources.accounts, fromSettings: false}
		: await loadRunAccounts(options.accountsFile, io.env);
	const clients = buildClients(accounts, {
		origins: originsFromEnv(io.env),
		captchaCommand: options.captchaCommand,
		captcha: io.captcha,
		captchaFor: await browserCaptchaFor(options.captchaBrowser),
	});
	const maxInFlight = new Map(
		accounts.map((account) => [account.name, account.maxInFlight ?? run.settings.maxInFlight]),
	);
	const {deniedModels} = await preflightResume({
		clients,
		scenes: run.scenes,
		io,
		fromSettings,
		maxInFlight: (name) => maxInFlight.get(name) ?? run.settings.maxInFlight,
	});
	const session = await openSession({
		outDir,
		clients,
		maxInFlight: (name) => maxInFlight.get(name) ?? run.settings.maxInFlight,
		mode: run.settings.mode,
		pollIntervalMs: options.pollIntervalMs,
		submitGapMs: options.submitGapMs,
		resubmitInDoubt: options.resubmitInDoubt,
		deniedModels,
		start: {kind: 'resume', run},
	});
	if (session.skippedJournalLines.length > 0) {
		io.stderr.write(
			`warning: skipped unreadable journal line(s) ${session.skippedJournalLines.join(', ')} (a write cut short by a crash)\n`,
		);
	}
	return report(session, options, io, sources);
}

/** Headless reporting: readable lines or NDJSON, and the two-stage Ctrl-C. */
async function report(session: Session, options: RunOptions, io: Io, sources: RunSources): Promise<number> {
	if (options.output === 'tui' && io.dashboard) return io.dashboard(session, options);
	const {pipeline} = session;
	let readerGone = false;
	pipeline.on('event', (event) => {
		if (readerGone) return;
		const state = pipeline.getSnapshot();
		const line = options.output === 'json' ? ndjsonLine(event, state) : lineOf(formatLine(event, state));
		if (line) io.stdout.write(line);
	});
	pipeline.on('warning', (message) => io.stderr.write(`warning: ${message}\n`));
	let interrupted = false;
	const removeHandler = io.onInterrupt?.(() => {
		interrupted = true;
		pipeline.stop();
	});
	const ended = session.start();
	// Registered once the run has started (run.start is out): a reader gone during the plan stops it
	// before its first submit. Nobody sees the report any more; a run stops as after a first Ctrl-C,
	// since what is generating is paid for and still fetched (a Ctrl-C after that stops at once). The
	// demo pays for nothing and simply stops. Quietly either way: exit 130 if anything is left.
	const removeClosedHandler = io.onStdoutClosed?.(() => {
		readerGone = true;
		interrupted = true;
		if (sources.simulated) pipeline.stop({now: true});
		else if (!pipeline.getSnapshot().stopping) pipeline.stop();
	});
	try {
		const state = await ended;
		return finalExitCode(state, interrupted, pipeline.noUsableAccount);
	} finally {
		removeHandler?.();
		removeClosedHandler?.();
	}
}

const lineOf = (text: string | undefined): string | undefined =>
	text === undefined ? undefined : `${text}\n`;

export function finalExitCode(state: RunState, interrupted: boolean, noUsableAccount: boolean): number {
	const unfinished = state.scenes.some((scene) => !isFinished(scene));
	if (interrupted && unfinished) return exitCodes.interrupted;
	if (noUsableAccount && state.scenes.some((scene) => scene.state === 'queued')) return exitCodes.noAccount;
	if (unfinished) return exitCodes.failed;
	return exitCodeFor(state);
}

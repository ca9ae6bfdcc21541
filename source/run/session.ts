import {mkdir, rename} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {PlanAccount, RunEvent, SceneSpec} from '../core/events.js';
import {Journal, readJournal, replay} from '../core/journal/index.js';
import {writeManifest} from '../core/manifest.js';
import {Pipeline, type PipelineAccount} from '../core/pipeline/index.js';
import {pickRuleOf, type RunFile, writeRunFile} from '../core/run-file.js';
import {initialRunState, type RunState} from '../core/run-state.js';
import type {AccountClient} from '../labs/index.js';

export type SessionOptions = {
	outDir: string;
	clients: AccountClient[];
	maxInFlight: (account: string) => number;
	mode: 'parallel' | 'sequential';
	pollIntervalMs: number;
	submitGapMs: number;
	resubmitInDoubt?: boolean;
	/** Models an account must not be given (tier gating from the model catalogue). */
	deniedModels?: (account: string) => Iterable<string>;
	/** The preflight plan, announced as run.plan once the pipeline has prepared the accounts. */
	plan?: {accounts: PlanAccount[]; totalCost: number};
	/** A new run writes run.json; a resumed one replays the journal. */
	start: {kind: 'new'; run: RunFile} | {kind: 'resume'; run: RunFile};
	downloadConcurrency?: number;
	backoffBaseMs?: number;
};

export type Session = {
	pipeline: Pipeline;
	runId: string;
	/**
	 * Starts the run (after the caller has subscribed to its events); resolves after run.end, once the
	 * journal is closed and the manifest written.
	 */
	start(): Promise<RunState>;
	skippedJournalLines: number[];
	/** Where the run writes (the dashboard names it in its summary and quit prompt). */
	outDir: string;
	/** What the run was asked to do (the dashboard shows its scene file). */
	run: RunFile;
};

/** Moves an earlier run's bookkeeping aside (`--new-run`); its videos stay where they are. */
export async function setAsideEarlierRun(outDir: string): Promise<string> {
	const aside = join(outDir, `.flowdeck-${new Date().toISOString().replace(/[:.]/g, '-')}`);
	await rename(join(outDir, '.flowdeck'), aside);
	return aside;
}

/** Wires a pipeline to its journal, run.json and manifest: the run's side effects, in one place. */
export async function openSession(options: SessionOptions): Promise<Session> {
	await mkdir(options.outDir, {recursive: true});
	const {run} = options.start;
	let initialState: RunState | undefined;
	let skippedJournalLines: number[] = [];
	const names = options.clients.map((client) => client.name);
	if (options.start.kind === 'new') {
		await writeRunFile(options.outDir, run);
	} else {
		const journal = await readJournal(options.outDir);
		skippedJournalLines = journal.skippedLines;
		initialState = replay(initialRunState(run.scenes, run.accounts, Date.now()), journal.events);
	}
	const journal = await Journal.open(options.outDir);
	const accounts: PipelineAccount[] = options.clients.map((client) => ({
		client,
		maxInFlight: options.maxInFlight(client.name),
		deniedModels: options.deniedModels?.(client.name),
	}));
	const pipeline = new Pipeline({
		outDir: options.outDir,
		scenes: run.scenes as SceneSpec[],
		accounts,
		mode: options.mode,
		pollIntervalMs: options.pollIntervalMs,
		minSubmitGapMs: options.submitGapMs,
		initialState: initialState
			? {...initialState, accountOrder: mergeOrder(names, initialState.accountOrder)}
			: undefined,
		resubmitInDoubt: options.resubmitInDoubt,
		// The run's own rule, also on resume: a run.json from before takes means first.
		pick: pickRuleOf(run),
		downloadConcurrency: options.downloadConcurrency,
		backoffBaseMs: options.backoffBaseMs,
		runId: run.runId,
		// Image paths in a scene file are relative to it (docs/design.md §4, scene files).
		imageDir: dirname(run.sceneFile),
		sink: journal,
		plan: options.plan,
	});
	let manifestTimer: NodeJS.Timeout | undefined;
	let manifestDirty = false;
	const onEvent = (event: RunEvent) => {
		if (event.type !== 'scene.state' && event.type !== 'media.state' && event.type !== 'take.chosen') return;
		manifestDirty = true;
		// The manifest is rewritten at most every 2 s while running: a view, not the record.
		manifestTimer ??= setTimeout(() => {
			manifestTimer = undefined;
			if (!manifestDirty) return;
			manifestDirty = false;
			writeManifest(options.outDir, pipeline.getSnapshot()).catch(() => {});
		}, 2000);
	};
	pipeline.on('event', onEvent);
	const start = () =>
		pipeline.start().then(async (state) => {
			pipeline.off('event', onEvent);
			if (manifestTimer) clearTimeout(manifestTimer);
			await journal.close();
			await writeManifest(options.outDir, state);
			// A graceful close waits for requests still under way (an abrupt stop leaves some); the
			// run's record is already written, so it gets two seconds and no more.
			await Promise.race([
				Promise.allSettled(options.clients.map((client) => client.close())),
				new Promise((resolve) => setTimeout(resolve, 2000).unref()),
			]);
			return state;
		});
	return {pipeline, runId: run.runId, start, skippedJournalLines, outDir: options.outDir, run};
}

function mergeOrder(current: string[], earlier: string[]): string[] {
	return [...current, ...earlier.filter((name) => !current.includes(name))];
}

/**
 * The step between loading a run and starting its pipeline: look at every account once (token,
 * credits, tier, project), make the plan, and refuse, ask, or hand the pipeline what it needs
 * (which models each account must not get, and the plan to announce). Nothing is submitted here.
 */

import {basename} from 'node:path';
import type {PlanAccount, SceneSpec} from '../../core/events.js';
import {buildPlan, deniedModelsFor, type Plan, planEvent} from '../../core/plan/index.js';
import {initialRunState} from '../../core/run-state.js';
import type {AccountClient} from '../../labs/index.js';
import {modelInfo} from '../../labs/index.js';
import type {Io} from '../io.js';
import type {RunOptions} from '../options.js';
import {ndjsonLine} from '../report/ndjson.js';
import {formatPlan} from './format.js';
import {type ProbedAccount, probeAccounts, saveCreatedProjects} from './probe.js';

export type PreflightInput = {
	clients: AccountClient[];
	scenes: SceneSpec[];
	io: Io;
	/** Accounts from the settings file: the projects prepare() creates are saved there. */
	fromSettings: boolean;
	maxInFlight: (account: string) => number;
};

export type RunPreflight = {
	/** The plan refused the run and said why: exit 2; nothing was created or submitted. */
	refused: boolean;
	/** The user said no on the plan screen. */
	declined: boolean;
	/** Tier gating from the model catalogue (PipelineAccount.deniedModels). */
	deniedModels: (account: string) => string[];
	/** For the pipeline to announce as run.plan; absent when no account could be prepared. */
	plan?: {accounts: PlanAccount[]; totalCost: number};
};

async function probe(input: PreflightInput): Promise<ProbedAccount[]> {
	const probed = await probeAccounts(input.clients, {createProject: true, maxInFlight: input.maxInFlight});
	if (input.fromSettings) await saveCreatedProjects(input.io.env, probed);
	return probed;
}

function deniedModels(probed: ProbedAccount[], scenes: SceneSpec[]): (account: string) => string[] {
	const models = scenes.map((scene) => scene.model);
	const denied = new Map(
		probed.map((account) => [account.name, deniedModelsFor(account.tier, models, modelInfo)]),
	);
	return (account) => denied.get(account) ?? [];
}

/** `run`: the plan before the first submit; a refused plan ends the run here (exit 2). */
export async function preflightRun(
	input: PreflightInput & {options: RunOptions; sceneFile: string},
): Promise<RunPreflight> {
	const {io, options, scenes} = input;
	const probed = await probe(input);
	const sceneFile = basename(input.sceneFile);
	const plan = buildPlan({
		scenes,
		accounts: probed,
		models: modelInfo,
		maxCredits: options.maxCredits,
		sceneFile,
	});
	for (const warning of plan.warnings) io.stderr.write(`${warning.message}\n`);
	const result = {refused: false, declined: false, deniedModels: deniedModels(probed, scenes)};
	if (plan.verdict === 'refused') {
		showPlan(plan, input);
		for (const problem of plan.problems) io.stderr.write(`flowdeck: ${problem}\n`);
		io.stderr.write('flowdeck: nothing was submitted\n');
		await closeAll(input.clients);
		return {...result, refused: true};
	}
	// With no usable account the pipeline reports each account and exits 3; the run stays resumable.
	if (plan.verdict === 'no-account') return result;
	if (options.output === 'tui' && !options.yes && io.confirmPlan && !(await io.confirmPlan(plan))) {
		await closeAll(input.clients);
		return {...result, declined: true};
	}
	const {accounts, totalCost} = planEvent(plan, Date.now());
	return {...result, plan: {accounts, totalCost}};
}

/** `resume`: no new plan (the run was planned), but tiers still decide which account may take what. */
export async function preflightResume(input: PreflightInput): Promise<Pick<RunPreflight, 'deniedModels'>> {
	const probed = await probe(input);
	return {deniedModels: deniedModels(probed, input.scenes)};
}

function showPlan(plan: Plan, input: PreflightInput & {options: RunOptions; sceneFile: string}): void {
	const {io, options} = input;
	if (options.output === 'json') {
		const state = initialRunState(
			input.scenes,
			input.clients.map((client) => client.name),
		);
		io.stdout.write(ndjsonLine(planEvent(plan, Date.now()), state) ?? '');
		return;
	}
	io.stdout.write(`${formatPlan(plan, basename(input.sceneFile)).join('\n')}\n`);
}

const closeAll = async (clients: AccountClient[]): Promise<void> => {
	await Promise.allSettled(clients.map((client) => client.close()));
};

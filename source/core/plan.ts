/**
 * The preflight plan: before any credit is spent, which account would take which scene, what it
 * would cost, and whether the run should start at all. Pure: accounts come in as snapshots and the
 * model catalogue as a lookup function, so every rule is testable without a network.
 */

import {type ModelLookup, modelAllowed, modelForAspect, requiredTier, tierLabel} from '../labs/models.js';
import type {Aspect, PaygateTier, TransportKind} from '../labs/types.js';
import type {AccountHealth, PlanAccount, RunEvent} from './events.js';
import {policyRisks} from './policy-words.js';
import {unknownModelProblem} from './unknown-model.js';

export type PlanSceneInput = {index: number; line?: number; prompt: string; model: string; copies: number};

export type PlanAccountInput = {
	name: string;
	transport?: TransportKind;
	tier?: PaygateTier;
	credits?: number;
	health: AccountHealth;
	/** Why it cannot be used (cookie expired, moved to flow.google.com, …), without the account name. */
	reason?: string;
	/** Its share of the work follows its capacity. */
	maxInFlight: number;
};

export type PlannedAccount = PlanAccount & {health: AccountHealth; reason?: string; usable: boolean};

export type PlanWarning = {scene: number; line?: number; message: string};

export type PlanVerdict = 'ok' | 'refused' | 'no-account';

export type Plan = {
	/** ok: start; refused: the run must not start (exit 2); no-account: no account could be prepared. */
	verdict: PlanVerdict;
	accounts: PlannedAccount[];
	/** Where each scene would go, in scene order; no account when none may take it. */
	scenes: Array<{scene: number; account?: string; cost: number}>;
	videos: number;
	/** Estimated from the catalogue; a model of unknown price counts 0 (and warns). */
	totalCost: number;
	/** Credits of the accounts that can work. */
	usableCredits: number;
	maxCredits?: number;
	/** Why the run is refused, one line each; empty when the verdict is ok. */
	problems: string[];
	/** Worth knowing before spending credits; never a refusal. */
	warnings: PlanWarning[];
};

export type PlanInput = {
	scenes: PlanSceneInput[];
	accounts: PlanAccountInput[];
	models: ModelLookup;
	maxCredits?: number;
	/** The scene file's name, for `scenes.txt:7: …` messages. */
	sceneFile?: string;
};

const usableHealth = (health: AccountHealth): boolean => health === 'ok' || health === 'refreshing';

const where = (scene: {index: number; line?: number}, sceneFile: string | undefined): string =>
	sceneFile !== undefined && scene.line !== undefined ? `${sceneFile}:${scene.line}` : `scene ${scene.index}`;

type Slot = {account: PlannedAccount; input: PlanAccountInput; remaining: number; current: number};

export function buildPlan(input: PlanInput): Plan {
	const {models, sceneFile} = input;
	const slots: Slot[] = input.accounts.map((account) => ({
		input: account,
		account: {
			account: account.name,
			transport: account.transport,
			tier: account.tier,
			credits: account.credits,
			scenes: [],
			cost: 0,
			health: account.health,
			reason: account.reason,
			usable: usableHealth(account.health),
		},
		// Credits not read (yet) are not a reason to refuse.
		remaining: account.credits ?? Number.POSITIVE_INFINITY,
		current: 0,
	}));
	const usable = slots.filter((slot) => slot.account.usable);
	const problems: string[] = [];
	const warnings: PlanWarning[] = [];
	const scenes: Plan['scenes'] = [];
	const deniedModels = new Set<string>();
	const unpricedModels = new Set<string>();
	let unaffordable: {scene: PlanSceneInput; cost: number} | undefined;

	for (const scene of input.scenes) {
		const risks = policyRisks(scene.prompt);
		if (risks.length > 0) {
			const words = risks.map((word) => `"${word}"`).join(', ');
			warnings.push({
				scene: scene.index,
				line: scene.line,
				message: `${where(scene, sceneFile)}: may be blocked by policy (mentions ${words})`,
			});
		}
		const info = models(scene.model);
		if (!info && !unpricedModels.has(scene.model)) {
			unpricedModels.add(scene.model);
			warnings.push({
				scene: scene.index,
				line: scene.line,
				message: `${where(scene, sceneFile)}: model ${scene.model} is not in flowdeck's catalogue: its cost is not counted`,
			});
		}
		const cost = (info?.credits ?? 0) * scene.copies;
		const eligible = usable.filter((slot) => modelAllowed(slot.input.tier, scene.model, models));
		if (eligible.length === 0) {
			if (usable.length > 0 && !deniedModels.has(scene.model)) {
				deniedModels.add(scene.model);
				problems.push(noAccountMayUse(scene, usable, models, sceneFile));
			}
			scenes.push({scene: scene.index, cost});
			continue;
		}
		const affordable = eligible.filter((slot) => slot.remaining >= cost);
		if (affordable.length === 0) unaffordable ??= {scene, cost};
		const slot = pickWeighted(affordable.length > 0 ? affordable : eligible);
		slot.remaining -= cost;
		slot.account.cost += cost;
		slot.account.scenes.push(scene.index);
		scenes.push({scene: scene.index, account: slot.account.account, cost});
	}

	const totalCost = scenes.reduce((sum, scene) => sum + scene.cost, 0);
	const usableCredits = usable.reduce((sum, slot) => sum + (slot.input.credits ?? 0), 0);
	const creditsKnown = usable.every((slot) => slot.input.credits !== undefined);
	if (usable.length > 0 && creditsKnown && totalCost > usableCredits) {
		problems.push(
			`the accounts cannot pay for this run: it costs about ${totalCost} credits and the usable accounts have ${usableCredits}`,
		);
	} else if (unaffordable) {
		problems.push(
			`the accounts cannot pay for this run: ${where(unaffordable.scene, sceneFile)} costs about ${unaffordable.cost} credits and no account that may run it has that many left`,
		);
	}
	if (input.maxCredits !== undefined && totalCost > input.maxCredits) {
		problems.push(`the run costs about ${totalCost} credits, more than --max-credits ${input.maxCredits}`);
	}
	let verdict: PlanVerdict = problems.length > 0 ? 'refused' : 'ok';
	if (usable.length === 0) {
		verdict = 'no-account';
		const reasons = slots.map(
			(slot) => `${slot.account.account}: ${slot.account.reason ?? slot.account.health}`,
		);
		problems.unshift(`no usable account (${reasons.join('; ')})`);
	}
	return {
		verdict,
		accounts: slots.map((slot) => slot.account),
		scenes,
		videos: input.scenes.reduce((sum, scene) => sum + scene.copies, 0),
		totalCost,
		usableCredits,
		maxCredits: input.maxCredits,
		problems,
		warnings,
	};
}

/**
 * Smooth weighted round robin (as nginx balances upstreams): over a run each account gets scenes in
 * proportion to its maxInFlight, interleaved rather than in blocks, like the pipeline's scheduler.
 */
function pickWeighted(pool: Slot[]): Slot {
	let total = 0;
	let best: Slot | undefined;
	for (const slot of pool) {
		const weight = Math.max(1, slot.input.maxInFlight);
		slot.current += weight;
		total += weight;
		if (!best || slot.current > best.current) best = slot;
	}
	const picked = best as Slot;
	picked.current -= total;
	return picked;
}

function noAccountMayUse(
	scene: PlanSceneInput,
	usable: Slot[],
	models: ModelLookup,
	sceneFile: string | undefined,
): string {
	const tier = requiredTier(scene.model, models);
	const need = tier === undefined ? ':' : ` needs an ${tierLabel(tier)} account (${tier}), and`;
	const have = usable.map((slot) => `${slot.account.account}: ${tierLabel(slot.input.tier)}`).join(', ');
	return `${where(scene, sceneFile)}: model ${scene.model}${need} no usable account in this run may use it (${have})`;
}

/** The run.plan event: the public part of the plan (docs/design.md §4), nothing else. */
export function planEvent(plan: Plan, ts: number): Extract<RunEvent, {type: 'run.plan'}> {
	return {
		type: 'run.plan',
		ts,
		accounts: plan.accounts.map(({account, transport, tier, credits, scenes, cost}) => ({
			account,
			transport,
			tier,
			credits,
			scenes: [...scenes],
			cost,
		})),
		totalCost: plan.totalCost,
	};
}

/** Models each account must not be given, from the catalogue's tier rules (PipelineAccount.deniedModels). */
export function deniedModelsFor(
	tier: PaygateTier | undefined,
	sceneModels: Iterable<string>,
	models: ModelLookup,
): string[] {
	return [...new Set(sceneModels)].filter((model) => !modelAllowed(tier, model, models));
}

// ---------------------------------------------------------------------------------------------------
// Model keys against the catalogue (before anything touches the network)
// ---------------------------------------------------------------------------------------------------

export type ModelScene = {index: number; line?: number; model: string; aspect: Aspect};

export type ModelResolution<T> = {
	/** The scenes with the key each will be sent with (a portrait twin for 9:16, …). */
	scenes: T[];
	/** One line per unusable key (first scene that uses it); non-empty: refuse with exit 2. */
	problems: string[];
};

export type ModelResolutionOptions = {
	models: ModelLookup;
	knownKeys: readonly string[];
	/**
	 * Keys the user typed on purpose (--model): Flow adds keys faster than flowdeck ships, so an
	 * explicit unknown key is sent as it is. An unknown key anywhere else is most likely a typo.
	 */
	trusted?: ReadonlySet<string>;
	sceneFile?: string;
};

export function resolveSceneModels<T extends ModelScene>(
	scenes: readonly T[],
	options: ModelResolutionOptions,
): ModelResolution<T> {
	const {models, sceneFile} = options;
	const problems: string[] = [];
	const reported = new Set<string>();
	const report = (model: string, text: string) => {
		if (reported.has(model)) return;
		reported.add(model);
		problems.push(text);
	};
	const resolved = scenes.map((scene) => {
		const info = models(scene.model);
		if (!info) {
			if (!options.trusted?.has(scene.model)) {
				report(scene.model, unknownModelProblem(where(scene, sceneFile), scene.model, options.knownKeys));
			}
			return scene;
		}
		const key = modelForAspect(info, scene.aspect, models);
		if (key === undefined) {
			report(
				`${scene.model}@${scene.aspect}`,
				`${where(scene, sceneFile)}: model ${scene.model} is ${info.orientation}-only and has no twin for ${scene.aspect}`,
			);
			return scene;
		}
		// Not {...scene, model}: V8 (Node 20) gives each object spread this way a hidden class of its
		// own, which a 10,000-scene run in 9:16 keeps for its whole length.
		return key === scene.model ? scene : Object.assign({}, scene, {model: key});
	});
	return {scenes: resolved, problems};
}

import {upscaleAllowed, upscaleModel} from '../../labs/mode-models.js';
import {type ModelLookup, modelAllowed, requiredTier, tierLabel} from '../../labs/models.js';
import type {AccountHealth} from '../events.js';
import {type Ability, abilityWords, extendSources, needsOf} from '../pipeline/abilities.js';
import {policyRisks} from '../policy-words.js';
import {imagesOf} from '../scenes/inputs.js';
import type {
	Plan,
	PlanAccountInput,
	PlanInput,
	PlannedAccount,
	PlanSceneInput,
	PlanVerdict,
	PlanWarning,
} from './types.js';
import {where} from './where.js';

const usableHealth = (health: AccountHealth): boolean => health === 'ok' || health === 'refreshing';

type Slot = {
	account: PlannedAccount;
	input: PlanAccountInput;
	remaining: number;
	current: number;
	/** The image files its scenes name: each is uploaded to it once. */
	images: Set<string>;
};

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
		images: new Set<string>(),
	}));
	const usable = slots.filter((slot) => slot.account.usable);
	const problems: string[] = [];
	const warnings: PlanWarning[] = [];
	const scenes: Plan['scenes'] = [];
	const deniedModels = new Set<string>();
	const unpricedModels = new Set<string>();
	let unaffordable: {scene: PlanSceneInput; cost: number} | undefined;
	const placed = new Map<number, Slot>();
	const sources = extendSources(input.scenes);

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
		const upscale = scene.inputs?.upscale;
		const upscaleCost = upscale === undefined ? 0 : (models(upscaleModel(upscale))?.credits ?? 0);
		const cost = ((info?.credits ?? 0) + upscaleCost) * scene.copies;
		const source = scene.inputs?.extend === undefined ? undefined : placed.get(scene.inputs.extend);
		// (`sources`: scenes a later scene extends, planned where extending is possible.)
		const needs = needsOf(scene, sources);
		const eligible = usable.filter(
			(slot) =>
				modelAllowed(slot.input.tier, scene.model, models) &&
				needs.every((need) => slot.input.can?.has(need) ?? true) &&
				(upscale === undefined || upscaleAllowed(slot.input.tier, upscale)) &&
				// An extend runs where its source clip is, or nowhere (docs/design.md §3).
				(scene.inputs?.extend === undefined || slot === source),
		);
		if (eligible.length === 0 && usable.length > 0 && (scene.inputs !== undefined || needs.length > 0)) {
			const why = boundSceneProblem(scene, {source, needs}, usable, models);
			if (why !== undefined) {
				problems.push(`${where(scene, sceneFile)}: ${why}`);
				scenes.push({scene: scene.index, cost});
				continue;
			}
		}
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
		placed.set(scene.index, slot);
		for (const file of imagesOf(scene.inputs)) slot.images.add(file);
		scenes.push({scene: scene.index, account: slot.account.account, cost});
	}

	for (const slot of slots) if (slot.images.size > 0) slot.account.uploads = slot.images.size;
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

/** Why a scene with an extend or an upscale has no account, when its model is not the reason. */
function boundSceneProblem(
	scene: PlanSceneInput,
	{source, needs}: {source: Slot | undefined; needs: Ability[]},
	usable: Slot[],
	models: ModelLookup,
): string | undefined {
	const missing = needs.filter((need) => usable.every((slot) => !(slot.input.can?.has(need) ?? true)));
	if (missing.length > 0) {
		const what = missing.map((need) => abilityWords[need]).join(' or ');
		return `no usable account in this run can ${what} (flow.google.com accounts cannot extend or upscale yet)`;
	}
	const extend = scene.inputs?.extend;
	if (extend !== undefined) {
		return source === undefined
			? `it extends scene ${extend}, which no account in this run can make`
			: `it extends scene ${extend}, planned on ${source.account.account}, which may not run it`;
	}
	const upscale = scene.inputs?.upscale;
	const mayUseModel = usable.some((slot) => modelAllowed(slot.input.tier, scene.model, models));
	if (upscale === undefined || !mayUseModel) return undefined;
	return `no usable account in this run may upscale to ${upscale} (${upscale === '4k' ? '4k needs an Ultra account' : '1080p needs a paid account'})`;
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

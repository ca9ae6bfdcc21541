import {type ModelLookup, modelAllowed, requiredTier, tierLabel} from '../../labs/models.js';
import type {AccountHealth} from '../events.js';
import {policyRisks} from '../policy-words.js';
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

import type {Plan} from '../../core/plan/index.js';
import {plural} from '../../core/plural.js';
import {tierLabel} from '../../labs/index.js';
import {formatRanges, formatTable} from '../report/table.js';

/** The plan for a terminal or a log: one line per account, then the total. */
export function formatPlan(plan: Plan, sceneFile: string): string[] {
	const rows = plan.accounts.map((account) => {
		const head = [account.account, tierLabel(account.tier)];
		if (!account.usable) return [...head, account.reason ?? account.health];
		return [
			...head,
			account.health,
			account.credits === undefined ? '? credits' : plural(account.credits, 'credit'),
			account.scenes.length === 0 ? 'no scenes' : `scenes ${formatRanges(account.scenes)}`,
			plural(account.cost, 'credit'),
			...(account.uploads === undefined ? [] : [plural(account.uploads, 'upload')]),
		];
	});
	const limit = plan.maxCredits === undefined ? '' : `, --max-credits ${plan.maxCredits}`;
	return [
		`plan for ${sceneFile}: ${plural(plan.scenes.length, 'scene')}, ${plural(plan.videos, 'video')}`,
		...formatTable(rows, {indent: '  '}),
		`total: about ${plural(plan.totalCost, 'credit')} (the usable accounts have ${plan.usableCredits}${limit})`,
	];
}

/** `plan --json`: the whole plan as one object, no credential in it (there is none to put). */
export function planJson(plan: Plan, sceneFile: string) {
	return {
		verdict: plan.verdict,
		sceneFile,
		scenes: plan.scenes.length,
		videos: plan.videos,
		totalCost: plan.totalCost,
		usableCredits: plan.usableCredits,
		maxCredits: plan.maxCredits ?? null,
		accounts: plan.accounts.map((account) => ({
			account: account.account,
			transport: account.transport ?? null,
			tier: account.tier ?? null,
			credits: account.credits ?? null,
			health: account.health,
			reason: account.reason ?? null,
			scenes: account.scenes,
			cost: account.cost,
			uploads: account.uploads ?? 0,
		})),
		warnings: plan.warnings.map((warning) => warning.message),
		problems: plan.problems,
	};
}

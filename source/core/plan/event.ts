import type {RunEvent} from '../events.js';
import type {Plan} from './types.js';

/** The run.plan event: the public part of the plan (docs/design.md §4), nothing else. */
export function planEvent(plan: Plan, ts: number): Extract<RunEvent, {type: 'run.plan'}> {
	return {
		type: 'run.plan',
		ts,
		accounts: plan.accounts.map(({account, transport, tier, credits, scenes, cost, uploads}) => ({
			account,
			transport,
			tier,
			credits,
			scenes: [...scenes],
			cost,
			...(uploads === undefined ? {} : {uploads}),
		})),
		totalCost: plan.totalCost,
	};
}

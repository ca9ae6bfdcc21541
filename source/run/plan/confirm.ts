import {createInterface} from 'node:readline/promises';
import type {Plan} from '../../core/plan/index.js';
import {formatPlan} from './format.js';

/**
 * The plan screen of an interactive run: the plan, then one question. It runs before the dashboard
 * takes the terminal, so a plain prompt is enough and works over any SSH link.
 */
export function confirmPlanOnTerminal(
	sceneFile: string,
	stdin: NodeJS.ReadableStream,
	stdout: NodeJS.WritableStream,
): (plan: Plan) => Promise<boolean> {
	return async (plan) => {
		stdout.write(`${formatPlan(plan, sceneFile).join('\n')}\n`);
		const prompt = createInterface({input: stdin, output: stdout});
		try {
			const answer = (await prompt.question('Start this run? [Y/n] ')).trim().toLowerCase();
			return answer === '' || answer === 'y' || answer === 'yes';
		} finally {
			prompt.close();
		}
	};
}

/**
 * What secrets-flow.test.ts looks for: every secret a flow.google.com run holds, as patterns, and the
 * rules for where Google cookies may go, read off the simulator's traffic record.
 */
import type {SceneSpec} from '../../source/core/events.js';
import type {Simulator} from '../../source/simulator/index.js';
import {cookieHeader, type FlowAccount} from './crash-flow-workspace.js';
import {secretPatterns} from './helpers.js';

/** Tokens of the test's captcha command carry this mark (`echo capt0k-<uuid>`). */
export const captchaMark = /capt0k-[0-9a-f]{8}/;

/** The page's f.sid (`FdrFJe`), as a signed-in WIZ page hands it out; the same for every account. */
async function fsidOf(sim: Simulator, accounts: FlowAccount[]): Promise<string[]> {
	for (const account of accounts) {
		const page = await fetch(`${sim.flowUrl}/`, {
			headers: {cookie: cookieHeader(account.googleCookies)},
			redirect: 'manual',
		});
		const match = /"FdrFJe":"([^"]+)"/.exec(await page.text());
		if (match?.[1]) return [match[1]];
	}
	throw new Error('no signed-in page to read f.sid from');
}

/** Cookie values, whole Cookie headers, captcha tokens, `at` (helpers' shape) and f.sid. */
export async function flowSecretPatterns(
	sim: Simulator,
	accounts: FlowAccount[],
	cookies: string[],
): Promise<Array<string | RegExp>> {
	const headers = accounts.map((account) => cookieHeader(account.googleCookies));
	return [...secretPatterns([...cookies, ...headers], sim), captchaMark, ...(await fsidOf(sim, accounts))];
}

/**
 * Flow-only accounts: nothing goes to labs or the bearer API; every flow call carries one account's
 * Google cookies and no Authorization; no mint carried another account's cookies.
 */
export function flowOriginViolations(sim: Simulator, accounts: FlowAccount[]): string[] {
	const names = new Set(accounts.map((account) => account.name));
	const problems: string[] = [];
	for (const request of sim.stats.requests) {
		const where = `${request.origin} ${request.method} ${request.path}`;
		if (request.origin === 'labs' || request.origin === 'api')
			problems.push(`a flow account called ${where}`);
		if (request.origin !== 'flow') {
			if (request.googleCookiesOf.length > 0) problems.push(`Google cookies sent to ${where}`);
			if (request.hadCookie || request.hadAuthorization) problems.push(`credentials sent to ${where}`);
			continue;
		}
		if (request.hadAuthorization) problems.push(`an Authorization header sent to ${where}`);
		if (
			request.googleCookiesOf.length > 1 ||
			!names.has(request.googleCookiesOf[0] ?? request.account ?? '')
		) {
			problems.push(`${where} carried the cookies of ${request.googleCookiesOf.join(', ') || 'nobody'}`);
		}
	}
	for (const mint of sim.stats.captchaMints) {
		if (mint.carried.some((name) => name !== mint.account)) {
			problems.push(`a captcha page of ${mint.account} got the cookies of ${mint.carried.join(', ')}`);
		}
	}
	for (const request of sim.stats.crossAccountAttempts) {
		problems.push(`cross-account request ${request.method} ${request.path}`);
	}
	return problems;
}

export function sceneSpecs(prompts: string[]): SceneSpec[] {
	return prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	}));
}

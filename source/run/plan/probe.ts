/**
 * One look at each account before anything is submitted (token, credits, tier, project), shared by
 * `run`, `resume`, `plan` and `accounts check`.
 */

import type {CheckResult} from '../../config/settings.js';
import type {AccountHealth} from '../../core/events.js';
import type {PlanAccountInput} from '../../core/plan/index.js';
import {type AccountClient, isFlowError} from '../../labs/index.js';

export type AccountFailure = {result: Exclude<CheckResult, 'ok'>; text: string};

/** A failed look at an account, in the words `accounts check` and the plan use. */
export function describeAccountFailure(error: unknown): AccountFailure {
	if (!isFlowError(error)) return {result: 'failed', text: String((error as Error)?.message ?? error)};
	// The client prefixes its account's name; the callers show it in their own column.
	const detail = error.message.replace(/^[^:\s]+: /, '');
	if (error.code === 'ACCOUNT_MIGRATED') {
		return {
			result: 'migrated',
			text: 'moved to flow.google.com: give flowdeck its Google cookies (see the readme)',
		};
	}
	// flow.google.com signed the account out: its own words say to export the Google cookies again.
	if (error.code === 'SIGNED_OUT') return {result: 'cookie-expired', text: detail};
	if (error.code === 'COOKIE_EXPIRED' || (error.kind === 'auth' && error.httpStatus === 401)) {
		return {result: 'cookie-expired', text: 'cookie expired: copy a fresh session cookie from the browser'};
	}
	if (error.kind === 'auth' || error.kind === 'model-access')
		return {result: 'no-access', text: `no access: ${detail}`};
	if (error.kind === 'transient' || error.kind === 'throttle') {
		return {result: 'unreachable', text: `cannot reach Flow: ${detail}`};
	}
	return {result: 'failed', text: detail};
}

const abilities = ['upload', 'extend', 'upscale'] as const;

export type ProbedAccount = PlanAccountInput & {
	projectId?: string;
	/** prepare() made a Flow project for it just now. */
	createdProject: boolean;
	failure?: AccountFailure;
};

/**
 * One look at every account, side by side: the access token, credits and tier, and (createProject)
 * its Flow project. A failure is an answer about that account, not an error of the command.
 */
export async function probeAccounts(
	clients: AccountClient[],
	{createProject, maxInFlight}: {createProject: boolean; maxInFlight: (account: string) => number},
): Promise<ProbedAccount[]> {
	return Promise.all(
		clients.map(async (client): Promise<ProbedAccount> => {
			const hadProject = client.projectId !== undefined;
			const base = {
				name: client.name,
				transport: client.transportKind,
				maxInFlight: maxInFlight(client.name),
			};
			try {
				await withRetries<unknown>(() => (createProject ? client.prepare() : client.refreshCredits()));
				const snapshot = client.snapshot();
				return {
					...base,
					// An auto account knows its transport only once it has been asked.
					transport: snapshot.transport,
					tier: snapshot.tier,
					credits: snapshot.credits,
					health: 'ok',
					projectId: snapshot.projectId,
					createdProject: !hadProject && snapshot.projectId !== undefined,
					can: new Set(abilities.filter((ability) => client.supports(ability))),
				};
			} catch (error) {
				const failure = describeAccountFailure(error);
				const health: AccountHealth =
					isFlowError(error) && error.kind === 'quota' ? 'quota-exhausted' : 'auth-failed';
				const snapshot = client.snapshot();
				return {
					...base,
					// An auto account knows its transport only once it has been asked.
					transport: snapshot.transport,
					tier: snapshot.tier,
					credits: snapshot.credits,
					health,
					reason: failure.text,
					projectId: snapshot.projectId,
					createdProject: false,
					failure,
				};
			}
		}),
	);
}

const probeTries = 3;

/** A network hiccup or a 500 must not make the plan write an account off (the pipeline retries too). */
async function withRetries<T>(operation: () => Promise<T>): Promise<T> {
	for (let tries = 1; ; tries++) {
		try {
			return await operation();
		} catch (error) {
			const retryable = isFlowError(error) && (error.kind === 'transient' || error.kind === 'throttle');
			if (!retryable || tries >= probeTries) throw error;
			await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** (tries - 1))));
		}
	}
}

/** Keeps the projects prepare() created, so the next run of a settings account reuses its project. */
export async function saveCreatedProjects(env: NodeJS.ProcessEnv, probed: ProbedAccount[]): Promise<void> {
	const created = new Map(
		probed.filter((account) => account.createdProject).map((account) => [account.name, account.projectId]),
	);
	if (created.size === 0) return;
	const {openSettings} = await import('../../config/settings.js');
	openSettings(env).update((settings) => ({
		...settings,
		accounts: settings.accounts.map((account) => {
			const projectId = created.get(account.name);
			return projectId && !account.projectId ? {...account, projectId} : account;
		}),
	}));
}

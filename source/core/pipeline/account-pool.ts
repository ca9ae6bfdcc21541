import PQueue from 'p-queue';
import type {FlowError} from '../../labs/errors/index.js';
import type {MediaRef} from '../../labs/types.js';
import type {AccountHealth} from '../events.js';
import {AdaptiveLimit, type SchedulableAccount} from '../scheduler.js';
import {abilitiesOf} from './abilities.js';
import {asFlowError, type RunContext} from './context.js';
import {type FlowAccount, maxPrepareTries, type PipelineAccount} from './options.js';
import {decide} from './policy.js';

/** A media this account is generating, asked about at every poll. */
export type Generating = {
	scene: number;
	attempt: number;
	copy: number;
	ref: MediaRef;
	since: number;
	/** Status answers in a row that gave no readable state for this media. */
	unreadable?: number;
};

/** One account's side of the run. Its health and reason are RunState's (state.accounts), not kept here. */
export type AccountRuntime = {
	client: FlowAccount;
	limit: AdaptiveLimit;
	/** Videos reserved on it: generating, or about to be submitted. */
	reserved: number;
	nextSubmitAt: number;
	deniedModels: Set<string>;
	submits: PQueue;
	generating: Map<string, Generating>;
	polling: boolean;
	throttles: number;
	stopRenewals?: () => void;
};

const usableHealth = (health: AccountHealth): boolean => health === 'ok' || health === 'refreshing';
/** Cooling down passes by itself; auth and quota failures need the user. */
const mayRecover = (health: AccountHealth): boolean => usableHealth(health) || health === 'cooling-down';

type HealthExtra = {credits?: number; tier?: string; projectId?: string; until?: number; reason?: string};

/**
 * The accounts of a run: the only writer of their health and of their reservations. Every stage asks
 * here whether an account may take work and tells here what an answer said about it.
 */
export class AccountPool {
	readonly list: AccountRuntime[];
	readonly #byName = new Map<string, AccountRuntime>();
	readonly #ctx: RunContext;
	/** Called when an account's change may let queued scenes move. Set by the run loop. */
	onChange: () => void = () => {};

	constructor(ctx: RunContext, accounts: PipelineAccount[]) {
		this.#ctx = ctx;
		this.list = accounts.map((account) => ({
			client: account.client,
			limit: new AdaptiveLimit(account.maxInFlight),
			reserved: 0,
			nextSubmitAt: 0,
			deniedModels: new Set(account.deniedModels ?? []),
			submits: new PQueue({concurrency: 1}),
			generating: new Map(),
			polling: false,
			throttles: 0,
		}));
		for (const account of this.list) this.#byName.set(account.client.name, account);
	}

	byName(name: string | undefined): AccountRuntime | undefined {
		return name === undefined ? undefined : this.#byName.get(name);
	}

	health(account: AccountRuntime): AccountHealth {
		return this.#ctx.state.accounts[account.client.name]?.health ?? 'ok';
	}

	reason(account: AccountRuntime): string | undefined {
		return this.#ctx.state.accounts[account.client.name]?.reason;
	}

	/** When a cooling-down account may be asked again; 0 when it is not cooling down. */
	cooldownUntil(account: AccountRuntime): number {
		const view = this.#ctx.state.accounts[account.client.name];
		return view?.health === 'cooling-down' ? (view.until ?? 0) : 0;
	}

	usable(account: AccountRuntime): boolean {
		return usableHealth(this.health(account));
	}

	/** True when no account can take work any more: what is queued stays queued for `resume`. */
	get noUsableAccount(): boolean {
		return !this.list.some((account) => mayRecover(this.health(account)));
	}

	schedulable(account: AccountRuntime, now: number): SchedulableAccount {
		return {
			name: account.client.name,
			usable: this.usable(account) && this.cooldownUntil(account) <= now,
			limit: account.limit.value,
			reserved: account.reserved,
			nextSubmitAt: account.nextSubmitAt,
			deniedModels: account.deniedModels,
			can: abilitiesOf(account.client),
		};
	}

	reserve(account: AccountRuntime, videos: number): void {
		account.reserved += videos;
	}

	release(account: AccountRuntime, videos: number): void {
		account.reserved = Math.max(0, account.reserved - videos);
	}

	setHealth(account: AccountRuntime, health: AccountHealth, extra: HealthExtra = {}): void {
		// A cooling-down account keeps its end of the cool-down through other news (its credits).
		const until =
			extra.until ?? (health === 'cooling-down' ? this.cooldownUntil(account) || undefined : undefined);
		this.#ctx.emit({
			type: 'account.state',
			ts: this.#ctx.now(),
			account: account.client.name,
			transport: account.client.transportKind,
			health,
			...extra,
			until,
		});
	}

	refreshCooldowns(now: number): void {
		for (const account of this.list) {
			if (this.health(account) === 'cooling-down' && this.cooldownUntil(account) <= now)
				this.setHealth(account, 'ok');
		}
	}

	throttled(account: AccountRuntime, error: FlowError): void {
		account.limit.throttled();
		account.throttles++;
		const until = this.#ctx.now() + this.#ctx.backoff(account.throttles, error.retryAfterMs);
		this.setHealth(account, 'cooling-down', {until, reason: error.message});
	}

	fail(account: AccountRuntime, error: unknown): void {
		const flow = asFlowError(error, account.client.name);
		const health: AccountHealth = flow.kind === 'quota' ? 'quota-exhausted' : 'auth-failed';
		this.setHealth(account, health, {reason: flow.message});
		if (health === 'auth-failed') this.reportWaiting(account);
		this.onChange();
	}

	/**
	 * Media already submitted on an account that can no longer be asked stay with it (only its
	 * credentials can poll or fetch them): their scenes say so, and `resume` continues them.
	 */
	reportWaiting(account: AccountRuntime): void {
		const name = account.client.name;
		const reason = (this.reason(account) ?? 'it can no longer be asked').replace(`${name}: `, '');
		const said = `waiting on account ${name} `;
		for (const scene of this.#ctx.state.scenes) {
			if (scene.account !== name || (scene.state !== 'polling' && scene.state !== 'downloading')) continue;
			if (scene.error?.startsWith(said)) continue;
			this.#ctx.setScene(scene, scene.state, {
				account: name,
				error: `${said}(${reason}); resume continues it once the account works`,
			});
		}
	}

	/** Asks the account what it is (tier, project, credits); transient trouble is retried (policy). */
	async prepare(account: AccountRuntime): Promise<void> {
		for (let tries = 1; ; tries++) {
			try {
				const snapshot = await account.client.prepare();
				this.setHealth(account, 'ok', {
					credits: snapshot.credits,
					tier: snapshot.tier,
					projectId: snapshot.projectId,
				});
				this.#showRenewals(account);
				return;
			} catch (error) {
				const flow = asFlowError(error, account.client.name);
				const decision = decide({stage: 'prepare', kind: flow.kind, tries, maxTries: maxPrepareTries});
				if (decision.action !== 'retry' || this.#ctx.stopNow) {
					this.fail(account, flow);
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, this.#ctx.backoff(tries, flow.retryAfterMs)));
			}
		}
	}

	/**
	 * `refreshing` while the account's client renews its credentials, `ok` again after; an account in
	 * any other state (cooling down, auth-failed by that very renewal) is left as it is. Optional on
	 * the client: stand-ins in tests need not have it.
	 */
	#showRenewals(account: AccountRuntime): void {
		if (account.stopRenewals) return;
		account.stopRenewals = account.client.onRenewal?.((renewing) => {
			if (this.#ctx.ended) return;
			const health = this.health(account);
			if (renewing && health === 'ok') this.setHealth(account, 'refreshing');
			else if (!renewing && health === 'refreshing') this.setHealth(account, 'ok');
		});
	}
}

/**
 * Which account takes the next scene. Pure decisions over a small view of each account, so the
 * rules (capacity, gap between submits, health, model access) are testable without a network.
 */

export type SchedulableAccount = {
	name: string;
	/** May this account take new work at all (health ok, not cooling down, project ready)? */
	usable: boolean;
	/** Media it may have generating right now (adaptive, ≤ maxInFlight). */
	limit: number;
	/** Media generating or about to be submitted on it. */
	reserved: number;
	/** When it may submit next (last submit + minimum gap), ms epoch. */
	nextSubmitAt: number;
	/** Model keys it was refused or may not use. */
	deniedModels: ReadonlySet<string>;
	/** What its wire can do beyond a generate call (pipeline/abilities.ts); absent: everything. */
	can?: ReadonlySet<string>;
};

export type SchedulableScene = {model: string; copies: number; needs?: readonly string[]};

/**
 * Ownership's say in the pick: `only` the account that holds the clip a scene extends; accounts to
 * `prefer` (they already hold the scene's images) before the others.
 */
export type Where = {only?: string; prefer?: ReadonlySet<string>; allowed?: ReadonlySet<string>};

export type Pick =
	| {kind: 'account'; index: number}
	/** Some account could take it later: when capacity frees or the gap passes. */
	| {kind: 'wait'; until?: number}
	/** No account will ever take it in this run. */
	| {kind: 'none'};

/** An account can host the scene at all (ignoring momentary capacity). */
export const canEverTake = (account: SchedulableAccount, scene: SchedulableScene): boolean =>
	account.usable &&
	!account.deniedModels.has(scene.model) &&
	(scene.needs ?? []).every((need) => account.can?.has(need) ?? true);

/**
 * Capacity-aware round robin: starting after the account used last, the first account that may
 * take the scene now. A scene larger than an account's whole limit still goes to an idle account,
 * or it would wait forever.
 */
export function pickAccount(
	accounts: readonly SchedulableAccount[],
	scene: SchedulableScene,
	now: number,
	startAt: number,
	where: Where = {},
): Pick {
	if (where.prefer !== undefined && where.only === undefined) {
		const preferred = pickAccount(accounts, scene, now, startAt, {allowed: where.prefer});
		if (preferred.kind === 'account') return preferred;
	}
	const allowed = where.only === undefined ? where.allowed : new Set([where.only]);
	let anyEver = false;
	let earliest: number | undefined;
	// Stryker disable next-line EqualityOperator: one more step only revisits the account at startAt, already passed over
	for (let step = 0; step < accounts.length; step++) {
		const index = (startAt + step) % accounts.length;
		const account = accounts[index];
		if (!account || !canEverTake(account, scene)) continue;
		if (allowed !== undefined && !allowed.has(account.name)) continue;
		anyEver = true;
		const fits = account.reserved + scene.copies <= account.limit || account.reserved === 0;
		if (!fits) continue;
		if (account.nextSubmitAt > now) {
			earliest = earliest === undefined ? account.nextSubmitAt : Math.min(earliest, account.nextSubmitAt);
			continue;
		}
		return {kind: 'account', index};
	}
	if (!anyEver) return {kind: 'none'};
	return {kind: 'wait', until: earliest};
}

/**
 * The in-flight limit of one account: halves when Flow throttles it, and grows back by one after a
 * run of successful submits, never above the configured maximum.
 */
export class AdaptiveLimit {
	readonly max: number;
	#value: number;
	#successes = 0;
	readonly #growAfter: number;

	constructor(max: number, growAfter = 3) {
		this.max = Math.max(1, max);
		this.#value = this.max;
		this.#growAfter = growAfter;
	}

	get value(): number {
		return this.#value;
	}

	throttled(): void {
		this.#value = Math.max(1, Math.floor(this.#value / 2));
		this.#successes = 0;
	}

	succeeded(): void {
		if (this.#value >= this.max) return;
		this.#successes++;
		if (this.#successes >= this.#growAfter) {
			this.#value++;
			this.#successes = 0;
		}
	}
}

/** Exponential backoff with jitter; a server's Retry-After is a floor, never shortened. */
export function backoffDelay(
	tries: number,
	{
		baseMs = 1000,
		maxMs = 60_000,
		retryAfterMs,
		random = Math.random,
	}: {
		baseMs?: number;
		maxMs?: number;
		retryAfterMs?: number;
		random?: () => number;
	} = {},
): number {
	const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, tries - 1));
	const jittered = exponential * (0.5 + random() / 2);
	return Math.max(retryAfterMs ?? 0, Math.round(jittered));
}

import {activeSceneStates} from '../events.js';
import type {SceneView} from '../run-state.js';
import {pickAccount, type SchedulableAccount, type SchedulableScene} from '../scheduler.js';
import {type Ability, abilitiesOf, abilityWords, extendSources, needsOf} from './abilities.js';
import type {AccountPool, AccountRuntime} from './account-pool.js';
import type {RunContext} from './context.js';
import {placementOf} from './placement.js';

/** The stages the run loop hands work to and asks whether the run has ended. */
export type LoopParts = {
	pool: AccountPool;
	submit: (account: AccountRuntime, sceneIndex: number) => Promise<void>;
	maybeEnd: () => void;
};

/**
 * The run loop: hands queued scenes to accounts with room (scheduler.ts decides which), one pass per
 * tick, and sleeps until the next back-off or cool-down ends.
 */
export class RunLoop {
	readonly #ctx: RunContext;
	readonly #parts: LoopParts;
	#roundRobin = 0;
	#pumpScheduled = false;
	#wakeTimer: NodeJS.Timeout | undefined;
	#hasMixedModels: boolean | undefined;
	#sources: ReadonlySet<number> | undefined;

	constructor(ctx: RunContext, parts: LoopParts) {
		this.#ctx = ctx;
		this.#parts = parts;
	}

	/** True while a pass is due: the run has not ended under it. */
	get due(): boolean {
		return this.#pumpScheduled;
	}

	schedule(): void {
		if (this.#pumpScheduled || this.#ctx.ended) return;
		this.#pumpScheduled = true;
		setImmediate(() => {
			this.#pumpScheduled = false;
			this.#pass();
		});
	}

	stop(): void {
		if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
	}

	#pass(): void {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		if (!ctx.prepared) return;
		if (ctx.ended || ctx.state.stopping || ctx.state.paused) {
			this.#parts.maybeEnd();
			return;
		}
		const now = ctx.now();
		pool.refreshCooldowns(now);
		let wakeAt: number | undefined;
		const view = pool.list.map((account) => pool.schedulable(account, now));
		const {scenes} = ctx.state;
		while (ctx.queuedFrom < scenes.length && scenes[ctx.queuedFrom]?.state !== 'queued') ctx.queuedFrom++;
		for (let i = ctx.queuedFrom; i < scenes.length; i++) {
			const scene = scenes[i] as SceneView;
			if (scene.state !== 'queued') continue;
			const runtime = ctx.scenes.get(scene.index);
			if (runtime?.assigned) continue;
			if (runtime && runtime.notBefore > now) {
				wakeAt = Math.min(wakeAt ?? runtime.notBefore, runtime.notBefore);
				continue;
			}
			if (ctx.tunables.mode === 'sequential' && this.#anyInFlight()) break;
			const place = placementOf(scene, ctx.state);
			// Waits for the clip it extends: the source's end wakes the loop again.
			if (place.kind === 'wait') continue;
			if (place.kind === 'fail') {
				ctx.setScene(scene, 'failed', {error: place.error});
				continue;
			}
			const where = place.kind === 'only' ? {only: place.account} : {prefer: place.prefer};
			const pick = pickAccount(view, this.#withNeeds(scene), now, this.#roundRobin, where);
			if (pick.kind === 'none' && place.kind === 'only') {
				this.#ownerCannotTake(scene, place.account, place.source);
				continue;
			}
			if (pick.kind === 'none') {
				// With no account left at all, queued scenes wait for `resume` rather than fail.
				if (pool.noUsableAccount) break;
				const coolingFor = pool.list.some(
					(account) => pool.health(account) === 'cooling-down' && !account.deniedModels.has(scene.model),
				);
				if (!coolingFor) this.#failUnplaceable(scene);
				continue;
			}
			if (pick.kind === 'wait') {
				if (pick.until !== undefined) wakeAt = Math.min(wakeAt ?? pick.until, pick.until);
				// Scenes of other models may still fit elsewhere; most runs use one model, so stop early.
				if (!this.#mixedModels()) break;
				continue;
			}
			const account = pool.list[pick.index] as AccountRuntime;
			const slot = view[pick.index] as SchedulableAccount;
			this.#roundRobin = (pick.index + 1) % pool.list.length;
			pool.reserve(account, scene.copies);
			account.nextSubmitAt = now + ctx.tunables.minSubmitGapMs;
			slot.reserved = account.reserved;
			slot.nextSubmitAt = account.nextSubmitAt;
			ctx.runtime(scene.index).assigned = account.client.name;
			ctx.track(account.submits.add(() => this.#parts.submit(account, scene.index)));
			if (ctx.tunables.mode === 'sequential') break;
		}
		this.#armWake(wakeAt, now);
		this.#parts.maybeEnd();
	}

	/** Scenes of several models, or scenes bound to accounts: a scene that must wait says nothing of the next. */
	/** The scene with what it needs of an account (abilities.ts); a text scene as it is. */
	#withNeeds(scene: SceneView): SchedulableScene {
		const {scenes} = this.#ctx.state;
		this.#sources ??= extendSources(scenes);
		if (scene.inputs === undefined && !this.#sources.has(scene.index)) return scene;
		return {model: scene.model, copies: scene.copies, needs: needsOf(scene, this.#sources)};
	}

	#mixedModels(): boolean {
		const {scenes} = this.#ctx.state;
		this.#hasMixedModels ??=
			new Set(scenes.map((scene) => scene.model)).size > 1 ||
			scenes.some((scene) => scene.inputs !== undefined);
		return this.#hasMixedModels;
	}

	/**
	 * The clip to extend lives on one account, which cannot take the scene: it waits while that account
	 * cools down, and fails saying why otherwise (never another account: the clip is not found there).
	 */
	#ownerCannotTake(scene: SceneView, owner: string, source: number): void {
		const {pool} = this.#parts;
		const account = pool.byName(owner);
		if (account && pool.health(account) === 'cooling-down') return;
		const why = !account
			? 'which is not in this run'
			: !abilitiesOf(account.client).has('extend')
				? 'whose wire cannot extend clips yet'
				: account.deniedModels.has(scene.model)
					? `which may not use model ${scene.model}`
					: `which cannot take work (${pool.reason(account) ?? pool.health(account)})`;
		this.#ctx.setScene(scene, 'failed', {
			error: `it extends scene ${source}, whose clip is on account ${owner}, ${why}`,
		});
	}

	#anyInFlight(): boolean {
		for (const runtime of this.#ctx.scenes.values()) if (runtime.assigned) return true;
		return this.#ctx.state.scenes.some((scene) => activeSceneStates.has(scene.state));
	}

	#armWake(wakeAt: number | undefined, now: number): void {
		const {pool} = this.#parts;
		const cooldowns = pool.list
			.filter((account) => pool.health(account) === 'cooling-down')
			.map((account) => pool.cooldownUntil(account));
		const next = Math.min(wakeAt ?? Number.POSITIVE_INFINITY, ...cooldowns);
		if (!Number.isFinite(next)) return;
		if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
		this.#wakeTimer = setTimeout(
			() => {
				this.#wakeTimer = undefined;
				this.schedule();
			},
			Math.max(0, next - now) + 1,
		);
	}

	#failUnplaceable(scene: SceneView): void {
		const {pool} = this.#parts;
		const denied = pool.list.some((account) => pool.usable(account) && account.deniedModels.has(scene.model));
		const reasons = pool.list
			.filter((account) => pool.reason(account))
			.map((account) => `${account.client.name}: ${pool.reason(account)}`);
		const needs = (this.#withNeeds(scene).needs ?? []) as Ability[];
		const missing = needs.filter((need) =>
			pool.list.every((account) => !pool.usable(account) || !abilitiesOf(account.client).has(need)),
		);
		const error =
			missing.length > 0
				? `no account in this run can ${missing.map((need) => abilityWords[need]).join(' or ')} (flow.google.com accounts cannot extend or upscale yet)`
				: denied
					? `no account in this run may use model ${scene.model}`
					: `no usable account${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
		this.#ctx.setScene(scene, 'failed', {error});
	}
}

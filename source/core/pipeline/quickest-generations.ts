import type {AccountRuntime, Generating} from './account-pool.js';
import type {RunContext} from './context.js';
import {quickestShare} from './options.js';

/** Per model: the quickest generation seen in this run (submit answered to seen finished). */
export class QuickestGenerations {
	readonly #ctx: RunContext;
	readonly #quickestMs = new Map<string, number>();

	constructor(ctx: RunContext) {
		this.#ctx = ctx;
	}

	/**
	 * Whether any of the account's media may be finished: not while each is younger than most of the
	 * quickest generation of its model seen in this run. A video takes Veo a minute or more; asking
	 * about it every interval from the first second is most of what a run spends on status calls.
	 */
	mayBeReady(account: AccountRuntime, now: number): boolean {
		for (const item of account.generating.values()) {
			const quickest = this.#quickestMs.get(this.#ctx.scene(item.scene)?.model ?? '');
			if (quickest === undefined) return true;
			const wait = Math.min(quickest * quickestShare, this.#ctx.tunables.generationTimeoutMs);
			if (now - item.since >= wait) return true;
		}
		return false;
	}

	note(item: Generating): void {
		const model = this.#ctx.scene(item.scene)?.model;
		if (model === undefined) return;
		const took = this.#ctx.now() - item.since;
		if (took < (this.#quickestMs.get(model) ?? Number.POSITIVE_INFINITY)) this.#quickestMs.set(model, took);
	}
}

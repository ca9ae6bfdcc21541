import {describePublicError, kindOfPublicError} from '../../labs/errors/index.js';
import type {MediaStatus} from '../../labs/types.js';
import type {AccountRuntime, Generating} from './account-pool.js';
import {asFlowError, type RunContext} from './context.js';
import {MediaSettler, type SettleParts} from './media-settler.js';
import {maxUnreadableReads} from './options.js';
import {decide} from './policy.js';
import {QuickestGenerations} from './quickest-generations.js';

export type PollParts = SettleParts & {
	maybeEnd: () => void;
	wake: () => void;
};

const notFound = 'Flow no longer knows this video (not found)';

/**
 * Asks each account, every interval, about all of its generating media in ONE status call, and
 * settles each media from the answer; what an error leads to is the failure policy's (policy.ts).
 */
export class Poller {
	readonly #ctx: RunContext;
	readonly #parts: PollParts;
	readonly #quickest: QuickestGenerations;
	readonly #settler: MediaSettler;
	#timer: NodeJS.Timeout | undefined;

	constructor(ctx: RunContext, parts: PollParts) {
		this.#ctx = ctx;
		this.#parts = parts;
		this.#quickest = new QuickestGenerations(ctx);
		this.#settler = new MediaSettler(ctx, parts);
	}

	start(): void {
		this.#timer = setInterval(() => this.#pollAll(), this.#ctx.tunables.pollIntervalMs);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
	}

	#pollAll(): void {
		if (this.#ctx.ended) return;
		const now = this.#ctx.now();
		for (const account of this.#parts.pool.list) {
			if (account.generating.size === 0 || account.polling) continue;
			if (this.#parts.pool.health(account) === 'auth-failed' || !this.#quickest.mayBeReady(account, now))
				continue;
			account.polling = true;
			this.#ctx.track(
				this.#poll(account).finally(() => {
					account.polling = false;
				}),
			);
		}
	}

	async #poll(account: AccountRuntime): Promise<void> {
		const items = [...account.generating.values()];
		let statuses: MediaStatus[];
		try {
			statuses = await this.#statusOf(account, items);
		} catch (error) {
			const flow = asFlowError(error, account.client.name);
			if (flow.kind === 'protocol') {
				this.#ctx.keepSample(flow.sample);
				for (const item of items) item.unreadable = (item.unreadable ?? 0) + 1;
			}
			const worn = items.filter((item) => (item.unreadable ?? 0) >= maxUnreadableReads);
			const decision = decide({
				stage: 'poll',
				kind: flow.kind,
				worn: worn.length > 0,
				batch: items.length > 1,
			});
			if (decision.account === 'fail') this.#parts.pool.fail(account, flow);
			else if (decision.account === 'cool-down') this.#parts.pool.throttled(account, flow);
			if (decision.action === 'ask-one-by-one') return this.#pollOneByOne(account, items);
			if (decision.action === 'fail-media')
				for (const item of worn) this.#settler.unreadable(account, item, flow.message);
			// Asked again at the next interval, but never past the generation timeout.
			this.#settler.timedOut(account, items);
			this.#parts.maybeEnd();
			return;
		}
		this.#applyStatuses(account, items, statuses);
	}

	async #statusOf(account: AccountRuntime, items: Generating[]): Promise<MediaStatus[]> {
		const result = await account.client.status(items.map((item) => item.ref));
		const credits = this.#ctx.state.accounts[account.client.name]?.credits;
		if (result.remainingCredits !== undefined && result.remainingCredits !== credits) {
			this.#parts.pool.setHealth(account, this.#parts.pool.health(account), {
				credits: result.remainingCredits,
			});
		}
		return result.media;
	}

	/**
	 * Flow answers a whole status call with "not found" when one of its media is gone (expired, or
	 * deleted in the web app). Asking for each on its own finds which, so the others go on.
	 */
	async #pollOneByOne(account: AccountRuntime, items: Generating[]): Promise<void> {
		for (const item of items) {
			try {
				this.#applyStatuses(account, [item], await this.#statusOf(account, [item]));
			} catch (error) {
				const flow = asFlowError(error, account.client.name);
				if (flow.kind === 'protocol') this.#ctx.keepSample(flow.sample);
				const worn = (item.unreadable ?? 0) >= maxUnreadableReads;
				const decision = decide({stage: 'poll-media', kind: flow.kind, worn});
				if (decision.account === 'fail') this.#parts.pool.fail(account, flow);
				if (decision.action === 'stop-asking') break;
				if (decision.action !== 'fail-media') continue;
				if (flow.kind === 'not-found') {
					if (account.generating.has(item.ref.name)) this.#settler.settled(account, item, 'failed', notFound);
				} else {
					this.#settler.unreadable(account, item, flow.message);
				}
			}
		}
		this.#parts.wake();
	}

	#applyStatuses(account: AccountRuntime, items: Generating[], statuses: MediaStatus[]): void {
		const byName = new Map(statuses.map((status) => [status.name, status]));
		for (const item of items) {
			if (!account.generating.has(item.ref.name)) continue;
			const status = byName.get(item.ref.name);
			// Left out of the answer or in a shape not known: counted, so it cannot be asked forever.
			if (status === undefined || status.state === 'unreadable') {
				if (status?.sample) this.#ctx.keepSample(status.sample);
				item.unreadable = (item.unreadable ?? 0) + 1;
				if (item.unreadable >= maxUnreadableReads) {
					const why = status ? 'in a shape flowdeck cannot read' : 'without this video';
					this.#settler.unreadable(account, item, `${account.client.name}: Flow answered its status ${why}`);
				}
				continue;
			}
			item.unreadable = 0;
			if (status.state === 'succeeded') {
				if (status.byteSize !== undefined) this.#ctx.expectedBytes.set(item.ref.name, status.byteSize);
				this.#quickest.note(item);
				this.#settler.settled(account, item, 'ready');
			} else if (status.state === 'failed') {
				const code = status.failureCode ?? 'UNKNOWN';
				// What the scene does about it is the policy's `generation` row, once all its media settled.
				this.#ctx.runtime(item.scene).failureKinds.set(item.ref.name, kindOfPublicError(code));
				this.#settler.settled(account, item, 'failed', describePublicError(code));
			} else if (status.state === 'not-found') {
				// Only this media: Flow does not know it for this account (gone, or not its own).
				this.#settler.settled(account, item, 'failed', notFound);
			}
		}
		this.#settler.timedOut(account, items);
		this.#parts.wake();
	}
}

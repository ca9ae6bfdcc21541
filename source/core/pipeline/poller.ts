import {describePublicError, kindOfPublicError} from '../../labs/errors/index.js';
import type {MediaStatus} from '../../labs/types.js';
import type {MediaState} from '../events.js';
import type {AccountPool, AccountRuntime, Generating} from './account-pool.js';
import {asFlowError, type RunContext} from './context.js';
import {maxUnreadableReads, quickestShare} from './options.js';
import {decide} from './policy.js';

export type PollParts = {
	pool: AccountPool;
	queueDownload: (sceneIndex: number, mediaName: string) => void;
	settleScene: (sceneIndex: number) => void;
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
	/** Per model: the quickest generation seen in this run (submit answered to seen finished). */
	readonly #quickestMs = new Map<string, number>();
	#timer: NodeJS.Timeout | undefined;

	constructor(ctx: RunContext, parts: PollParts) {
		this.#ctx = ctx;
		this.#parts = parts;
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
			if (this.#parts.pool.health(account) === 'auth-failed' || !this.#mayBeReady(account, now)) continue;
			account.polling = true;
			this.#ctx.track(
				this.#poll(account).finally(() => {
					account.polling = false;
				}),
			);
		}
	}

	/**
	 * Whether any of the account's media may be finished: not while each is younger than most of the
	 * quickest generation of its model seen in this run. A video takes Veo a minute or more; asking
	 * about it every interval from the first second is most of what a run spends on status calls.
	 */
	#mayBeReady(account: AccountRuntime, now: number): boolean {
		for (const item of account.generating.values()) {
			const quickest = this.#quickestMs.get(this.#ctx.scene(item.scene)?.model ?? '');
			if (quickest === undefined) return true;
			const wait = Math.min(quickest * quickestShare, this.#ctx.tunables.generationTimeoutMs);
			if (now - item.since >= wait) return true;
		}
		return false;
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
				for (const item of worn) this.#unreadableSettled(account, item, flow.message);
			// Asked again at the next interval, but never past the generation timeout.
			this.#settleTimedOut(account, items);
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
					if (account.generating.has(item.ref.name)) this.#mediaSettled(account, item, 'failed', notFound);
				} else {
					this.#unreadableSettled(account, item, flow.message);
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
					this.#unreadableSettled(account, item, `${account.client.name}: Flow answered its status ${why}`);
				}
				continue;
			}
			item.unreadable = 0;
			if (status.state === 'succeeded') {
				if (status.byteSize !== undefined) this.#ctx.expectedBytes.set(item.ref.name, status.byteSize);
				this.#noteGenerationTime(item);
				this.#mediaSettled(account, item, 'ready');
			} else if (status.state === 'failed') {
				const code = status.failureCode ?? 'UNKNOWN';
				// What the scene does about it is the policy's `generation` row, once all its media settled.
				this.#ctx.runtime(item.scene).failureKinds.set(item.ref.name, kindOfPublicError(code));
				this.#mediaSettled(account, item, 'failed', describePublicError(code));
			} else if (status.state === 'not-found') {
				// Only this media: Flow does not know it for this account (gone, or not its own).
				this.#mediaSettled(account, item, 'failed', notFound);
			}
		}
		this.#settleTimedOut(account, items);
		this.#parts.wake();
	}

	/** A paid video whose status cannot be read: it ends with a protocol error; its id stays journaled. */
	#unreadableSettled(account: AccountRuntime, item: Generating, message: string): void {
		if (!account.generating.has(item.ref.name)) return;
		const tries = item.unreadable ?? maxUnreadableReads;
		this.#mediaSettled(
			account,
			item,
			'failed',
			`${message} (${tries} answers in a row); a sample is kept in .flowdeck/wire-samples for a bug report`,
		);
	}

	#noteGenerationTime(item: Generating): void {
		const model = this.#ctx.scene(item.scene)?.model;
		if (model === undefined) return;
		const took = this.#ctx.now() - item.since;
		if (took < (this.#quickestMs.get(model) ?? Number.POSITIVE_INFINITY)) this.#quickestMs.set(model, took);
	}

	#settleTimedOut(account: AccountRuntime, items: Generating[]): void {
		const now = this.#ctx.now();
		const timeoutMs = this.#ctx.tunables.generationTimeoutMs;
		for (const item of items) {
			if (!account.generating.has(item.ref.name) || now - item.since <= timeoutMs) continue;
			const minutes = Math.round(timeoutMs / 60_000);
			this.#mediaSettled(account, item, 'failed', `still generating after ${minutes} min; gave up waiting`);
		}
	}

	#mediaSettled(account: AccountRuntime, item: Generating, state: MediaState, error?: string): void {
		account.generating.delete(item.ref.name);
		this.#parts.pool.release(account, 1);
		this.#ctx.emit({
			type: 'media.state',
			ts: this.#ctx.now(),
			scene: item.scene,
			attempt: item.attempt,
			name: item.ref.name,
			state,
			error,
		});
		if (state === 'ready') this.#parts.queueDownload(item.scene, item.ref.name);
		this.#parts.settleScene(item.scene);
	}
}

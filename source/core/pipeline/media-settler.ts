import type {MediaState} from '../events.js';
import type {AccountPool, AccountRuntime, Generating} from './account-pool.js';
import type {RunContext} from './context.js';
import {maxUnreadableReads} from './options.js';

export type SettleParts = {
	pool: AccountPool;
	queueDownload: (sceneIndex: number, mediaName: string) => void;
	settleScene: (sceneIndex: number) => void;
};

/** Ends a generating media: frees its slot, emits its state, queues its download when it is ready. */
export class MediaSettler {
	readonly #ctx: RunContext;
	readonly #parts: SettleParts;

	constructor(ctx: RunContext, parts: SettleParts) {
		this.#ctx = ctx;
		this.#parts = parts;
	}

	/** A paid video whose status cannot be read: it ends with a protocol error; its id stays journaled. */
	unreadable(account: AccountRuntime, item: Generating, message: string): void {
		if (!account.generating.has(item.ref.name)) return;
		const tries = item.unreadable ?? maxUnreadableReads;
		this.settled(
			account,
			item,
			'failed',
			`${message} (${tries} answers in a row); a sample is kept in .flowdeck/wire-samples for a bug report`,
		);
	}

	timedOut(account: AccountRuntime, items: Generating[]): void {
		const now = this.#ctx.now();
		const timeoutMs = this.#ctx.tunables.generationTimeoutMs;
		for (const item of items) {
			if (!account.generating.has(item.ref.name) || now - item.since <= timeoutMs) continue;
			const minutes = Math.round(timeoutMs / 60_000);
			this.settled(account, item, 'failed', `still generating after ${minutes} min; gave up waiting`);
		}
	}

	settled(account: AccountRuntime, item: Generating, state: MediaState, error?: string): void {
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

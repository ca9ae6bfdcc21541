import type {RunState, SceneView} from '../run-state.js';
import {totals} from '../run-state.js';
import type {AccountPool, AccountRuntime} from './account-pool.js';
import {newSceneRuntime, type RunContext, type SceneRuntime} from './context.js';
import {decide} from './policy.js';
import {chooseByRule} from './takes.js';
import {upscalesOwed} from './upscaler.js';

export type SettleParts = {
	pool: AccountPool;
	/** Whether a pass of the run loop is due, or downloads are queued or under way. */
	busy: () => boolean;
	wake: () => void;
	/** Stops the timers and queues of the other stages. */
	stopStages: () => void;
	onEnd: (state: RunState) => void;
};

/**
 * Scenes and the run reach their ends here: a scene moves on once its media say so, a new attempt is
 * queued, and the run ends when nothing can move any more.
 */
export class Settler {
	readonly #ctx: RunContext;
	readonly #parts: SettleParts;

	constructor(ctx: RunContext, parts: SettleParts) {
		this.#ctx = ctx;
		this.#parts = parts;
	}

	/** Moves a scene on from polling/downloading once its media say so. */
	settleScene(sceneIndex: number): void {
		const ctx = this.#ctx;
		const scene = ctx.scene(sceneIndex);
		if (!scene || (scene.state !== 'polling' && scene.state !== 'downloading')) {
			this.maybeEnd();
			return;
		}
		const states = scene.media.map((media) => media.state);
		const generating = states.includes('generating');
		const pendingDownload = states.some((state) => state === 'ready' || state === 'downloading');
		if (generating || pendingDownload || upscalesOwed(scene).length > 0) {
			if (!generating && scene.state === 'polling')
				ctx.setScene(scene, 'downloading', {account: scene.account});
			this.maybeEnd();
			return;
		}
		const failed = scene.media.filter((media) => media.state === 'failed');
		if (failed.length === 0 && scene.media.length > 0) {
			ctx.setScene(scene, 'done', {account: scene.account});
			// Every done scene names the take to keep (docs/design.md §4, `chosen`).
			chooseByRule(ctx, scene.index);
		} else if (this.#mayTryAgain(scene, failed.length)) {
			const why = failed[0]?.error ?? 'Flow failed the video';
			this.requeue(scene, scene.attempt + 1, {
				auto: true,
				error: `${why}; Flow refunds this, so flowdeck tries once more (attempt ${scene.attempt + 1})`,
			});
		} else if (failed.every((media) => media.upscale !== undefined)) {
			// The clips are saved and listed; only their upscaled copies are missing.
			const error = `${failed[0]?.error ?? 'the upscale failed'}; the clip itself is saved`;
			ctx.setScene(scene, 'failed', {account: scene.account, error});
		} else {
			const error = failed[0]?.error ?? 'Flow created no video';
			const note =
				failed.length < scene.media.length
					? ` (${scene.media.length - failed.length} of ${scene.media.length} copies saved)`
					: '';
			ctx.setScene(scene, 'failed', {account: scene.account, error: error + note});
		}
		this.maybeEnd();
	}

	/**
	 * The policy's `generation` row: every copy failed, each for a reason Flow refunds and that may
	 * pass, and the scene has not had its automatic new attempt yet.
	 */
	#mayTryAgain(scene: SceneView, failedCount: number): boolean {
		const runtime = this.#ctx.scenes.get(scene.index);
		if (!runtime || failedCount === 0 || failedCount < scene.media.length || this.#ctx.state.stopping)
			return false;
		return scene.media.every(
			(media) =>
				runtime.failureKinds.has(media.name) &&
				decide({
					stage: 'generation',
					kind: runtime.failureKinds.get(media.name),
					autoRetried: runtime.autoRetried,
				}).action === 'new-attempt',
		);
	}

	/** A new attempt of a scene: a fresh runtime, back in the queue. `auto`: the policy's, not the user's. */
	requeue(
		scene: SceneView,
		attempt: number,
		{auto = false, error}: {auto?: boolean; error?: string} = {},
	): void {
		const ctx = this.#ctx;
		const runtime = ctx.scenes.get(scene.index);
		ctx.scenes.set(scene.index, {...newSceneRuntime(auto), assigned: runtime?.assigned});
		ctx.emit({
			type: 'scene.state',
			ts: ctx.now(),
			scene: scene.index,
			id: scene.id,
			state: 'queued',
			attempt,
			error,
		});
		if (ctx.state.idle) ctx.emit({type: 'run.idle', ts: ctx.now(), idle: false});
		this.#requeueDependents(scene.index);
		this.#parts.wake();
	}

	/**
	 * Scenes that failed only because the clip they extend was not made (placement.ts) get a new
	 * attempt with their source: retrying an in-doubt or failed source retries its chain.
	 */
	#requeueDependents(source: number): void {
		for (const dependent of this.#ctx.state.scenes) {
			if (dependent.inputs?.extend !== source || dependent.state !== 'failed') continue;
			if (!dependent.error?.startsWith(`scene ${source}, which it extends, `)) continue;
			this.requeue(dependent, dependent.attempt + 1, {error: `its source, scene ${source}, is tried again`});
		}
	}

	abandonMedia(
		scene: SceneView,
		runtime: SceneRuntime,
		owner?: AccountRuntime,
		attempt = scene.attempt,
	): void {
		const ctx = this.#ctx;
		const account = owner ?? this.#parts.pool.byName(scene.account);
		for (const controller of runtime.downloads.values()) controller.abort();
		if (!account) return;
		for (const [name, item] of account.generating) {
			if (item.scene !== scene.index || item.attempt !== attempt) continue;
			account.generating.delete(name);
			this.#parts.pool.release(account, 1);
			ctx.emit({type: 'media.state', ts: ctx.now(), scene: scene.index, attempt, name, state: 'abandoned'});
		}
	}

	maybeEnd(): void {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		if (!ctx.prepared || ctx.ended || ctx.pendingWork > 0 || this.#parts.busy()) return;
		for (const runtime of ctx.scenes.values()) if (runtime.assigned || runtime.downloads.size > 0) return;
		const canSubmit = !ctx.state.stopping && !pool.noUsableAccount;
		for (const scene of ctx.state.scenes) {
			if (scene.state === 'submitting') return;
			if (scene.state === 'queued' && canSubmit) return;
			if ((scene.state === 'polling' || scene.state === 'downloading') && !this.#isStuck(scene)) return;
		}
		const retryable = ctx.state.scenes.some(
			(scene) => scene.state === 'failed' || scene.state === 'in-doubt',
		);
		if (ctx.holdOpen && !ctx.state.stopping && retryable) {
			if (!ctx.state.idle) ctx.emit({type: 'run.idle', ts: ctx.now(), idle: true});
			return;
		}
		this.finish();
	}

	/** Polling or downloading that cannot progress: its account can no longer be asked. */
	#isStuck(scene: SceneView): boolean {
		const account = this.#parts.pool.byName(scene.account);
		return !account || this.#parts.pool.health(account) === 'auth-failed';
	}

	finish(): void {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		if (ctx.ended) return;
		ctx.ended = true;
		this.#parts.stopStages();
		for (const account of pool.list) {
			account.submits.clear();
			account.stopRenewals?.();
		}
		// A poll answered after its account failed may have moved a scene on without saying why it waits.
		for (const account of pool.list) if (pool.health(account) === 'auth-failed') pool.reportWaiting(account);
		const counts = totals(ctx.state);
		ctx.emit({
			type: 'run.end',
			ts: ctx.now(),
			done: counts.done,
			failed: counts.failed,
			skipped: counts.skipped,
			inDoubt: counts['in-doubt'],
			durationMs: ctx.now() - (ctx.state.startedAt ?? ctx.now()),
		});
		ctx.sinkClosed = true;
		ctx.announceEnd(ctx.state);
		const state = ctx.state;
		// Samples still being written belong to this run: it ends when they are on disk.
		void Promise.allSettled(ctx.sampleWrites).then(() => this.#parts.onEnd(state));
	}
}

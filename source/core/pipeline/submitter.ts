import {randomUUID} from 'node:crypto';
import {FlowError} from '../../labs/errors/index.js';
import type {GenerateRequest} from '../../labs/types.js';
import type {SceneView} from '../run-state.js';
import {canEverTake} from '../scheduler.js';
import type {AccountPool, AccountRuntime} from './account-pool.js';
import {asFlowError, type RunContext} from './context.js';
import {maxThrottledTries} from './options.js';
import {sourceClip} from './placement.js';
import {countSubmitFailure, decide} from './policy.js';
import type {Uploader} from './uploader.js';

export type SubmitParts = {pool: AccountPool; uploader: Uploader; wake: () => void};

/**
 * Sends a scene's one generate call through the account the run loop reserved, journaling the call
 * before it goes (with the batch id that finds its media if the answer is lost) and the answer after.
 */
export class Submitter {
	readonly #ctx: RunContext;
	readonly #parts: SubmitParts;

	constructor(ctx: RunContext, parts: SubmitParts) {
		this.#ctx = ctx;
		this.#parts = parts;
	}

	async submit(account: AccountRuntime, sceneIndex: number): Promise<void> {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		const runtime = ctx.runtime(sceneIndex);
		const scene = ctx.scene(sceneIndex);
		const release = () => {
			pool.release(account, scene?.copies ?? 0);
			runtime.assigned = undefined;
		};
		if (
			scene?.state !== 'queued' ||
			ctx.ended ||
			ctx.stopNow ||
			ctx.state.stopping ||
			!canEverTake(pool.schedulable(account, ctx.now()), scene)
		) {
			release();
			this.#parts.wake();
			return;
		}
		const attempt = scene.attempt;
		let inputs: Pick<GenerateRequest, 'startImage' | 'endImage' | 'references' | 'extend'>;
		try {
			inputs = await this.#inputsOn(account, scene);
		} catch (error) {
			release();
			this.#failed(account, sceneIndex, attempt, error);
			ctx.forgetIfFinished(sceneIndex);
			this.#parts.wake();
			return;
		}
		// Skipped or stopped while its images went up: they stay uploaded (journaled) for next time.
		const still = ctx.scene(sceneIndex);
		if (still?.state !== 'queued' || still.attempt !== attempt || ctx.stopNow || ctx.state.stopping) {
			release();
			this.#parts.wake();
			return;
		}
		const projectId = account.client.projectId;
		// Journaled before the call: if its answer is lost, this id finds the media in the project.
		const batchId = randomUUID().toUpperCase();
		await ctx.emitDurable({
			type: 'scene.state',
			ts: ctx.now(),
			scene: sceneIndex,
			id: scene.id,
			state: 'submitting',
			attempt,
			account: account.client.name,
			projectId,
			batchId,
		});
		try {
			const result = await account.client.submit({
				prompt: scene.prompt,
				model: scene.model,
				aspect: scene.aspect,
				copies: scene.copies,
				seed: scene.seed,
				batchId,
				...inputs,
			});
			runtime.assigned = undefined;
			account.limit.succeeded();
			const media = result.media.map((ref, i) => ({name: ref.name, copy: i + 1}));
			const current = ctx.scene(sceneIndex);
			if (current?.state !== 'submitting' || current.attempt !== attempt) {
				// Skipped (or stopped) while the submit was under way: the credits are spent, the
				// videos are not wanted. Journal them so the record is complete.
				pool.release(account, scene.copies);
				for (const item of media) {
					ctx.emit({
						type: 'media.state',
						ts: ctx.now(),
						scene: sceneIndex,
						attempt,
						name: item.name,
						state: 'abandoned',
					});
				}
				return;
			}
			// Copies beyond what Flow created are not reserved any more.
			pool.release(account, Math.max(0, scene.copies - media.length));
			const since = ctx.now();
			result.media.forEach((ref, i) => {
				account.generating.set(ref.name, {scene: sceneIndex, attempt, copy: i + 1, ref, since});
			});
			await ctx.emitDurable({
				type: 'scene.state',
				ts: ctx.now(),
				scene: sceneIndex,
				id: scene.id,
				state: 'polling',
				attempt,
				account: account.client.name,
				projectId: result.media[0]?.projectId ?? projectId,
				media,
			});
			if (result.remainingCredits !== undefined) {
				pool.setHealth(account, pool.health(account), {credits: result.remainingCredits});
			}
		} catch (error) {
			release();
			this.#failed(account, sceneIndex, attempt, error);
		} finally {
			ctx.forgetIfFinished(sceneIndex);
			this.#parts.wake();
		}
	}

	/**
	 * What the generate call names besides the prompt, all of it this account's own: its uploads of the
	 * scene's images, or the clip it extends (which placement.ts only lets its own account take).
	 */
	async #inputsOn(
		account: AccountRuntime,
		scene: SceneView,
	): Promise<Pick<GenerateRequest, 'startImage' | 'endImage' | 'references' | 'extend'>> {
		const extend = scene.inputs?.extend;
		if (extend === undefined) return this.#parts.uploader.idsFor(account, scene.inputs);
		const source = this.#ctx.scene(extend);
		const clip = source === undefined ? undefined : sourceClip(source);
		if (source?.account !== account.client.name || clip === undefined) {
			throw new FlowError('protocol', `scene ${extend}'s clip is not on account ${account.client.name}`, {
				code: 'FOREIGN_MEDIA',
			});
		}
		return {extend: clip};
	}

	/** Carries out the failure policy's decision for a submit (docs/failure-policy.md). */
	#failed(account: AccountRuntime, sceneIndex: number, attempt: number, error: unknown): void {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		const scene = ctx.scene(sceneIndex);
		if (!scene || scene.attempt !== attempt) return;
		const flow = asFlowError(error, account.client.name);
		ctx.keepSample(flow.sample);
		const runtime = ctx.runtime(sceneIndex);
		if (ctx.stopNow) return;
		if (scene.state === 'skipped' && !flow.ambiguous) return;
		const counts = countSubmitFailure(flow.kind, {
			tries: runtime.submitTries,
			throttledTries: runtime.throttledTries,
		});
		runtime.submitTries = counts.tries;
		runtime.throttledTries = counts.throttledTries;
		const decision = decide({
			stage: 'submit',
			kind: flow.kind,
			ambiguous: flow.ambiguous,
			tries: counts.tries,
			maxTries: ctx.tunables.maxSubmitTries,
			throttledTries: counts.throttledTries,
			maxThrottledTries,
		});
		if (decision.account === 'fail') pool.fail(account, flow);
		else if (decision.account === 'cool-down') pool.throttled(account, flow);
		else if (decision.account === 'deny-model') account.deniedModels.add(scene.model);
		switch (decision.action) {
			case 'in-doubt':
				ctx.setScene(scene, 'in-doubt', {
					account: account.client.name,
					error: `${flow.message}; the submit may have reached Flow, so it is not sent again (retry to resubmit)`,
				});
				return;
			case 'requeue':
			case 'back-off': {
				const delayMs =
					decision.action === 'back-off' ? ctx.backoff(Math.max(counts.tries, 1), flow.retryAfterMs) : 0;
				runtime.notBefore = ctx.now() + delayMs;
				ctx.setScene(scene, 'queued', {error: flow.message});
				return;
			}
			default: {
				const tries = counts.tries + counts.throttledTries;
				const gaveUp = decision.gaveUp ? ` (gave up after ${tries} tries)` : '';
				ctx.setScene(scene, 'failed', {account: account.client.name, error: flow.message + gaveUp});
			}
		}
	}
}

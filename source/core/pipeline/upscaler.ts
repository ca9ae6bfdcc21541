import type {SceneView} from '../run-state.js';
import type {AccountPool} from './account-pool.js';
import {asFlowError, type RunContext} from './context.js';
import {maxThrottledTries} from './options.js';
import {decide} from './policy.js';

export type UpscaleParts = {pool: AccountPool; settleScene: (sceneIndex: number) => void};

/**
 * The clips of a scene that wants an upscale and has none asked for yet: the scene is not done
 * before each has its upscaled copy (or its failure). Pure.
 */
export function upscalesOwed(scene: SceneView): string[] {
	if (scene.inputs?.upscale === undefined) return [];
	const asked = new Set(scene.media.flatMap((media) => (media.source === undefined ? [] : [media.source])));
	return scene.media
		.filter((media) => media.upscale === undefined && media.state === 'downloaded' && !asked.has(media.name))
		.map((media) => media.name);
}

/**
 * Asks the account that made a clip for its upscaled copy, once the clip is saved; the copy is then
 * polled and downloaded like any video (docs/design.md §3, upscale). The clip's own account only:
 * another account does not know the clip.
 */
export class Upscaler {
	readonly #ctx: RunContext;
	readonly #parts: UpscaleParts;
	/** Clips whose upscale is being asked for right now. */
	readonly #asking = new Set<string>();

	constructor(ctx: RunContext, parts: UpscaleParts) {
		this.#ctx = ctx;
		this.#parts = parts;
	}

	/** Asks for every upscale the scene still owes. */
	requestOwed(sceneIndex: number): void {
		const scene = this.#ctx.scene(sceneIndex);
		if (!scene) return;
		for (const clip of upscalesOwed(scene)) this.#ctx.track(this.#request(sceneIndex, clip, 1));
	}

	async #request(sceneIndex: number, clip: string, tries: number): Promise<void> {
		const ctx = this.#ctx;
		const {pool} = this.#parts;
		const scene = ctx.scene(sceneIndex);
		const target = scene?.inputs?.upscale;
		const media = scene?.media.find((item) => item.name === clip);
		if (!scene || !target || !media || ctx.stopNow || this.#asking.has(clip)) return;
		if (!upscalesOwed(scene).includes(clip)) return;
		const account = pool.byName(scene.account);
		if (!account || scene.projectId === undefined || !pool.usable(account)) return;
		const attempt = scene.attempt;
		const record = (name: string, state: 'generating' | 'failed', error?: string) =>
			ctx.emitDurable({
				type: 'media.state',
				ts: ctx.now(),
				scene: sceneIndex,
				attempt,
				name,
				state,
				error,
				upscale: target,
				source: clip,
				copy: media.copy,
			});
		this.#asking.add(clip);
		try {
			if (!account.client.upscale) {
				await record(`${clip}~${target}`, 'failed', `account ${account.client.name} cannot upscale videos`);
				return;
			}
			const ref = await account.client.upscale(
				{name: clip, projectId: scene.projectId},
				target,
				scene.aspect,
			);
			if (ctx.scene(sceneIndex)?.attempt !== attempt) return;
			pool.reserve(account, 1);
			account.generating.set(ref.name, {scene: sceneIndex, attempt, copy: media.copy, ref, since: ctx.now()});
			await record(ref.name, 'generating');
		} catch (error) {
			const flow = asFlowError(error, account.client.name);
			ctx.keepSample(flow.sample);
			const decision = decide({
				stage: 'upscale',
				kind: flow.kind,
				ambiguous: flow.ambiguous,
				tries,
				// Throttling is the account's (at its cap of videos in flight), not the clip's: it gets the
				// submit's larger budget for throttled tries (docs/failure-policy.md).
				maxTries: flow.kind === 'throttle' ? maxThrottledTries : ctx.tunables.maxSubmitTries,
			});
			if (decision.account === 'fail') pool.fail(account, flow);
			if (decision.action === 'retry') {
				this.#retryLater(sceneIndex, clip, tries, flow.retryAfterMs);
				return;
			}
			const gaveUp = decision.gaveUp ? ` (gave up after ${tries} tries)` : '';
			await record(`${clip}~${target}`, 'failed', `upscale to ${target} failed: ${flow.message}${gaveUp}`);
		} finally {
			this.#asking.delete(clip);
			this.#parts.settleScene(sceneIndex);
		}
	}

	#retryLater(sceneIndex: number, clip: string, tries: number, retryAfterMs?: number): void {
		const ctx = this.#ctx;
		ctx.pendingWork++;
		setTimeout(
			() => {
				ctx.pendingWork--;
				ctx.track(this.#request(sceneIndex, clip, tries + 1));
			},
			ctx.backoff(tries, retryAfterMs),
		);
	}
}

import type {AccountPool} from './account-pool.js';
import type {RunContext} from './context.js';
import type {Settler} from './settle.js';

export type ResumeParts = {
	pool: AccountPool;
	settle: Settler;
	queueDownload: (sceneIndex: number, mediaName: string) => void;
	/** Asks for the upscales a scene still owes (an earlier session stopped before asking). */
	requestUpscales: (sceneIndex: number) => void;
};

/**
 * After a resume, before anything is asked of the user or sent again: an in-doubt scene whose
 * submit carried a batch id is looked up in its own account's project. Found, its media are
 * adopted and polled; not found, it stays in doubt (a look-up that fails changes nothing).
 */
export async function lookUpInDoubt(ctx: RunContext, {pool}: ResumeParts): Promise<void> {
	const lookups = ctx.state.scenes.flatMap((scene) => {
		const account = pool.byName(scene.account);
		const find = account?.client.findSubmitted;
		if (scene.state !== 'in-doubt' || !scene.batchId || !account || !find) return [];
		if (!pool.usable(account)) return [];
		const {batchId, attempt} = scene;
		return [
			find
				.call(account.client, batchId, scene.projectId)
				.then((media) => {
					const current = ctx.scene(scene.index);
					if (!media?.length || current?.state !== 'in-doubt' || current.attempt !== attempt) return;
					if (scene.projectId === undefined) account.client.rememberProject(media[0]?.projectId ?? '');
					ctx.emit({
						type: 'scene.state',
						ts: ctx.now(),
						scene: scene.index,
						id: scene.id,
						state: 'polling',
						attempt,
						account: account.client.name,
						projectId: media[0]?.projectId ?? scene.projectId,
						media: media.map((ref, i) => ({name: ref.name, copy: i + 1})),
					});
				})
				.catch(() => undefined),
		];
	});
	await Promise.all(lookups);
}

/** After a resume: media that were generating or ready go back to their own account. */
export function adoptEarlierWork(
	ctx: RunContext,
	{pool, settle, queueDownload, requestUpscales}: ResumeParts,
): void {
	for (const scene of ctx.state.scenes) {
		if (scene.state === 'submitting') {
			// Only reachable when an initial state was not replayed through the journal rules.
			ctx.setScene(scene, 'in-doubt', {
				account: scene.account,
				error: 'the submit may have reached Flow but no answer was recorded',
			});
			continue;
		}
		if (scene.state === 'in-doubt' && ctx.resubmitInDoubt) {
			settle.requeue(scene, scene.attempt + 1);
			continue;
		}
		if (scene.state === 'in-doubt') {
			// Said again in every session that finds it: the user has to decide, and this session's
			// stream (NDJSON, lines) would otherwise only count it in run.end.
			ctx.setScene(scene, 'in-doubt', {account: scene.account, error: scene.error});
			continue;
		}
		if (scene.state !== 'polling' && scene.state !== 'downloading') continue;
		const account = pool.byName(scene.account);
		if (!account) {
			ctx.setScene(scene, 'failed', {
				account: scene.account,
				error: `its media belong to account ${scene.account ?? '?'}, which is not in this run`,
			});
			continue;
		}
		for (const media of scene.media) {
			const ref = {name: media.name, projectId: scene.projectId ?? ''};
			account.client.rememberProject(ref.projectId);
			if (media.state === 'generating') {
				account.generating.set(media.name, {
					scene: scene.index,
					attempt: scene.attempt,
					copy: media.copy,
					ref,
					since: ctx.now(),
				});
				pool.reserve(account, 1);
			} else if (media.state === 'ready' || media.state === 'downloading') {
				queueDownload(scene.index, media.name);
			}
		}
		requestUpscales(scene.index);
		settle.settleScene(scene.index);
	}
}

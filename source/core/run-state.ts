import type {TransportKind} from '../labs/types.js';
import type {AccountHealth, MediaState, PlanAccount, RunEvent, SceneSpec, SceneState} from './events.js';
import {activeSceneStates, finishedSceneStates} from './events.js';
import type {UpscaleTarget} from './scenes/inputs.js';

export type MediaView = {
	name: string;
	copy: number;
	state: MediaState;
	file?: string;
	bytes?: number;
	/** The poster JPEG saved beside the clip (events.ts `media.state`), when there is one. */
	poster?: string;
	error?: string;
	receivedBytes?: number;
	totalBytes?: number;
	/** An upscaled copy of the clip `source` (same copy number); absent for a generated clip. */
	upscale?: UpscaleTarget;
	source?: string;
};

/** An image uploaded to an account in this run (events.ts `image.upload`). */
export type UploadView = {account: string; file: string; sha256: string; name: string; projectId: string};

export type SceneView = SceneSpec & {
	state: SceneState;
	attempt: number;
	account?: string;
	projectId?: string;
	/** The batch id the current attempt's submit carried (see events.ts). */
	batchId?: string;
	error?: string;
	media: MediaView[];
	/** The copy of the take the run keeps (events.ts `take.chosen`); absent until the scene is done. */
	chosen?: number;
	/** When the scene entered its current state (ms epoch). */
	since: number;
};

export type AccountView = {
	name: string;
	transport?: TransportKind;
	health: AccountHealth;
	credits?: number;
	tier?: string;
	projectId?: string;
	until?: number;
	reason?: string;
};

export type RunState = {
	runId?: string;
	startedAt?: number;
	endedAt?: number;
	paused: boolean;
	stopping: boolean;
	/** Everything settled but failed or in-doubt scenes that a person may retry (dashboard only). */
	idle: boolean;
	scenes: SceneView[];
	accounts: Record<string, AccountView>;
	accountOrder: string[];
	plan?: {accounts: PlanAccount[]; totalCost: number};
	/** Images uploaded in this run, oldest first: reused by scenes on the same account and on resume. */
	uploads: UploadView[];
};

export type Totals = Record<SceneState, number> & {total: number; files: number};

export function initialRunState(scenes: SceneSpec[], accounts: string[], now = 0): RunState {
	return {
		paused: false,
		stopping: false,
		idle: false,
		// Not a spread: on Node 20 spreading here gave almost every scene a hidden class of its own,
		// which a 10,000-scene run pays for in memory and GC time (bench/memory.js: ~25 MB, ~15 % CPU).
		scenes: scenes.map((spec) =>
			Object.assign({}, spec, {state: 'queued' as const, attempt: 1, media: [], since: now}),
		),
		accounts: Object.fromEntries(accounts.map((name) => [name, {name, health: 'ok' as const}])),
		accountOrder: [...accounts],
		uploads: [],
	};
}

/** The one truth of a run: (state, event) -> state. Pure; unknown scenes and accounts are ignored. */
export function reduceRun(state: RunState, event: RunEvent): RunState {
	switch (event.type) {
		case 'run.start':
			// A (resumed) session starts afresh: an earlier session's pause or stop must not carry over.
			return {
				...state,
				runId: event.runId,
				startedAt: state.startedAt ?? event.ts,
				endedAt: undefined,
				paused: false,
				stopping: false,
				idle: false,
			};
		case 'run.plan':
			return {...state, plan: {accounts: event.accounts, totalCost: event.totalCost}};
		case 'run.paused':
			return {...state, paused: event.paused};
		case 'run.idle':
			return {...state, idle: event.idle};
		case 'run.stopping':
			return {...state, stopping: true};
		case 'run.end':
			return {...state, endedAt: event.ts};
		case 'account.state': {
			const previous = state.accounts[event.account] ?? {name: event.account, health: event.health};
			const next: AccountView = {
				...previous,
				health: event.health,
				transport: event.transport ?? previous.transport,
				credits: event.credits ?? previous.credits,
				tier: event.tier ?? previous.tier,
				projectId: event.projectId ?? previous.projectId,
				until: event.until,
				reason: event.reason,
			};
			const accountOrder = state.accountOrder.includes(event.account)
				? state.accountOrder
				: [...state.accountOrder, event.account];
			return {...state, accounts: {...state.accounts, [event.account]: next}, accountOrder};
		}
		case 'scene.state':
			return updateScene(state, event.scene, (scene) => {
				const newAttempt = event.attempt !== scene.attempt;
				const media =
					event.media?.map(({name, copy}) => ({name, copy, state: 'generating' as const})) ??
					(newAttempt ? [] : scene.media);
				const next: SceneView = {
					...scene,
					state: event.state,
					attempt: event.attempt,
					account: event.account ?? (newAttempt ? undefined : scene.account),
					projectId: event.projectId ?? (newAttempt ? undefined : scene.projectId),
					batchId: event.batchId ?? (newAttempt ? undefined : scene.batchId),
					error: event.error,
					media,
					since: scene.state === event.state && !newAttempt ? scene.since : event.ts,
				};
				// A new attempt makes new takes: the old choice named a clip of the last one. Set only
				// then, so scenes that never had a choice keep one shape (see initialRunState).
				if (newAttempt && scene.chosen !== undefined) next.chosen = undefined;
				return next;
			});
		case 'take.chosen':
			return updateScene(state, event.scene, (scene) =>
				scene.chosen === event.copy ? scene : {...scene, chosen: event.copy},
			);
		case 'media.state':
			return updateScene(state, event.scene, (scene) => {
				if (scene.attempt !== event.attempt) return scene;
				if (event.upscale !== undefined && !scene.media.some((item) => item.name === event.name)) {
					const copy = event.copy ?? scene.media.find((item) => item.name === event.source)?.copy ?? 1;
					const {name, upscale, source, error} = event;
					const added: MediaView = {name, copy, state: event.state, upscale, source};
					if (error !== undefined) added.error = error;
					return {...scene, media: [...scene.media, added]};
				}
				return {
					...scene,
					media: scene.media.map((item) =>
						item.name === event.name
							? {
									...item,
									state: event.state,
									file: event.file ?? item.file,
									bytes: event.bytes ?? item.bytes,
									poster: event.poster ?? item.poster,
									error: event.error,
								}
							: item,
					),
				};
			});
		case 'image.upload': {
			const {account, file, sha256, name, projectId} = event;
			return {...state, uploads: [...state.uploads, {account, file, sha256, name, projectId}]};
		}
		case 'download.progress':
			return updateScene(state, event.scene, (scene) => ({
				...scene,
				media: scene.media.map((item) =>
					item.name === event.name
						? {...item, receivedBytes: event.receivedBytes, totalBytes: event.totalBytes}
						: item,
				),
			}));
	}
}

function updateScene(state: RunState, index: number, update: (scene: SceneView) => SceneView): RunState {
	const current = state.scenes[index - 1];
	if (!current) return state;
	const next = update(current);
	if (next === current) return state;
	const scenes = state.scenes.slice();
	scenes[index - 1] = next;
	return {...state, scenes};
}

export function totals(state: RunState): Totals {
	const counts: Totals = {
		total: state.scenes.length,
		files: 0,
		queued: 0,
		submitting: 0,
		polling: 0,
		downloading: 0,
		done: 0,
		failed: 0,
		skipped: 0,
		'in-doubt': 0,
	};
	for (const scene of state.scenes) {
		counts[scene.state]++;
		for (const media of scene.media) if (media.state === 'downloaded') counts.files++;
	}
	return counts;
}

export const isFinished = (scene: SceneView): boolean => finishedSceneStates.has(scene.state);
export const isActive = (scene: SceneView): boolean => activeSceneStates.has(scene.state);

/** Files of a scene, in copy order: what the manifest lists. */
export const filesOf = (scene: SceneView): string[] =>
	scene.media
		.filter((media) => media.file !== undefined && media.state === 'downloaded')
		.sort((a, b) => a.copy - b.copy)
		.map((media) => media.file as string);

/**
 * A scene's takes, in copy order: its clips on disk, one per copy saved; their upscaled copies are not
 * takes of their own (docs/design.md §4, `chosen`).
 */
export const takesOf = (scene: SceneView): MediaView[] =>
	scene.media
		.filter(
			(media) => media.file !== undefined && media.state === 'downloaded' && media.upscale === undefined,
		)
		.sort((a, b) => a.copy - b.copy);

/** The file of take `copy` (its clip, not an upscaled copy), or null when that take is not saved. */
export const takeFileOf = (scene: SceneView, copy: number | undefined): string | null =>
	takesOf(scene).find((media) => media.copy === copy)?.file ?? null;

/** The file of the chosen take, or null while none is chosen (manifest.json `chosen`). */
export const chosenFileOf = (scene: SceneView): string | null =>
	scene.chosen === undefined ? null : takeFileOf(scene, scene.chosen);

/** Exit code of a finished run (DESIGN.md §4): 0 all done or skipped, 1 some failed or in doubt. */
export function exitCodeFor(state: RunState): 0 | 1 {
	return state.scenes.some((scene) => scene.state === 'failed' || scene.state === 'in-doubt') ? 1 : 0;
}

import type {Aspect, TransportKind} from '../labs/types.js';
import type {SceneInputs, UpscaleTarget} from './scenes/inputs.js';

/**
 * How a scene's video is made: from its prompt alone, from a start (and end) frame, from reference
 * images, or by continuing an earlier scene's clip. An upscale may follow any of them.
 */
export const sceneModes = ['text', 'frames', 'references', 'extend'] as const;
export type SceneMode = (typeof sceneModes)[number];

/** What a scene is doing. `in-doubt`: its submit may have reached Flow but no answer was recorded. */
export const sceneStates = [
	'queued',
	'submitting',
	'polling',
	'downloading',
	'done',
	'failed',
	'skipped',
	'in-doubt',
] as const;
export type SceneState = (typeof sceneStates)[number];

export const finishedSceneStates: ReadonlySet<SceneState> = new Set([
	'done',
	'failed',
	'skipped',
	'in-doubt',
]);
export const activeSceneStates: ReadonlySet<SceneState> = new Set(['submitting', 'polling', 'downloading']);

export const accountHealths = ['ok', 'refreshing', 'auth-failed', 'quota-exhausted', 'cooling-down'] as const;
export type AccountHealth = (typeof accountHealths)[number];

export const mediaStates = [
	'generating',
	'ready',
	'downloading',
	'downloaded',
	'failed',
	'abandoned',
] as const;
export type MediaState = (typeof mediaStates)[number];

/**
 * How the run keeps one take of a scene with copies unless a person picks one (`--pick`): the lowest
 * copy saved, or the saved take with the most bytes (docs/design.md §4).
 */
export const pickRules = ['first', 'largest'] as const;
export type PickRule = (typeof pickRules)[number];
/** Who chose a take: a person (`user`, the dashboard's 1–4) or the run's rule. */
export const takeChoosers = ['user', ...pickRules] as const;
export type TakeChooser = (typeof takeChoosers)[number];

export type SceneSpec = {
	index: number;
	id: string;
	prompt: string;
	aspect: Aspect;
	model: string;
	copies: number;
	seed?: number;
	line?: number;
	/**
	 * Frames, references, the scene it extends, its upscale; absent for text-to-video. Image paths are
	 * as the scene file wrote them (relative to it); the run resolves them against `imageDir`.
	 */
	inputs?: SceneInputs;
};

export type PlanAccount = {
	account: string;
	transport?: TransportKind;
	tier?: string;
	credits?: number;
	scenes: number[];
	cost: number;
	/** Distinct images its scenes upload to it (frames, references). */
	uploads?: number;
};

/**
 * Every state change of a run. The journal is these events, one JSON object a line; run state is
 * their reduction; the NDJSON reporter prints them. None carries a credential.
 */
export type RunEvent =
	| {type: 'run.start'; ts: number; runId: string; resumed: boolean; scenes: number; accounts: string[]}
	| {type: 'run.plan'; ts: number; accounts: PlanAccount[]; totalCost: number}
	| {
			type: 'account.state';
			ts: number;
			account: string;
			transport?: TransportKind;
			health: AccountHealth;
			credits?: number;
			tier?: string;
			projectId?: string;
			/** For cooling-down: when it may submit again (ms epoch). */
			until?: number;
			reason?: string;
	  }
	| {
			type: 'scene.state';
			ts: number;
			scene: number;
			id: string;
			state: SceneState;
			attempt: number;
			account?: string;
			projectId?: string;
			error?: string;
			/** On the `polling` that acknowledges a submit: the media Flow created, one per copy. */
			media?: Array<{name: string; copy: number}>;
			/** On `submitting`: the id the submit carries, so its media can be found if the answer is lost. */
			batchId?: string;
			/** How the video is made; absent means text. */
			mode?: SceneMode;
			/** The scene's inputs (image paths as the scene file wrote them); absent for text. */
			inputs?: SceneInputs;
	  }
	| {
			/**
			 * An image uploaded to an account for this run: journaled so a resumed run reuses it and a
			 * scene on the same account never uploads it again. `file` as the scene file wrote it.
			 */
			type: 'image.upload';
			ts: number;
			account: string;
			file: string;
			sha256: string;
			name: string;
			projectId: string;
	  }
	| {
			type: 'media.state';
			ts: number;
			scene: number;
			attempt: number;
			name: string;
			state: MediaState;
			file?: string;
			bytes?: number;
			/**
			 * On `downloaded`: the clip's poster JPEG saved beside it (`NNN-slug-<copy>.jpg`), when the
			 * account's wire gave a poster URL and it downloaded (docs/design.md §4).
			 */
			poster?: string;
			error?: string;
			/** An upscaled copy (`<source>_upsampled`) of the clip `source` of the same scene and copy. */
			upscale?: UpscaleTarget;
			source?: string;
			copy?: number;
	  }
	| {
			/**
			 * The take of a done scene the run keeps (its clip, `copy`): the rule's choice once the scene
			 * is done, or a person's, which no later rule's choice replaces (core/pipeline/takes.ts).
			 */
			type: 'take.chosen';
			ts: number;
			scene: number;
			copy: number;
			by: TakeChooser;
	  }
	| {type: 'run.paused'; ts: number; paused: boolean}
	/** Nothing left to run but failed or in-doubt scenes, and a person may still retry them. */
	| {type: 'run.idle'; ts: number; idle: boolean}
	| {type: 'run.stopping'; ts: number; now: boolean}
	| {
			type: 'run.end';
			ts: number;
			done: number;
			failed: number;
			skipped: number;
			inDoubt: number;
			durationMs: number;
	  }
	| DownloadProgressEvent;

/** Progress that changes many times a second: reduced and shown, never journaled or printed. */
export type DownloadProgressEvent = {
	type: 'download.progress';
	ts: number;
	scene: number;
	name: string;
	receivedBytes: number;
	totalBytes?: number;
};

export type RunEventType = RunEvent['type'];

/** Events that are not worth a line in the journal or the NDJSON stream. */
export const isEphemeral = (event: RunEvent): boolean =>
	event.type === 'download.progress' || event.type === 'run.idle';

import type {AccountClient} from '../../labs/account-client.js';
import type {PickRule, PlanAccount, RunEvent, SceneSpec} from '../events.js';
import type {RunState} from '../run-state.js';

/** What the pipeline needs of an account client; the real one is labs' AccountClient. */
export type FlowAccount = Pick<
	AccountClient,
	| 'name'
	| 'transportKind'
	| 'projectId'
	| 'prepare'
	| 'submit'
	| 'status'
	| 'download'
	| 'snapshot'
	| 'rememberProject'
> &
	Partial<
		Pick<
			AccountClient,
			'onRenewal' | 'findSubmitted' | 'upload' | 'adoptUpload' | 'upscale' | 'downloadPoster'
		>
	> & {
		/** Whether its wire can upload, extend or upscale (labs' AccountClient says so). */
		supports?(ability: 'upload' | 'extend' | 'upscale'): boolean;
	};

export type PipelineAccount = {
	client: FlowAccount;
	maxInFlight: number;
	/** Models this account may not use (tier gating from the catalogue). */
	deniedModels?: Iterable<string>;
};

export type EventSink = {
	append(event: RunEvent): void;
	appendDurable(event: RunEvent): Promise<void>;
};

export type PipelineOptions = {
	outDir: string;
	scenes: SceneSpec[];
	accounts: PipelineAccount[];
	mode?: 'parallel' | 'sequential';
	pollIntervalMs?: number;
	minSubmitGapMs?: number;
	downloadConcurrency?: number;
	/** A media still generating after this long fails the scene. */
	generationTimeoutMs?: number;
	maxSubmitTries?: number;
	maxDownloadTries?: number;
	backoffBaseMs?: number;
	backoffMaxMs?: number;
	/**
	 * Where scene image paths are relative to (the scene file's folder); and how an image is read
	 * (tests may give their own). Only runs with frames or references read images.
	 */
	imageDir?: string;
	/** Replayed state of an earlier run (resume). */
	initialState?: RunState;
	/** The take a done scene keeps unless a person picks one (takes.ts); default first. */
	pick?: PickRule;
	/** With resume: in-doubt scenes are submitted again without asking. */
	resubmitInDoubt?: boolean;
	sink?: EventSink;
	runId?: string;
	/** The preflight plan (run/plan/preflight.ts), announced as run.plan right after prepare. */
	plan?: {accounts: PlanAccount[]; totalCost: number};
	now?: () => number;
	random?: () => number;
};

/** The tunables every stage reads, with their defaults filled in. */
export type Tunables = Required<
	Pick<
		PipelineOptions,
		| 'mode'
		| 'pollIntervalMs'
		| 'minSubmitGapMs'
		| 'generationTimeoutMs'
		| 'maxSubmitTries'
		| 'maxDownloadTries'
		| 'backoffBaseMs'
		| 'backoffMaxMs'
	>
>;

export function tunablesOf(options: PipelineOptions): Tunables {
	return {
		mode: options.mode ?? 'parallel',
		pollIntervalMs: options.pollIntervalMs ?? 5000,
		minSubmitGapMs: options.minSubmitGapMs ?? 1000,
		generationTimeoutMs: options.generationTimeoutMs ?? 15 * 60_000,
		maxSubmitTries: options.maxSubmitTries ?? 5,
		maxDownloadTries: options.maxDownloadTries ?? 5,
		backoffBaseMs: options.backoffBaseMs ?? 1000,
		backoffMaxMs: options.backoffMaxMs ?? 60_000,
	};
}

/** Throttled submit tries a scene sits through before it fails: throttling is the account's, not the scene's. */
export const maxThrottledTries = 30;
/** Media younger than this share of their model's quickest generation are not asked about. */
export const quickestShare = 0.8;
export const maxPrepareTries = 4;
/**
 * Status answers in a row flowdeck cannot read for one media before it stops asking: an unknown
 * shape asked again forever would never end the run (docs/wire-captures.md).
 */
export const maxUnreadableReads = 3;

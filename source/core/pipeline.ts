import {randomUUID} from 'node:crypto';
import {EventEmitter} from 'node:events';
import PQueue from 'p-queue';
import type {AccountClient} from '../labs/account-client.js';
import {describePublicError, FlowError, isFlowError} from '../labs/errors.js';
import type {MediaRef, MediaStatus, WireSample} from '../labs/types.js';
import type {AccountHealth, MediaState, PlanAccount, RunEvent, SceneSpec} from './events.js';
import {finishedSceneStates, isEphemeral} from './events.js';
import {initialRunState, type RunState, reduceRun, type SceneView, totals} from './run-state.js';
import {AdaptiveLimit, backoffDelay, canEverTake, pickAccount, type SchedulableAccount} from './scheduler.js';
import {writeWireSample} from './wire-samples.js';

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
	Partial<Pick<AccountClient, 'onRenewal' | 'findSubmitted'>>;

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
	/** Replayed state of an earlier run (resume). */
	initialState?: RunState;
	/** With resume: in-doubt scenes are submitted again without asking. */
	resubmitInDoubt?: boolean;
	sink?: EventSink;
	runId?: string;
	/** The preflight plan (commands/run-preflight), announced as run.plan right after prepare. */
	plan?: {accounts: PlanAccount[]; totalCost: number};
	now?: () => number;
	random?: () => number;
};

type Generating = {
	scene: number;
	attempt: number;
	copy: number;
	ref: MediaRef;
	since: number;
	/** Status answers in a row that gave no readable state for this media. */
	unreadable?: number;
};

type AccountRuntime = {
	client: FlowAccount;
	limit: AdaptiveLimit;
	health: AccountHealth;
	reason?: string;
	cooldownUntil: number;
	reserved: number;
	nextSubmitAt: number;
	deniedModels: Set<string>;
	submits: PQueue;
	generating: Map<string, Generating>;
	polling: boolean;
	throttles: number;
	stopRenewals?: () => void;
};

type SceneRuntime = {
	/** Failed submit tries of the current attempt (reset on a new attempt). */
	submitTries: number;
	throttledTries: number;
	notBefore: number;
	/** The account holding a reservation for this scene's submit. */
	assigned?: string;
	downloads: Map<string, AbortController>;
	downloadTries: Map<string, number>;
};

type PipelineEvents = {event: [RunEvent]; end: [RunState]; warning: [string]};

/**
 * File names need a transliterating slugifier, about half of what loading the pipeline costs: it is
 * loaded when the first download starts, not before a run's first frame or line.
 */
let filenames: Promise<typeof import('./filenames.js')> | undefined;
const loadFilenames = () => {
	filenames ??= import('./filenames.js');
	return filenames;
};

const maxThrottledTries = 30;
/** Media younger than this share of their model's quickest generation are not asked about. */
const quickestShare = 0.8;
const maxPrepareTries = 4;
/**
 * Status answers in a row flowdeck cannot read for one media before it stops asking: an unknown
 * shape asked again forever would never end the run (docs/wire-captures.md).
 */
const maxUnreadableReads = 3;

const usableHealth = (health: AccountHealth): boolean => health === 'ok' || health === 'refreshing';
/** Cooling down passes by itself; auth and quota failures need the user. */
const mayRecover = (health: AccountHealth): boolean => usableHealth(health) || health === 'cooling-down';

/**
 * Drives every scene through submit → poll → download across the accounts. It owns one submit
 * queue per account and one download queue; every request about a scene's media goes through the
 * client of the account recorded on the scene, never another. State lives in one reduced RunState,
 * read by the UI through subscribe/getSnapshot.
 */
export class Pipeline extends EventEmitter<PipelineEvents> {
	readonly #options: Required<
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
	readonly #outDir: string;
	readonly #now: () => number;
	readonly #random: () => number;
	readonly #sink: EventSink | undefined;
	readonly #accounts: AccountRuntime[];
	readonly #byName = new Map<string, AccountRuntime>();
	/**
	 * Scenes with something under way or to remember (a reservation, downloads, failed tries, a
	 * back-off): made on first need and dropped once the scene is finished, so a 10,000-scene run
	 * keeps a few dozen of these rather than one per scene.
	 */
	readonly #scenes = new Map<number, SceneRuntime>();
	readonly #downloads: PQueue;
	readonly #listeners = new Set<() => void>();
	readonly #runId: string;
	readonly #resubmitInDoubt: boolean;
	readonly #plan: PipelineOptions['plan'];
	#state: RunState;
	#roundRobin = 0;
	/** No scene before this index is queued: #pump starts here, not at scene 1 of 10,000 every time. */
	#queuedFrom = 0;
	/** Per model: the quickest generation seen in this run (submit answered to seen finished). */
	readonly #quickestMs = new Map<string, number>();
	#pumpScheduled = false;
	#wakeTimer: NodeJS.Timeout | undefined;
	#pollTimer: NodeJS.Timeout | undefined;
	#started = false;
	/** Nothing is scheduled before every account has said what it is (tier, project, health). */
	#prepared = false;
	#ended = false;
	#stopNow = false;
	#resolveEnd: ((state: RunState) => void) | undefined;
	#pendingWork = 0;
	#holdOpen = false;
	/** After run.end the caller closes the journal; late answers of an abrupt stop are not written. */
	#sinkClosed = false;
	/** The size each finished video's record gave, checked when it is downloaded. */
	readonly #expectedBytes = new Map<string, number>();
	readonly #sampleWrites = new Set<Promise<unknown>>();

	constructor(options: PipelineOptions) {
		super();
		this.#outDir = options.outDir;
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#sink = options.sink;
		this.#runId = options.runId ?? `run-${this.#now().toString(36)}`;
		this.#resubmitInDoubt = options.resubmitInDoubt ?? false;
		this.#plan = options.plan;
		this.#options = {
			mode: options.mode ?? 'parallel',
			pollIntervalMs: options.pollIntervalMs ?? 5000,
			minSubmitGapMs: options.minSubmitGapMs ?? 1000,
			generationTimeoutMs: options.generationTimeoutMs ?? 15 * 60_000,
			maxSubmitTries: options.maxSubmitTries ?? 5,
			maxDownloadTries: options.maxDownloadTries ?? 5,
			backoffBaseMs: options.backoffBaseMs ?? 1000,
			backoffMaxMs: options.backoffMaxMs ?? 60_000,
		};
		this.#accounts = options.accounts.map((account) => ({
			client: account.client,
			limit: new AdaptiveLimit(account.maxInFlight),
			health: 'ok',
			cooldownUntil: 0,
			reserved: 0,
			nextSubmitAt: 0,
			deniedModels: new Set(account.deniedModels ?? []),
			submits: new PQueue({concurrency: 1}),
			generating: new Map(),
			polling: false,
			throttles: 0,
		}));
		for (const account of this.#accounts) this.#byName.set(account.client.name, account);
		this.#downloads = new PQueue({concurrency: options.downloadConcurrency ?? 4});
		const names = this.#accounts.map((account) => account.client.name);
		this.#state = options.initialState ?? initialRunState(options.scenes, names, this.#now());
	}

	// ---- store (read by the UI with useSyncExternalStore) ----

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): RunState => this.#state;

	// ---- commands ----

	/** Prepares every account, then runs until every scene has settled (or stop()). */
	async start(): Promise<RunState> {
		if (this.#started) throw new Error('the pipeline has already started');
		this.#started = true;
		const ended = new Promise<RunState>((resolve) => {
			this.#resolveEnd = resolve;
		});
		const resumed = this.#state.runId !== undefined;
		this.#emit({
			type: 'run.start',
			ts: this.#now(),
			runId: this.#state.runId ?? this.#runId,
			resumed,
			scenes: this.#state.scenes.length,
			accounts: this.#accounts.map((account) => account.client.name),
		});
		await Promise.all(this.#accounts.map((account) => this.#prepare(account)));
		this.#prepared = true;
		// Stopped at once while the accounts were prepared (a second Ctrl-C, a demo whose stdout
		// closed): the run has ended; no look-ups, no poll timer after it.
		if (this.#ended) return ended;
		if (this.#plan && !this.noUsableAccount) this.#emit({type: 'run.plan', ts: this.#now(), ...this.#plan});
		if (this.noUsableAccount) {
			this.#finish();
			return ended;
		}
		await this.#lookUpInDoubt();
		this.#adoptEarlierWork();
		this.#pollTimer = setInterval(() => this.#pollAll(), this.#options.pollIntervalMs);
		this.#schedulePump();
		return ended;
	}

	retry(sceneIndex: number): boolean {
		const scene = this.#scene(sceneIndex);
		if (!scene || !['failed', 'skipped', 'in-doubt'].includes(scene.state)) return false;
		this.#requeue(scene, scene.attempt + 1);
		return true;
	}

	retryAllFailed(): number {
		let count = 0;
		for (const scene of this.#state.scenes) if (scene.state === 'failed' && this.retry(scene.index)) count++;
		return count;
	}

	skip(sceneIndex: number): boolean {
		const scene = this.#scene(sceneIndex);
		if (!scene || ['done', 'failed', 'skipped', 'in-doubt'].includes(scene.state)) return false;
		const runtime = this.#runtime(sceneIndex);
		if (scene.state === 'polling' || scene.state === 'downloading') this.#abandonMedia(scene, runtime);
		// A submit under way finishes on its own; its media are then abandoned (see #submit).
		this.#setScene(scene, 'skipped', {account: scene.account});
		this.#maybeEnd();
		return true;
	}

	/**
	 * With a person watching (the dashboard), a run whose only unfinished business is failed or
	 * in-doubt scenes waits for them to retry one or to stop, instead of ending by itself.
	 */
	holdOpenWhileRetryable(hold = true): void {
		this.#holdOpen = hold;
	}

	pause(): void {
		if (!this.#state.paused) this.#emit({type: 'run.paused', ts: this.#now(), paused: true});
	}

	resume(): void {
		if (this.#state.paused) {
			this.#emit({type: 'run.paused', ts: this.#now(), paused: false});
			this.#schedulePump();
		}
	}

	/**
	 * First call: stop submitting, let what is generating finish (its credits are spent). With
	 * `now`, or a second call: stop at once; what was in flight is resumed later.
	 */
	stop({now = false}: {now?: boolean} = {}): void {
		if (this.#ended) return;
		const immediate = now || this.#state.stopping;
		this.#emit({type: 'run.stopping', ts: this.#now(), now: immediate});
		if (immediate) {
			this.#stopNow = true;
			for (const runtime of this.#scenes.values())
				for (const controller of runtime.downloads.values()) controller.abort();
			this.#finish();
			return;
		}
		this.#maybeEnd();
	}

	// ---- preparing accounts ----

	/** A flaky network at start must not cost an account the whole run: transient trouble is retried. */
	async #prepare(account: AccountRuntime): Promise<void> {
		for (let tries = 1; ; tries++) {
			try {
				const snapshot = await account.client.prepare();
				this.#setHealth(account, 'ok', {
					credits: snapshot.credits,
					tier: snapshot.tier,
					projectId: snapshot.projectId,
				});
				this.#showRenewals(account);
				return;
			} catch (error) {
				const flow = asFlowError(error, account.client.name);
				const retryable = flow.kind === 'transient' || flow.kind === 'throttle';
				if (!retryable || tries >= maxPrepareTries || this.#stopNow) {
					this.#accountFailed(account, flow);
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, this.#backoff(tries, flow.retryAfterMs)));
			}
		}
	}

	/**
	 * `refreshing` while the account's client renews its credentials, `ok` again after; an account in
	 * any other state (cooling down, auth-failed by that very renewal) is left as it is. Optional on
	 * the client: stand-ins in tests need not have it.
	 */
	#showRenewals(account: AccountRuntime): void {
		if (account.stopRenewals) return;
		account.stopRenewals = account.client.onRenewal?.((renewing) => {
			if (this.#ended) return;
			if (renewing && account.health === 'ok') this.#setHealth(account, 'refreshing');
			else if (!renewing && account.health === 'refreshing') this.#setHealth(account, 'ok');
		});
	}

	/**
	 * After a resume, before anything is asked of the user or sent again: an in-doubt scene whose
	 * submit carried a batch id is looked up in its own account's project. Found, its media are
	 * adopted and polled; not found, it stays in doubt (a look-up that fails changes nothing).
	 */
	async #lookUpInDoubt(): Promise<void> {
		const lookups = this.#state.scenes.flatMap((scene) => {
			const account = scene.account === undefined ? undefined : this.#byName.get(scene.account);
			const find = account?.client.findSubmitted;
			if (scene.state !== 'in-doubt' || !scene.batchId || !account || !find) return [];
			if (!usableHealth(account.health)) return [];
			const {batchId, attempt} = scene;
			return [
				find
					.call(account.client, batchId, scene.projectId)
					.then((media) => {
						const current = this.#scene(scene.index);
						if (!media?.length || current?.state !== 'in-doubt' || current.attempt !== attempt) return;
						if (scene.projectId === undefined) account.client.rememberProject(media[0]?.projectId ?? '');
						this.#emit({
							type: 'scene.state',
							ts: this.#now(),
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
	#adoptEarlierWork(): void {
		for (const scene of this.#state.scenes) {
			if (scene.state === 'submitting') {
				// Only reachable when an initial state was not replayed through the journal rules.
				this.#setScene(scene, 'in-doubt', {
					account: scene.account,
					error: 'the submit may have reached Flow but no answer was recorded',
				});
				continue;
			}
			if (scene.state === 'in-doubt' && this.#resubmitInDoubt) {
				this.#requeue(scene, scene.attempt + 1);
				continue;
			}
			if (scene.state === 'in-doubt') {
				// Said again in every session that finds it: the user has to decide, and this session's
				// stream (NDJSON, lines) would otherwise only count it in run.end.
				this.#setScene(scene, 'in-doubt', {account: scene.account, error: scene.error});
				continue;
			}
			if (scene.state !== 'polling' && scene.state !== 'downloading') continue;
			const account = scene.account === undefined ? undefined : this.#byName.get(scene.account);
			if (!account) {
				this.#setScene(scene, 'failed', {
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
						since: this.#now(),
					});
					account.reserved++;
				} else if (media.state === 'ready' || media.state === 'downloading') {
					this.#queueDownload(scene.index, media.name);
				}
			}
			this.#settleScene(scene.index);
		}
	}

	// ---- scheduling ----

	#schedulePump(): void {
		if (this.#pumpScheduled || this.#ended) return;
		this.#pumpScheduled = true;
		setImmediate(() => {
			this.#pumpScheduled = false;
			this.#pump();
		});
	}

	#pump(): void {
		if (!this.#prepared) return;
		if (this.#ended || this.#state.stopping || this.#state.paused) {
			this.#maybeEnd();
			return;
		}
		const now = this.#now();
		this.#refreshCooldowns(now);
		let wakeAt: number | undefined;
		const view = this.#accounts.map((account) => this.#schedulable(account, now));
		const {scenes} = this.#state;
		while (this.#queuedFrom < scenes.length && scenes[this.#queuedFrom]?.state !== 'queued')
			this.#queuedFrom++;
		for (let i = this.#queuedFrom; i < scenes.length; i++) {
			const scene = scenes[i] as SceneView;
			if (scene.state !== 'queued') continue;
			const runtime = this.#scenes.get(scene.index);
			if (runtime?.assigned) continue;
			if (runtime && runtime.notBefore > now) {
				wakeAt = Math.min(wakeAt ?? runtime.notBefore, runtime.notBefore);
				continue;
			}
			if (this.#options.mode === 'sequential' && this.#anyInFlight()) break;
			const pick = pickAccount(view, scene, now, this.#roundRobin);
			if (pick.kind === 'none') {
				// With no account left at all, queued scenes wait for `resume` rather than fail.
				if (this.noUsableAccount) break;
				if (
					this.#accounts.some(
						(account) => account.health === 'cooling-down' && !account.deniedModels.has(scene.model),
					)
				)
					continue;
				this.#failUnplaceable(scene);
				continue;
			}
			if (pick.kind === 'wait') {
				if (pick.until !== undefined) wakeAt = Math.min(wakeAt ?? pick.until, pick.until);
				// Scenes of other models may still fit elsewhere; most runs use one model, so stop early.
				if (!this.#hasMixedModels()) break;
				continue;
			}
			const account = this.#accounts[pick.index] as AccountRuntime;
			const slot = view[pick.index] as SchedulableAccount;
			this.#roundRobin = (pick.index + 1) % this.#accounts.length;
			account.reserved += scene.copies;
			account.nextSubmitAt = now + this.#options.minSubmitGapMs;
			slot.reserved = account.reserved;
			slot.nextSubmitAt = account.nextSubmitAt;
			this.#runtime(scene.index).assigned = account.client.name;
			this.#track(account.submits.add(() => this.#submit(account, scene.index)));
			if (this.#options.mode === 'sequential') break;
		}
		this.#armWake(wakeAt, now);
		this.#maybeEnd();
	}

	#schedulable(account: AccountRuntime, now: number): SchedulableAccount {
		return {
			name: account.client.name,
			usable: usableHealth(account.health) && account.cooldownUntil <= now,
			limit: account.limit.value,
			reserved: account.reserved,
			nextSubmitAt: account.nextSubmitAt,
			deniedModels: account.deniedModels,
		};
	}

	#hasMixedModelsCache: boolean | undefined;
	#hasMixedModels(): boolean {
		this.#hasMixedModelsCache ??= new Set(this.#state.scenes.map((scene) => scene.model)).size > 1;
		return this.#hasMixedModelsCache;
	}

	#anyInFlight(): boolean {
		for (const runtime of this.#scenes.values()) if (runtime.assigned) return true;
		return this.#state.scenes.some((scene) => ['submitting', 'polling', 'downloading'].includes(scene.state));
	}

	#armWake(wakeAt: number | undefined, now: number): void {
		const cooldowns = this.#accounts
			.filter((account) => account.health === 'cooling-down')
			.map((account) => account.cooldownUntil);
		const next = Math.min(wakeAt ?? Number.POSITIVE_INFINITY, ...cooldowns);
		if (!Number.isFinite(next)) return;
		if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
		this.#wakeTimer = setTimeout(
			() => {
				this.#wakeTimer = undefined;
				this.#schedulePump();
			},
			Math.max(0, next - now) + 1,
		);
	}

	#refreshCooldowns(now: number): void {
		for (const account of this.#accounts) {
			if (account.health === 'cooling-down' && account.cooldownUntil <= now) this.#setHealth(account, 'ok');
		}
	}

	#failUnplaceable(scene: SceneView): void {
		const denied = this.#accounts.some(
			(account) => usableHealth(account.health) && account.deniedModels.has(scene.model),
		);
		const reasons = this.#accounts
			.filter((account) => account.reason)
			.map((account) => `${account.client.name}: ${account.reason}`);
		const error = denied
			? `no account in this run may use model ${scene.model}`
			: `no usable account${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
		this.#setScene(scene, 'failed', {error});
	}

	// ---- submit ----

	async #submit(account: AccountRuntime, sceneIndex: number): Promise<void> {
		const runtime = this.#runtime(sceneIndex);
		const scene = this.#scene(sceneIndex);
		const release = () => {
			account.reserved = Math.max(0, account.reserved - (scene?.copies ?? 0));
			runtime.assigned = undefined;
		};
		if (
			scene?.state !== 'queued' ||
			this.#ended ||
			this.#stopNow ||
			this.#state.stopping ||
			!canEverTake(this.#schedulable(account, this.#now()), scene)
		) {
			release();
			this.#schedulePump();
			return;
		}
		const attempt = scene.attempt;
		const projectId = account.client.projectId;
		// Journaled before the call: if its answer is lost, this id finds the media in the project.
		const batchId = randomUUID().toUpperCase();
		await this.#emitDurable({
			type: 'scene.state',
			ts: this.#now(),
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
			});
			runtime.assigned = undefined;
			account.limit.succeeded();
			const media = result.media.map((ref, i) => ({name: ref.name, copy: i + 1}));
			const current = this.#scene(sceneIndex);
			if (current?.state !== 'submitting' || current.attempt !== attempt) {
				// Skipped (or stopped) while the submit was under way: the credits are spent, the
				// videos are not wanted. Journal them so the record is complete.
				account.reserved = Math.max(0, account.reserved - scene.copies);
				for (const item of media) {
					this.#emit({
						type: 'media.state',
						ts: this.#now(),
						scene: sceneIndex,
						attempt,
						name: item.name,
						state: 'abandoned',
					});
				}
				return;
			}
			// Copies beyond what Flow created are not reserved any more.
			account.reserved = Math.max(0, account.reserved - Math.max(0, scene.copies - media.length));
			const since = this.#now();
			result.media.forEach((ref, i) => {
				account.generating.set(ref.name, {scene: sceneIndex, attempt, copy: i + 1, ref, since});
			});
			await this.#emitDurable({
				type: 'scene.state',
				ts: this.#now(),
				scene: sceneIndex,
				id: scene.id,
				state: 'polling',
				attempt,
				account: account.client.name,
				projectId: result.media[0]?.projectId ?? projectId,
				media,
			});
			if (result.remainingCredits !== undefined) {
				this.#setHealth(account, account.health, {credits: result.remainingCredits});
			}
		} catch (error) {
			release();
			this.#submitFailed(account, sceneIndex, attempt, error);
		} finally {
			this.#forgetIfFinished(sceneIndex);
			this.#schedulePump();
		}
	}

	#submitFailed(account: AccountRuntime, sceneIndex: number, attempt: number, error: unknown): void {
		const scene = this.#scene(sceneIndex);
		if (!scene || scene.attempt !== attempt) return;
		const flow = asFlowError(error, account.client.name);
		this.#keepSample(flow.sample);
		const runtime = this.#runtime(sceneIndex);
		if (this.#stopNow) return;
		if (flow.ambiguous) {
			this.#setScene(scene, 'in-doubt', {
				account: account.client.name,
				error: `${flow.message}; the submit may have reached Flow, so it is not sent again (retry to resubmit)`,
			});
			return;
		}
		if (scene.state === 'skipped') return;
		const back = (extra: {delayMs?: number} = {}) => {
			runtime.notBefore = this.#now() + (extra.delayMs ?? 0);
			this.#setScene(scene, 'queued', {error: flow.message});
		};
		switch (flow.kind) {
			case 'auth':
			case 'quota':
				this.#accountFailed(account, flow);
				back();
				return;
			case 'model-access':
				account.deniedModels.add(scene.model);
				back();
				return;
			case 'throttle':
			case 'transient':
			case 'captcha': {
				// Throttling says the account is busy, not that the scene is bad: it costs a scene
				// little of its patience, while the account cools down and its limit shrinks.
				if (flow.kind === 'throttle') {
					this.#throttled(account, flow);
					runtime.throttledTries++;
				} else {
					runtime.submitTries++;
				}
				if (
					runtime.submitTries >= this.#options.maxSubmitTries ||
					runtime.throttledTries >= maxThrottledTries
				) {
					this.#setScene(scene, 'failed', {
						account: account.client.name,
						error: `${flow.message} (gave up after ${runtime.submitTries + runtime.throttledTries} tries)`,
					});
					return;
				}
				back({delayMs: this.#backoff(Math.max(runtime.submitTries, 1), flow.retryAfterMs)});
				return;
			}
			case 'policy':
				this.#setScene(scene, 'failed', {account: account.client.name, error: flow.message});
				return;
			default:
				this.#setScene(scene, 'failed', {account: account.client.name, error: flow.message});
		}
	}

	#throttled(account: AccountRuntime, error: FlowError): void {
		account.limit.throttled();
		account.throttles++;
		const wait = this.#backoff(account.throttles, error.retryAfterMs);
		account.cooldownUntil = this.#now() + wait;
		this.#setHealth(account, 'cooling-down', {until: account.cooldownUntil, reason: error.message});
	}

	#accountFailed(account: AccountRuntime, error: unknown): void {
		const flow = asFlowError(error, account.client.name);
		const health: AccountHealth = flow.kind === 'quota' ? 'quota-exhausted' : 'auth-failed';
		this.#setHealth(account, health, {reason: flow.message});
		if (health === 'auth-failed') this.#reportWaiting(account);
		this.#schedulePump();
	}

	/**
	 * Media already submitted on an account that can no longer be asked stay with it (only its
	 * credentials can poll or fetch them): their scenes say so, and `resume` continues them.
	 */
	#reportWaiting(account: AccountRuntime): void {
		const name = account.client.name;
		const reason = (account.reason ?? 'it can no longer be asked').replace(`${name}: `, '');
		const said = `waiting on account ${name} `;
		for (const scene of this.#state.scenes) {
			if (scene.account !== name || (scene.state !== 'polling' && scene.state !== 'downloading')) continue;
			if (scene.error?.startsWith(said)) continue;
			this.#setScene(scene, scene.state, {
				account: name,
				error: `${said}(${reason}); resume continues it once the account works`,
			});
		}
	}

	#backoff(tries: number, retryAfterMs?: number): number {
		return backoffDelay(tries, {
			baseMs: this.#options.backoffBaseMs,
			maxMs: this.#options.backoffMaxMs,
			retryAfterMs,
			random: this.#random,
		});
	}

	// ---- polling ----

	#pollAll(): void {
		if (this.#ended) return;
		const now = this.#now();
		for (const account of this.#accounts) {
			if (account.generating.size === 0 || account.polling || account.health === 'auth-failed') continue;
			if (!this.#mayBeReady(account, now)) continue;
			account.polling = true;
			this.#track(
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
			const quickest = this.#quickestMs.get(this.#scene(item.scene)?.model ?? '');
			if (quickest === undefined) return true;
			const wait = Math.min(quickest * quickestShare, this.#options.generationTimeoutMs);
			if (now - item.since >= wait) return true;
		}
		return false;
	}

	/** ONE status call per account per interval, covering all of that account's generating media. */
	async #poll(account: AccountRuntime): Promise<void> {
		const items = [...account.generating.values()];
		let statuses: MediaStatus[];
		try {
			statuses = await this.#statusOf(account, items);
		} catch (error) {
			const flow = asFlowError(error, account.client.name);
			if (flow.kind === 'auth') this.#accountFailed(account, flow);
			else if (flow.kind === 'throttle') this.#throttled(account, flow);
			else if (flow.kind === 'not-found') return this.#pollOneByOne(account, items);
			else if (flow.kind === 'protocol') {
				this.#keepSample(flow.sample);
				// An answer that cannot be read is not asked for forever: which media it is about is
				// found one by one, and a media whose own answer stays unreadable ends (docs/wire-captures.md).
				for (const item of items) item.unreadable = (item.unreadable ?? 0) + 1;
				const worn = items.filter((item) => (item.unreadable ?? 0) >= maxUnreadableReads);
				if (worn.length > 0 && items.length > 1) return this.#pollOneByOne(account, items);
				for (const item of worn) this.#unreadableSettled(account, item, flow.message);
			}
			// Transient trouble: the next interval asks again, but never past the generation timeout.
			this.#settleTimedOut(account, items);
			this.#maybeEnd();
			return;
		}
		this.#applyStatuses(account, items, statuses);
	}

	async #statusOf(account: AccountRuntime, items: Generating[]): Promise<MediaStatus[]> {
		const result = await account.client.status(items.map((item) => item.ref));
		if (
			result.remainingCredits !== undefined &&
			result.remainingCredits !== this.#state.accounts[account.client.name]?.credits
		) {
			this.#setHealth(account, account.health, {credits: result.remainingCredits});
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
				if (flow.kind === 'not-found') {
					if (account.generating.has(item.ref.name)) {
						this.#mediaSettled(account, item, 'failed', 'Flow no longer knows this video (not found)');
					}
					continue;
				}
				if (flow.kind === 'protocol') {
					this.#keepSample(flow.sample);
					if ((item.unreadable ?? 0) >= maxUnreadableReads)
						this.#unreadableSettled(account, item, flow.message);
					continue;
				}
				if (flow.kind === 'auth') this.#accountFailed(account, flow);
				break;
			}
		}
		this.#schedulePump();
	}

	#applyStatuses(account: AccountRuntime, items: Generating[], statuses: MediaStatus[]): void {
		const byName = new Map(statuses.map((status) => [status.name, status]));
		for (const item of items) {
			if (!account.generating.has(item.ref.name)) continue;
			const status = byName.get(item.ref.name);
			// Left out of the answer or in a shape not known: counted, so it cannot be asked forever.
			if (status === undefined || status.state === 'unreadable') {
				if (status?.sample) this.#keepSample(status.sample);
				item.unreadable = (item.unreadable ?? 0) + 1;
				if (item.unreadable >= maxUnreadableReads) {
					const why = status ? 'in a shape flowdeck cannot read' : 'without this video';
					this.#unreadableSettled(account, item, `${account.client.name}: Flow answered its status ${why}`);
				}
				continue;
			}
			item.unreadable = 0;
			if (status.state === 'succeeded') {
				if (status.byteSize !== undefined) this.#expectedBytes.set(item.ref.name, status.byteSize);
				this.#noteGenerationTime(item);
				this.#mediaSettled(account, item, 'ready');
			} else if (status.state === 'failed') {
				this.#mediaSettled(account, item, 'failed', describePublicError(status.failureCode ?? 'UNKNOWN'));
			} else if (status.state === 'not-found') {
				// Only this media: Flow does not know it for this account (gone, or not its own).
				this.#mediaSettled(account, item, 'failed', 'Flow no longer knows this video (not found)');
			}
		}
		this.#settleTimedOut(account, items);
		this.#schedulePump();
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

	/** Keeps a redacted answer flowdeck could not read, for a bug report; a full disk costs nothing. */
	#keepSample(sample: WireSample | undefined): void {
		if (sample === undefined) return;
		const write = writeWireSample(this.#outDir, sample, this.#now());
		this.#sampleWrites.add(write);
		void write.finally(() => this.#sampleWrites.delete(write));
	}

	#noteGenerationTime(item: Generating): void {
		const model = this.#scene(item.scene)?.model;
		if (model === undefined) return;
		const took = this.#now() - item.since;
		if (took < (this.#quickestMs.get(model) ?? Number.POSITIVE_INFINITY)) this.#quickestMs.set(model, took);
	}

	#settleTimedOut(account: AccountRuntime, items: Generating[]): void {
		const now = this.#now();
		for (const item of items) {
			if (!account.generating.has(item.ref.name) || now - item.since <= this.#options.generationTimeoutMs)
				continue;
			const minutes = Math.round(this.#options.generationTimeoutMs / 60_000);
			this.#mediaSettled(account, item, 'failed', `still generating after ${minutes} min; gave up waiting`);
		}
	}

	#mediaSettled(account: AccountRuntime, item: Generating, state: MediaState, error?: string): void {
		account.generating.delete(item.ref.name);
		account.reserved = Math.max(0, account.reserved - 1);
		this.#emit({
			type: 'media.state',
			ts: this.#now(),
			scene: item.scene,
			attempt: item.attempt,
			name: item.ref.name,
			state,
			error,
		});
		if (state === 'ready') this.#queueDownload(item.scene, item.ref.name);
		this.#settleScene(item.scene);
	}

	// ---- downloads ----

	#queueDownload(sceneIndex: number, mediaName: string): void {
		this.#track(this.#downloads.add(() => this.#download(sceneIndex, mediaName)));
	}

	async #download(sceneIndex: number, mediaName: string): Promise<void> {
		const {videoFileName} = await loadFilenames();
		const scene = this.#scene(sceneIndex);
		const media = scene?.media.find((item) => item.name === mediaName);
		if (!scene || !media || this.#stopNow || scene.state === 'skipped') return;
		if (media.state !== 'ready' && media.state !== 'downloading') return;
		const account = scene.account === undefined ? undefined : this.#byName.get(scene.account);
		if (!account || !scene.projectId || account.health === 'auth-failed') return;
		const runtime = this.#runtime(sceneIndex);
		const file = videoFileName(scene.index, scene.prompt, media.copy);
		const controller = new AbortController();
		runtime.downloads.set(mediaName, controller);
		const attempt = scene.attempt;
		this.#emit({
			type: 'media.state',
			ts: this.#now(),
			scene: sceneIndex,
			attempt,
			name: mediaName,
			state: 'downloading',
		});
		let lastTick = 0;
		try {
			const result = await account.client.download(
				{name: mediaName, projectId: scene.projectId},
				`${this.#outDir}/${file}`,
				{
					signal: controller.signal,
					expectedBytes: this.#expectedBytes.get(mediaName),
					onProgress: ({receivedBytes, totalBytes}) => {
						const now = this.#now();
						if (now - lastTick < 200) return;
						lastTick = now;
						this.#emit({
							type: 'download.progress',
							ts: now,
							scene: sceneIndex,
							name: mediaName,
							receivedBytes,
							totalBytes,
						});
					},
				},
			);
			this.#emit({
				type: 'media.state',
				ts: this.#now(),
				scene: sceneIndex,
				attempt,
				name: mediaName,
				state: 'downloaded',
				file,
				bytes: result.bytes,
			});
		} catch (error) {
			if (this.#stopNow || controller.signal.aborted) return;
			const flow = asFlowError(error, account.client.name);
			this.#keepSample(flow.sample);
			const tries = (runtime.downloadTries.get(mediaName) ?? 0) + 1;
			runtime.downloadTries.set(mediaName, tries);
			// Read afresh: the account may have failed while this download was under way.
			const health = account.health as AccountHealth;
			if (flow.kind === 'auth' && (tries >= 2 || health === 'auth-failed')) {
				// The cookie no longer opens this account's media. The video is finished and paid for:
				// it stays ready for `resume` instead of being written off with the account.
				this.#emit({
					type: 'media.state',
					ts: this.#now(),
					scene: sceneIndex,
					attempt,
					name: mediaName,
					state: 'ready',
					error: flow.message,
				});
				if (health !== 'auth-failed') this.#accountFailed(account, flow);
				return;
			}
			// Flow said this video is finished, and it is paid for: garbage in its place (HTML, not an
			// MP4, a one-off sign-in page, a 404 from a CDN edge) says nothing about the video itself. A
			// freshly resolved URL usually serves it, so every answer is retried like a reset, within
			// the download budget.
			const retryable = ['transient', 'throttle', 'protocol', 'auth', 'not-found'].includes(flow.kind);
			if (retryable && tries < this.#options.maxDownloadTries) {
				this.#emit({
					type: 'media.state',
					ts: this.#now(),
					scene: sceneIndex,
					attempt,
					name: mediaName,
					state: 'ready',
					error: flow.message,
				});
				const delay = this.#backoff(tries, flow.retryAfterMs);
				this.#pendingWork++;
				setTimeout(() => {
					this.#pendingWork--;
					this.#queueDownload(sceneIndex, mediaName);
				}, delay);
				return;
			}
			this.#emit({
				type: 'media.state',
				ts: this.#now(),
				scene: sceneIndex,
				attempt,
				name: mediaName,
				state: 'failed',
				error: `download failed: ${flow.message}`,
			});
		} finally {
			runtime.downloads.delete(mediaName);
			this.#settleScene(sceneIndex);
			this.#forgetIfFinished(sceneIndex);
		}
	}

	// ---- scene bookkeeping ----

	/** Moves a scene on from polling/downloading once its media say so. */
	#settleScene(sceneIndex: number): void {
		const scene = this.#scene(sceneIndex);
		if (!scene || (scene.state !== 'polling' && scene.state !== 'downloading')) {
			this.#maybeEnd();
			return;
		}
		const states = scene.media.map((media) => media.state);
		const generating = states.includes('generating');
		const pendingDownload = states.some((state) => state === 'ready' || state === 'downloading');
		if (generating || pendingDownload) {
			if (!generating && scene.state === 'polling')
				this.#setScene(scene, 'downloading', {account: scene.account});
			this.#maybeEnd();
			return;
		}
		const failed = scene.media.filter((media) => media.state === 'failed');
		if (failed.length > 0 || scene.media.length === 0) {
			const error = failed[0]?.error ?? 'Flow created no video';
			const note =
				failed.length < scene.media.length
					? ` (${scene.media.length - failed.length} of ${scene.media.length} copies saved)`
					: '';
			this.#setScene(scene, 'failed', {account: scene.account, error: error + note});
		} else {
			this.#setScene(scene, 'done', {account: scene.account});
		}
		this.#maybeEnd();
	}

	#abandonMedia(
		scene: SceneView,
		runtime: SceneRuntime,
		owner?: AccountRuntime,
		attempt = scene.attempt,
	): void {
		const account = owner ?? (scene.account === undefined ? undefined : this.#byName.get(scene.account));
		for (const controller of runtime.downloads.values()) controller.abort();
		if (!account) return;
		for (const [name, item] of account.generating) {
			if (item.scene !== scene.index || item.attempt !== attempt) continue;
			account.generating.delete(name);
			account.reserved = Math.max(0, account.reserved - 1);
			this.#emit({
				type: 'media.state',
				ts: this.#now(),
				scene: scene.index,
				attempt,
				name,
				state: 'abandoned',
			});
		}
	}

	#requeue(scene: SceneView, attempt: number): void {
		const runtime = this.#scenes.get(scene.index);
		this.#scenes.set(scene.index, {...newSceneRuntime(), assigned: runtime?.assigned});
		this.#emit({
			type: 'scene.state',
			ts: this.#now(),
			scene: scene.index,
			id: scene.id,
			state: 'queued',
			attempt,
		});
		if (this.#state.idle) this.#emit({type: 'run.idle', ts: this.#now(), idle: false});
		this.#schedulePump();
	}

	#setScene(
		scene: SceneView,
		state: SceneView['state'],
		extra: {account?: string; error?: string} = {},
	): void {
		this.#emit({
			type: 'scene.state',
			ts: this.#now(),
			scene: scene.index,
			id: scene.id,
			state,
			attempt: scene.attempt,
			account: extra.account,
			error: extra.error,
		});
	}

	#setHealth(
		account: AccountRuntime,
		health: AccountHealth,
		extra: {credits?: number; tier?: string; projectId?: string; until?: number; reason?: string} = {},
	): void {
		account.health = health;
		account.reason = extra.reason;
		this.#emit({
			type: 'account.state',
			ts: this.#now(),
			account: account.client.name,
			transport: account.client.transportKind,
			health,
			...extra,
		});
	}

	// ---- ending ----

	#maybeEnd(): void {
		if (!this.#prepared || this.#ended || this.#pumpScheduled || this.#pendingWork > 0) return;
		if (this.#downloads.size + this.#downloads.pending > 0) return;
		for (const runtime of this.#scenes.values()) if (runtime.assigned || runtime.downloads.size > 0) return;
		const canSubmit = !this.#state.stopping && this.#accounts.some((account) => mayRecover(account.health));
		for (const scene of this.#state.scenes) {
			if (scene.state === 'submitting') return;
			if (scene.state === 'queued' && canSubmit) return;
			if ((scene.state === 'polling' || scene.state === 'downloading') && !this.#isStuck(scene)) return;
		}
		if (this.#holdOpen && !this.#state.stopping && this.#anyRetryable()) {
			if (!this.#state.idle) this.#emit({type: 'run.idle', ts: this.#now(), idle: true});
			return;
		}
		this.#finish();
	}

	#anyRetryable(): boolean {
		return this.#state.scenes.some((scene) => scene.state === 'failed' || scene.state === 'in-doubt');
	}

	/** Polling or downloading that cannot progress: its account can no longer be asked. */
	#isStuck(scene: SceneView): boolean {
		const account = scene.account === undefined ? undefined : this.#byName.get(scene.account);
		return !account || account.health === 'auth-failed';
	}

	/** True when no account can take work any more: what is queued stays queued for `resume`. */
	get noUsableAccount(): boolean {
		return !this.#accounts.some((account) => mayRecover(account.health));
	}

	#finish(): void {
		if (this.#ended) return;
		this.#ended = true;
		if (this.#pollTimer) clearInterval(this.#pollTimer);
		if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
		for (const account of this.#accounts) {
			account.submits.clear();
			account.stopRenewals?.();
		}
		this.#downloads.clear();
		// A poll answered after its account failed may have moved a scene on without saying why it waits.
		for (const account of this.#accounts) if (account.health === 'auth-failed') this.#reportWaiting(account);
		const counts = totals(this.#state);
		this.#emit({
			type: 'run.end',
			ts: this.#now(),
			done: counts.done,
			failed: counts.failed,
			skipped: counts.skipped,
			inDoubt: counts['in-doubt'],
			durationMs: this.#now() - (this.#state.startedAt ?? this.#now()),
		});
		this.#sinkClosed = true;
		this.emit('end', this.#state);
		const state = this.#state;
		// Samples still being written belong to this run: it ends when they are on disk.
		void Promise.allSettled(this.#sampleWrites).then(() => this.#resolveEnd?.(state));
	}

	// ---- plumbing ----

	#emit(event: RunEvent): void {
		this.#reduce(event);
		if (!isEphemeral(event) && !this.#sinkClosed) this.#sink?.append(event);
		this.emit('event', event);
		for (const listener of this.#listeners) listener();
	}

	#reduce(event: RunEvent): void {
		this.#state = reduceRun(this.#state, event);
		if (event.type === 'scene.state' && event.state === 'queued') {
			this.#queuedFrom = Math.min(this.#queuedFrom, event.scene - 1);
		}
		if (event.type === 'scene.state') this.#forgetIfFinished(event.scene);
	}

	/** A finished scene with nothing under way needs no runtime: a retry starts a fresh one. */
	#forgetIfFinished(index: number): void {
		const runtime = this.#scenes.get(index);
		const scene = this.#scene(index);
		if (!runtime || !scene || !finishedSceneStates.has(scene.state)) return;
		if (runtime.assigned || runtime.downloads.size > 0) return;
		this.#scenes.delete(index);
	}

	async #emitDurable(event: RunEvent): Promise<void> {
		this.#reduce(event);
		if (!this.#sinkClosed) await this.#sink?.appendDurable(event);
		this.emit('event', event);
		for (const listener of this.#listeners) listener();
	}

	#track(promise: Promise<unknown>): void {
		promise
			.catch((error: unknown) => {
				// A bug, not a Flow answer: keep the run alive and say what happened.
				this.emit('warning', `internal error: ${(error as Error)?.message ?? String(error)}`);
			})
			.finally(() => this.#schedulePump());
	}

	#scene(index: number): SceneView | undefined {
		return this.#state.scenes[index - 1];
	}

	#runtime(index: number): SceneRuntime {
		let runtime = this.#scenes.get(index);
		if (!runtime) {
			runtime = newSceneRuntime();
			this.#scenes.set(index, runtime);
		}
		return runtime;
	}
}

function newSceneRuntime(): SceneRuntime {
	return {submitTries: 0, throttledTries: 0, notBefore: 0, downloads: new Map(), downloadTries: new Map()};
}

function asFlowError(error: unknown, account: string): FlowError {
	if (isFlowError(error)) return error.forAccount(account);
	return new FlowError('protocol', `${account}: ${(error as Error)?.message ?? String(error)}`);
}

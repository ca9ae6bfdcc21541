import type {EventEmitter} from 'node:events';
import {type ErrorKind, FlowError, isFlowError} from '../../labs/errors/index.js';
import type {WireSample} from '../../labs/types.js';
import {finishedSceneStates, isEphemeral, type PickRule, type RunEvent} from '../events.js';
import {type RunState, reduceRun, type SceneView} from '../run-state.js';
import {modeOf} from '../scenes/inputs.js';
import {backoffDelay} from '../scheduler.js';
import {writeWireSample} from '../wire-samples.js';
import type {EventSink, PipelineOptions, Tunables} from './options.js';
import {tunablesOf} from './options.js';

export type PipelineEvents = {event: [RunEvent]; end: [RunState]; warning: [string]};

/** What the pipeline remembers of a scene beyond RunState while something of it is under way. */
export type SceneRuntime = {
	/** Failed submit tries of the current attempt (reset on a new attempt). */
	submitTries: number;
	throttledTries: number;
	notBefore: number;
	/** The account holding a reservation for this scene's submit. */
	assigned?: string;
	downloads: Map<string, AbortController>;
	downloadTries: Map<string, number>;
	/** Per failed media of the current attempt: the kind of Flow's failure code (policy: generation). */
	failureKinds: Map<string, ErrorKind | undefined>;
	/** This attempt is the automatic new attempt of a generation Flow failed (docs/failure-policy.md). */
	autoRetried: boolean;
};

export const newSceneRuntime = (autoRetried = false): SceneRuntime => ({
	submitTries: 0,
	throttledTries: 0,
	notBefore: 0,
	downloads: new Map(),
	downloadTries: new Map(),
	failureKinds: new Map(),
	autoRetried,
});

export function asFlowError(error: unknown, account: string): FlowError {
	if (isFlowError(error)) return error.forAccount(account);
	return new FlowError('protocol', `${account}: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * The run's shared state and the one way to change it: every stage reads RunState here and changes
 * it only by emitting an event, which is reduced, journaled and announced in one place.
 */
export class RunContext {
	readonly tunables: Tunables;
	readonly outDir: string;
	readonly now: () => number;
	readonly random: () => number;
	readonly runId: string;
	readonly resubmitInDoubt: boolean;
	/** How a done scene's take is chosen when no person has chosen one (takes.ts). */
	readonly pick: PickRule;
	readonly plan: PipelineOptions['plan'];
	readonly listeners = new Set<() => void>();
	/**
	 * Scenes with something under way or to remember (a reservation, downloads, failed tries, a
	 * back-off): made on first need and dropped once the scene is finished, so a 10,000-scene run
	 * keeps a few dozen of these rather than one per scene.
	 */
	readonly scenes = new Map<number, SceneRuntime>();
	/** The size each finished video's record gave, checked when it is downloaded. */
	readonly expectedBytes = new Map<string, number>();
	readonly sampleWrites = new Set<Promise<unknown>>();
	state: RunState;
	/** No scene before this index is queued: the run loop starts here, not at scene 1 of 10,000. */
	queuedFrom = 0;
	started = false;
	/** Nothing is scheduled before every account has said what it is (tier, project, health). */
	prepared = false;
	ended = false;
	stopNow = false;
	/** Timers that will queue work again (a download's back-off): the run does not end under them. */
	pendingWork = 0;
	holdOpen = false;
	/** After run.end the caller closes the journal; late answers of an abrupt stop are not written. */
	sinkClosed = false;
	/** Called when tracked work settles: the run loop looks for more. Set by the run loop. */
	afterWork: () => void = () => {};
	readonly #sink: EventSink | undefined;
	readonly #events: EventEmitter<PipelineEvents>;

	constructor(options: PipelineOptions, state: RunState, events: EventEmitter<PipelineEvents>) {
		this.tunables = tunablesOf(options);
		this.outDir = options.outDir;
		this.now = options.now ?? Date.now;
		this.random = options.random ?? Math.random;
		this.runId = options.runId ?? `run-${this.now().toString(36)}`;
		this.resubmitInDoubt = options.resubmitInDoubt ?? false;
		this.pick = options.pick ?? 'first';
		this.plan = options.plan;
		this.#sink = options.sink;
		this.#events = events;
		this.state = state;
	}

	emit(given: RunEvent): void {
		const event = this.#withSceneFacts(given);
		this.#reduce(event);
		if (!isEphemeral(event) && !this.sinkClosed) this.#sink?.append(event);
		this.#announce(event);
	}

	/** Emits once the event is on disk: what a crash must not lose (a submit and its answer). */
	async emitDurable(given: RunEvent): Promise<void> {
		const event = this.#withSceneFacts(given);
		this.#reduce(event);
		if (!this.sinkClosed) await this.#sink?.appendDurable(event);
		this.#announce(event);
	}

	warn(message: string): void {
		this.#events.emit('warning', message);
	}

	announceEnd(state: RunState): void {
		this.#events.emit('end', state);
	}

	setScene(
		scene: SceneView,
		state: SceneView['state'],
		extra: {account?: string; error?: string} = {},
	): void {
		this.emit({
			type: 'scene.state',
			ts: this.now(),
			scene: scene.index,
			id: scene.id,
			state,
			attempt: scene.attempt,
			account: extra.account,
			error: extra.error,
		});
	}

	scene(index: number): SceneView | undefined {
		return this.state.scenes[index - 1];
	}

	runtime(index: number): SceneRuntime {
		let runtime = this.scenes.get(index);
		if (!runtime) {
			runtime = newSceneRuntime();
			this.scenes.set(index, runtime);
		}
		return runtime;
	}

	/** A finished scene with nothing under way needs no runtime: a retry starts a fresh one. */
	forgetIfFinished(index: number): void {
		const runtime = this.scenes.get(index);
		const scene = this.scene(index);
		if (!runtime || !scene || !finishedSceneStates.has(scene.state)) return;
		if (runtime.assigned || runtime.downloads.size > 0) return;
		this.scenes.delete(index);
	}

	backoff(tries: number, retryAfterMs?: number): number {
		return backoffDelay(tries, {
			baseMs: this.tunables.backoffBaseMs,
			maxMs: this.tunables.backoffMaxMs,
			retryAfterMs,
			random: this.random,
		});
	}

	/** Keeps a redacted answer flowdeck could not read, for a bug report; a full disk costs nothing. */
	keepSample(sample: WireSample | undefined): void {
		if (sample === undefined) return;
		const write = writeWireSample(this.outDir, sample, this.now());
		this.sampleWrites.add(write);
		void write.finally(() => this.sampleWrites.delete(write));
	}

	track(promise: Promise<unknown>): void {
		promise
			.catch((error: unknown) => {
				// A bug, not a Flow answer: keep the run alive and say what happened.
				this.warn(`internal error: ${(error as Error)?.message ?? String(error)}`);
			})
			.finally(() => this.afterWork());
	}

	/**
	 * A scene's every state change says how it is made, so the journal and the NDJSON stream can be
	 * read line by line (docs/design.md §4); text scenes carry nothing extra.
	 */
	#withSceneFacts(event: RunEvent): RunEvent {
		if (event.type !== 'scene.state' || event.inputs !== undefined) return event;
		const inputs = this.scene(event.scene)?.inputs;
		return inputs === undefined ? event : {...event, mode: modeOf(inputs), inputs};
	}

	#reduce(event: RunEvent): void {
		this.state = reduceRun(this.state, event);
		if (event.type === 'scene.state' && event.state === 'queued') {
			this.queuedFrom = Math.min(this.queuedFrom, event.scene - 1);
		}
		if (event.type === 'scene.state') this.forgetIfFinished(event.scene);
	}

	#announce(event: RunEvent): void {
		this.#events.emit('event', event);
		for (const listener of this.listeners) listener();
	}
}

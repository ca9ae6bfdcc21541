import {EventEmitter} from 'node:events';
import {initialRunState, type RunState} from '../run-state.js';
import {AccountPool} from './account-pool.js';
import {type PipelineEvents, RunContext} from './context.js';
import {Downloader} from './downloader.js';
import type {PipelineOptions} from './options.js';
import {Poller} from './poller.js';
import {adoptEarlierWork, lookUpInDoubt} from './resume.js';
import {RunLoop} from './run-loop.js';
import {Settler} from './settle.js';
import {Submitter} from './submitter.js';
import {chooseMissing, pickTake} from './takes.js';
import {Uploader} from './uploader.js';
import {Upscaler} from './upscaler.js';

/**
 * Drives every scene through submit → poll → download across the accounts (docs/design.md §3). The
 * stages are their own files; this class wires them and is what the CLI and the UI hold: the store
 * (subscribe/getSnapshot) and the user's commands. Every request about a scene's media goes through
 * the client of the account recorded on the scene, never another.
 */
export class Pipeline extends EventEmitter<PipelineEvents> {
	readonly #ctx: RunContext;
	readonly #pool: AccountPool;
	readonly #loop: RunLoop;
	readonly #poller: Poller;
	readonly #downloader: Downloader;
	readonly #settle: Settler;
	readonly #upscaler: Upscaler;
	#resolveEnd: ((state: RunState) => void) | undefined;

	constructor(options: PipelineOptions) {
		super();
		const names = options.accounts.map((account) => account.client.name);
		const now = options.now ?? Date.now;
		const state = options.initialState ?? initialRunState(options.scenes, names, now());
		const ctx = new RunContext(options, state, this);
		const pool = new AccountPool(ctx, options.accounts);
		const wake = () => this.#loop.schedule();
		const maybeEnd = () => this.#settle.maybeEnd();
		const settleScene = (index: number) => this.#settle.settleScene(index);
		const queueDownload = (index: number, name: string) => this.#downloader.queue(index, name);
		const uploader = new Uploader(ctx, options.imageDir ?? process.cwd());
		const submitter = new Submitter(ctx, {pool, uploader, wake});
		const upscaler = new Upscaler(ctx, {pool, settleScene});
		this.#upscaler = upscaler;
		this.#ctx = ctx;
		this.#pool = pool;
		this.#loop = new RunLoop(ctx, {
			pool,
			maybeEnd,
			submit: (account, index) => submitter.submit(account, index),
		});
		this.#poller = new Poller(ctx, {pool, queueDownload, settleScene, maybeEnd, wake});
		this.#downloader = new Downloader(
			ctx,
			{pool, settleScene, afterDownload: (index) => upscaler.requestOwed(index)},
			options.downloadConcurrency,
		);
		this.#settle = new Settler(ctx, {
			pool,
			wake,
			busy: () => this.#loop.due || this.#downloader.busy,
			stopStages: () => {
				this.#poller.stop();
				this.#loop.stop();
				this.#downloader.clear();
			},
			onEnd: (ended) => this.#resolveEnd?.(ended),
		});
		ctx.afterWork = wake;
		pool.onChange = wake;
	}

	// ---- the store, read by the UI with useSyncExternalStore ----

	subscribe = (listener: () => void): (() => void) => {
		this.#ctx.listeners.add(listener);
		return () => this.#ctx.listeners.delete(listener);
	};

	getSnapshot = (): RunState => this.#ctx.state;

	/** True when no account can take work any more: what is queued stays queued for `resume`. */
	get noUsableAccount(): boolean {
		return this.#pool.noUsableAccount;
	}

	// ---- commands ----

	/** Prepares every account, then runs until every scene has settled (or stop()). */
	async start(): Promise<RunState> {
		const ctx = this.#ctx;
		if (ctx.started) throw new Error('the pipeline has already started');
		ctx.started = true;
		const ended = new Promise<RunState>((resolve) => {
			this.#resolveEnd = resolve;
		});
		ctx.emit({
			type: 'run.start',
			ts: ctx.now(),
			runId: ctx.state.runId ?? ctx.runId,
			resumed: ctx.state.runId !== undefined,
			scenes: ctx.state.scenes.length,
			accounts: this.#pool.list.map((account) => account.client.name),
		});
		await Promise.all(this.#pool.list.map((account) => this.#pool.prepare(account)));
		ctx.prepared = true;
		// Stopped at once while the accounts were prepared (a second Ctrl-C, a demo whose stdout
		// closed): the run has ended; no look-ups, no poll timer after it.
		if (ctx.ended) return ended;
		// Done scenes an earlier session left without a choice (it stopped first, or predates takes).
		chooseMissing(ctx);
		if (this.noUsableAccount) {
			this.#settle.finish();
			return ended;
		}
		if (ctx.plan) ctx.emit({type: 'run.plan', ts: ctx.now(), ...ctx.plan});
		const parts = {
			pool: this.#pool,
			settle: this.#settle,
			queueDownload: (i: number, n: string) => this.#downloader.queue(i, n),
			requestUpscales: (i: number) => this.#upscaler.requestOwed(i),
		};
		await lookUpInDoubt(ctx, parts);
		adoptEarlierWork(ctx, parts);
		this.#poller.start();
		this.#loop.schedule();
		return ended;
	}

	retry(sceneIndex: number): boolean {
		const scene = this.#ctx.scene(sceneIndex);
		if (!scene || !['failed', 'skipped', 'in-doubt'].includes(scene.state)) return false;
		this.#settle.requeue(scene, scene.attempt + 1);
		return true;
	}

	retryAllFailed(): number {
		let count = 0;
		for (const scene of this.#ctx.state.scenes)
			if (scene.state === 'failed' && this.retry(scene.index)) count++;
		return count;
	}

	skip(sceneIndex: number): boolean {
		const ctx = this.#ctx;
		const scene = ctx.scene(sceneIndex);
		if (!scene || ['done', 'failed', 'skipped', 'in-doubt'].includes(scene.state)) return false;
		const runtime = ctx.runtime(sceneIndex);
		if (scene.state === 'polling' || scene.state === 'downloading') this.#settle.abandonMedia(scene, runtime);
		// A submit under way finishes on its own; its media are then abandoned (see submitter.ts).
		ctx.setScene(scene, 'skipped', {account: scene.account});
		this.#settle.maybeEnd();
		return true;
	}

	/**
	 * A person keeps take `copy` of a done scene (the dashboard's 1–4): journaled, and never replaced
	 * by the run's rule. False for a scene not done, a take not saved, or a run that has ended (its
	 * journal is closed, so the choice would not last).
	 */
	pick(sceneIndex: number, copy: number): boolean {
		if (this.#ctx.ended) return false;
		return pickTake(this.#ctx, sceneIndex, copy);
	}

	/**
	 * With a person watching (the dashboard), a run whose only unfinished business is failed or
	 * in-doubt scenes waits for them to retry one or to stop, instead of ending by itself.
	 */
	holdOpenWhileRetryable(hold = true): void {
		this.#ctx.holdOpen = hold;
	}

	pause(): void {
		if (!this.#ctx.state.paused) this.#ctx.emit({type: 'run.paused', ts: this.#ctx.now(), paused: true});
	}

	resume(): void {
		if (this.#ctx.state.paused) {
			this.#ctx.emit({type: 'run.paused', ts: this.#ctx.now(), paused: false});
			this.#loop.schedule();
		}
	}

	/**
	 * First call: stop submitting, let what is generating finish (its credits are spent). With
	 * `now`, or a second call: stop at once; what was in flight is resumed later.
	 */
	stop({now = false}: {now?: boolean} = {}): void {
		const ctx = this.#ctx;
		if (ctx.ended) return;
		const immediate = now || ctx.state.stopping;
		ctx.emit({type: 'run.stopping', ts: ctx.now(), now: immediate});
		if (immediate) {
			ctx.stopNow = true;
			for (const runtime of ctx.scenes.values())
				for (const controller of runtime.downloads.values()) controller.abort();
			this.#settle.finish();
			return;
		}
		this.#settle.maybeEnd();
	}
}

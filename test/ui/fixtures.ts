import type {AccountHealth, RunEvent, SceneSpec, SceneState} from '../../source/core/events.js';
import {initialRunState, type RunState, reduceRun, takesOf} from '../../source/core/run-state.js';
import type {DashboardCommands} from '../../source/ui/commands.js';
import type {Store} from '../../source/ui/store.js';

export const t0 = 1_700_000_000_000;

const prompts = [
	'A lighthouse on a basalt cliff at dusk, waves exploding below, slow aerial orbit',
	'Macro shot of dew sliding down a spider web at sunrise',
	'Phố cổ Hội An về đêm, đèn lồng lung linh phản chiếu trên sông Thu Bồn',
	'A red fox trotting through fresh snow in a birch forest',
	'Timelapse of storm clouds rolling over a wheat field',
	'An astronaut tending tomato plants in a greenhouse on Mars',
	'Cận cảnh bát phở bò bốc khói trên bàn gỗ, buổi sáng Hà Nội',
	'Hot-air balloons rising over Cappadocia at first light',
];

export function specs(count: number): SceneSpec[] {
	return Array.from({length: count}, (_, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt: prompts[i % prompts.length] as string,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	}));
}

/** Builds RunState the way the pipeline does: initial state + hand-written events, no network. */
export class StateBuilder {
	state: RunState;
	ts = t0;

	constructor(scenes: number, accounts: string[]) {
		this.state = initialRunState(specs(scenes), accounts, t0);
		this.apply({type: 'run.start', ts: t0, runId: 'r1', resumed: false, scenes, accounts});
		for (const account of accounts) this.health(account, 'ok', {credits: 1000, transport: 'labs'});
	}

	apply(event: RunEvent): this {
		this.state = reduceRun(this.state, event);
		return this;
	}

	health(
		account: string,
		health: AccountHealth,
		extra: {credits?: number; until?: number; transport?: 'labs'} = {},
	): this {
		return this.apply({type: 'account.state', ts: this.ts, account, health, ...extra});
	}

	/** Moves a scene along the way the pipeline would, up to `state`. */
	scene(
		index: number,
		state: SceneState,
		account: string,
		extra: {error?: string; attempt?: number} = {},
	): this {
		const id = String(index).padStart(3, '0');
		const attempt = extra.attempt ?? this.state.scenes[index - 1]?.attempt ?? 1;
		const media = `media-${index}-${attempt}`;
		const at = (s: SceneState, more: Partial<Extract<RunEvent, {type: 'scene.state'}>> = {}) =>
			this.apply({type: 'scene.state', ts: this.ts, scene: index, id, state: s, attempt, account, ...more});
		if (state === 'queued' && !extra.error) return at('queued', {account: undefined});
		at('submitting', {projectId: 'p1'});
		// Sent back to the queue after a failed submit (backoff): the account stays on record.
		if (state === 'queued') return at('queued', {account: undefined, error: extra.error});
		if (state === 'submitting') return this;
		if (state === 'in-doubt' || (state === 'failed' && extra.error?.includes('submit')))
			return at(state, {error: extra.error});
		at('polling', {media: [{name: media, copy: 1}]});
		if (state === 'polling') return this;
		if (state === 'failed') {
			this.apply({
				type: 'media.state',
				ts: this.ts,
				scene: index,
				attempt,
				name: media,
				state: 'failed',
				error: extra.error,
			});
			return at('failed', {error: extra.error});
		}
		if (state === 'skipped') return at('skipped');
		this.apply({type: 'media.state', ts: this.ts, scene: index, attempt, name: media, state: 'ready'});
		at('downloading');
		this.apply({type: 'media.state', ts: this.ts, scene: index, attempt, name: media, state: 'downloading'});
		if (state === 'downloading') {
			return this.apply({
				type: 'download.progress',
				ts: this.ts,
				scene: index,
				name: media,
				receivedBytes: 4_300_000,
				totalBytes: 6_800_000,
			});
		}
		this.apply({
			type: 'media.state',
			ts: this.ts,
			scene: index,
			attempt,
			name: media,
			state: 'downloaded',
			file: `${id}-scene-1.mp4`,
			bytes: 6_800_000,
		});
		return at('done');
	}
}

/** A store the test drives by hand. */
export class FakeStore implements Store<RunState> {
	#listeners = new Set<() => void>();
	constructor(public state: RunState) {}
	subscribe = (listener: () => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};
	getSnapshot = () => this.state;
	set(state: RunState) {
		this.state = state;
		for (const listener of this.#listeners) listener();
	}
}

export type Call = [string, ...unknown[]];

/** Records every command; answers like a pipeline would for the common cases. */
export function fakeCommands(store: FakeStore): DashboardCommands & {calls: Call[]} {
	const calls: Call[] = [];
	const sceneState = (index: number) => store.state.scenes[index - 1]?.state;
	return {
		calls,
		retry: (scene) => {
			calls.push(['retry', scene]);
			return ['failed', 'skipped', 'in-doubt'].includes(sceneState(scene) ?? '');
		},
		skip: (scene) => {
			calls.push(['skip', scene]);
			return !['done', 'failed', 'skipped', 'in-doubt'].includes(sceneState(scene) ?? '');
		},
		retryAllFailed: () => {
			calls.push(['retryAllFailed']);
			return store.state.scenes.filter((scene) => scene.state === 'failed').length;
		},
		pick: (scene, copy) => {
			calls.push(['pick', scene, copy]);
			const view = store.state.scenes[scene - 1];
			return view?.state === 'done' && takesOf(view).some((take) => take.copy === copy);
		},
		pause: () => {
			calls.push(['pause']);
		},
		resume: () => {
			calls.push(['resume']);
		},
		quit: () => {
			calls.push(['quit']);
		},
		interrupt: () => {
			calls.push(['interrupt']);
		},
	};
}

export const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes (frames arrive after the store's throttle and React's render). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await tick(10);
	}
}

export const keys = {
	left: '\u001B[D',
	right: '\u001B[C',
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	ctrlC: '\u0003',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
};

import type {AccountView, RunState, SceneView} from '../core/run-state.js';
import {toAscii} from './text.js';

const cache = new Map<string, string>();

function ascii(text: string): string {
	let out = cache.get(text);
	if (out === undefined) {
		out = toAscii(text);
		// Prompts repeat every frame; bound the cache so a long run does not grow it forever.
		if (cache.size > 10_000) cache.clear();
		cache.set(text, out);
	}
	return out;
}

const optional = (text: string | undefined) => (text === undefined ? undefined : ascii(text));

const asciiScenes = new WeakMap<SceneView, SceneView>();
const asciiAccounts = new WeakMap<AccountView, AccountView>();

function asciiScene(scene: SceneView): SceneView {
	let out = asciiScenes.get(scene);
	if (out === undefined) {
		out = {
			...scene,
			prompt: ascii(scene.prompt),
			error: optional(scene.error),
			media: scene.media.map((media) => ({...media, error: optional(media.error)})),
		};
		asciiScenes.set(scene, out);
	}
	return out;
}

function asciiAccount(account: AccountView): AccountView {
	let out = asciiAccounts.get(account);
	if (out === undefined) {
		out = {...account, reason: optional(account.reason)};
		asciiAccounts.set(account, out);
	}
	return out;
}

/**
 * The run's free text (prompts, errors) as ASCII, for a terminal that shows nothing else. Account
 * names, media names and file names are ASCII already (accounts-file rules, slugs). A scene or
 * account the run did not change is the same object as in the frame before (memoised lines skip it).
 */
export function asciiRunState(state: RunState): RunState {
	return {
		...state,
		scenes: state.scenes.map(asciiScene),
		accounts: Object.fromEntries(
			Object.entries(state.accounts).map(([key, account]) => [key, asciiAccount(account)]),
		),
	};
}

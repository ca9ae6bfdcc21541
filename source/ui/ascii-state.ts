import type {AccountView, RunState, SceneView} from '../core/run-state.js';
import type {SceneInputs} from '../core/scenes/inputs.js';
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

/** Image paths are the user's own and may hold any letter (the details pane shows them). */
function asciiInputs(inputs: SceneInputs | undefined): SceneInputs | undefined {
	if (inputs === undefined) return undefined;
	const out: SceneInputs = {...inputs};
	if (inputs.image !== undefined) out.image = ascii(inputs.image);
	if (inputs.endImage !== undefined) out.endImage = ascii(inputs.endImage);
	if (inputs.refs !== undefined) out.refs = inputs.refs.map(ascii);
	return out;
}

const asciiScenes = new WeakMap<SceneView, SceneView>();
const asciiAccounts = new WeakMap<AccountView, AccountView>();

function asciiScene(scene: SceneView): SceneView {
	let out = asciiScenes.get(scene);
	if (out === undefined) {
		out = {
			...scene,
			prompt: ascii(scene.prompt),
			error: optional(scene.error),
			inputs: asciiInputs(scene.inputs),
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
 * The run's free text (prompts, errors, image paths) as ASCII, for a terminal that shows nothing
 * else. Account names, media names and file names are ASCII already (accounts-file rules, slugs). A
 * scene or account the run did not change is the same object as in the frame before (memoised lines skip it).
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

import type {RunState} from '../core/run-state.js';
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

/**
 * The run's free text (prompts, errors) as ASCII, for a terminal that shows nothing else. Account
 * names, media names and file names are ASCII already (accounts-file rules, slugs).
 */
export function asciiRunState(state: RunState): RunState {
	return {
		...state,
		scenes: state.scenes.map((scene) => ({
			...scene,
			prompt: ascii(scene.prompt),
			error: optional(scene.error),
			media: scene.media.map((media) => ({...media, error: optional(media.error)})),
		})),
		accounts: Object.fromEntries(
			Object.entries(state.accounts).map(([key, account]) => [
				key,
				{...account, reason: optional(account.reason)},
			]),
		),
	};
}

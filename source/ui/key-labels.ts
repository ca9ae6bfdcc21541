/** How the key tables (keys.ts) read on screen: key labels, help rows and footer hints. */
import {type KeyBinding, type KeyName, keyTable, scrollKeyTable} from './keys.js';
import type {Glyphs} from './theme.js';

/** Keys with no glyph of their own: the same short names on every terminal. */
const spelled: Record<string, string> = {pageUp: 'PgUp', pageDown: 'PgDn', home: 'Home', end: 'End'};

function keyLabel(name: KeyName, glyphs: Glyphs): string {
	switch (name) {
		case 'left':
		case 'right':
		case 'up':
		case 'down':
		case 'return':
			return glyphs.keys[name as 'left' | 'right' | 'up' | 'down' | 'return'];
		default:
			return spelled[name] ?? name;
	}
}

/** Every key of a binding: `← h`. */
export const bindingLabel = (binding: KeyBinding, glyphs: Glyphs): string =>
	binding.label ?? binding.keys.map((name) => keyLabel(name, glyphs)).join(' ');

export type KeyHint = {keys: string; label: string};

/** One-character keys run together (`↑↓`), longer ones take a slash (`PgUp/PgDn`). */
const joinKeys = (labels: readonly string[]): string =>
	labels.reduce((out, label) => (out === '' ? label : out + (label.length > 1 ? `/${label}` : label)), '');

/** Help rows for the scroll keys: `↑ k ↓ j`, both directions on one row. */
export const scrollHelpRows = (glyphs: Glyphs): Array<{keys: string; text: string}> =>
	scrollKeyTable.map((binding) => ({
		keys: [...binding.back, ...binding.forward].map((name) => keyLabel(name, glyphs)).join(' '),
		text: binding.description,
	}));

/** The details pane's hint: the first key of each direction (`↑↓ scroll`, `PgUp/PgDn page`). */
export const scrollHints = (glyphs: Glyphs): KeyHint[] =>
	scrollKeyTable.map((binding) => ({
		keys: joinKeys([binding.back[0], binding.forward[0]].map((name) => keyLabel(name as KeyName, glyphs))),
		label: binding.short,
	}));

/** Footer hints: bindings that share a short label merge on their first key (`←→ account`). */
export function keyHints(glyphs: Glyphs): KeyHint[] {
	const hints: KeyHint[] = [];
	for (const binding of keyTable) {
		const first = binding.label ?? keyLabel(binding.keys[0] as KeyName, glyphs);
		const same = hints.find((hint) => hint.label === binding.short);
		if (same) same.keys += first.length > 1 ? `/${first}` : first;
		else hints.push({keys: first, label: binding.short});
	}
	return hints;
}

import type {ScrollStep} from './scroll-window.js';
import type {Glyphs} from './theme.js';

export type ActionId =
	| 'prevColumn'
	| 'nextColumn'
	| 'prevScene'
	| 'nextScene'
	| 'retry'
	| 'skip'
	| 'retryAllFailed'
	| 'pause'
	| 'details'
	| 'table'
	| 'help'
	| 'quit';

/** A named key (arrow, enter, page up) or the exact character typed. */
export type KeyName =
	| 'left'
	| 'right'
	| 'up'
	| 'down'
	| 'return'
	| 'pageUp'
	| 'pageDown'
	| 'home'
	| 'end'
	| (string & {});

export type KeyBinding = {
	action: ActionId;
	keys: readonly KeyName[];
	/** What the footer says next to the key; bindings sharing one are shown together (←→ account). */
	short: string;
	description: string;
};

/** docs/design.md §4. The handlers and the help overlay both read this table, so they cannot drift. */
export const keyTable: readonly KeyBinding[] = [
	{action: 'prevColumn', keys: ['left', 'h'], short: 'account', description: 'previous account column'},
	{action: 'nextColumn', keys: ['right', 'l'], short: 'account', description: 'next account column'},
	{action: 'prevScene', keys: ['up', 'k'], short: 'scene', description: 'select the scene above'},
	{action: 'nextScene', keys: ['down', 'j'], short: 'scene', description: 'select the scene below'},
	{
		action: 'retry',
		keys: ['r'],
		short: 'retry',
		description: 'retry the selected scene (failed, skipped, in doubt)',
	},
	{
		action: 'skip',
		keys: ['s'],
		short: 'skip',
		description: 'skip the selected scene (asks first if its credits are spent)',
	},
	{action: 'retryAllFailed', keys: ['R'], short: 'retry all', description: 'retry every failed scene'},
	{action: 'pause', keys: ['p'], short: 'pause', description: 'pause / resume submitting new scenes'},
	{action: 'details', keys: ['return'], short: 'details', description: 'details of the selected scene'},
	{action: 'table', keys: ['t'], short: 'table', description: 'table of every scene'},
	{action: 'help', keys: ['?'], short: 'help', description: 'this help'},
	{action: 'quit', keys: ['q'], short: 'quit', description: 'quit (asks first; `flowdeck resume` continues)'},
];

export type ScrollBinding = {
	by: ScrollStep['by'];
	back: readonly KeyName[];
	forward: readonly KeyName[];
	/** What the details pane's hint line says next to the keys. */
	short: string;
	description: string;
};

/**
 * In the details pane these come before the key table: ↑↓ (k j) scroll the prompt there, as in a
 * pager, instead of moving to the next scene behind the pane. The other keys keep their meaning.
 */
export const scrollKeyTable: readonly ScrollBinding[] = [
	{
		by: 'line',
		back: ['up', 'k'],
		forward: ['down', 'j'],
		short: 'scroll',
		description: 'details: scroll the prompt a line',
	},
	{
		by: 'page',
		back: ['pageUp'],
		forward: ['pageDown'],
		short: 'page',
		description: 'details: scroll the prompt a page',
	},
	{
		by: 'end',
		back: ['home', 'g'],
		forward: ['end', 'G'],
		short: 'ends',
		description: 'details: start / end of the prompt',
	},
];

/** The subset of Ink's Key this module reads. */
export type KeyPress = {
	leftArrow: boolean;
	rightArrow: boolean;
	upArrow: boolean;
	downArrow: boolean;
	return: boolean;
	escape: boolean;
	pageUp: boolean;
	pageDown: boolean;
	home: boolean;
	end: boolean;
	ctrl: boolean;
	meta: boolean;
};

const named: Record<string, (key: KeyPress) => boolean> = {
	left: (key) => key.leftArrow,
	right: (key) => key.rightArrow,
	up: (key) => key.upArrow,
	down: (key) => key.downArrow,
	return: (key) => key.return,
	pageUp: (key) => key.pageUp,
	pageDown: (key) => key.pageDown,
	home: (key) => key.home,
	end: (key) => key.end,
};

const matches = (name: KeyName, input: string, key: KeyPress): boolean => {
	const test = named[name];
	return test ? test(key) : input === name;
};

/**
 * Ink hands over a run of plain characters as one input ("jj\r" when keys arrive together, as they
 * do over a slow SSH link or from tmux send-keys): one key press per character.
 */
export function splitKeys(input: string, key: KeyPress): Array<{input: string; key: KeyPress}> {
	const chars = [...input];
	if (chars.length <= 1 || input.includes('\u001B')) return [{input, key}];
	const none: KeyPress = {
		...key,
		leftArrow: false,
		rightArrow: false,
		upArrow: false,
		downArrow: false,
		pageUp: false,
		pageDown: false,
		home: false,
		end: false,
		return: false,
		ctrl: false,
		meta: false,
	};
	return chars.map((char) => {
		if (char === '\r' || char === '\n') return {input: '', key: {...none, return: true}};
		if (char === '\u0003') return {input: 'c', key: {...none, ctrl: true}};
		return {input: char, key: none};
	});
}

export function actionFor(input: string, key: KeyPress): ActionId | undefined {
	if (key.ctrl || key.meta) return undefined;
	for (const binding of keyTable) {
		for (const name of binding.keys) if (matches(name, input, key)) return binding.action;
	}
	return undefined;
}

/** The scroll step a key asks for in the details pane, if any. */
export function scrollStepFor(input: string, key: KeyPress): ScrollStep | undefined {
	if (key.ctrl || key.meta) return undefined;
	for (const binding of scrollKeyTable) {
		if (binding.back.some((name) => matches(name, input, key))) return {by: binding.by, direction: -1};
		if (binding.forward.some((name) => matches(name, input, key))) return {by: binding.by, direction: 1};
	}
	return undefined;
}

/** Keys with no glyph of their own: the same short names on every terminal. */
const spelled: Record<string, string> = {pageUp: 'PgUp', pageDown: 'PgDn', home: 'Home', end: 'End'};

export function keyLabel(name: KeyName, glyphs: Glyphs): string {
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
	binding.keys.map((name) => keyLabel(name, glyphs)).join(' ');

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
		const first = keyLabel(binding.keys[0] as KeyName, glyphs);
		const same = hints.find((hint) => hint.label === binding.short);
		if (same) same.keys += first.length > 1 ? `/${first}` : first;
		else hints.push({keys: first, label: binding.short});
	}
	return hints;
}

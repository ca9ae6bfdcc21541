import type {ScrollStep} from './scroll-window.js';

export type ActionId =
	| 'prevColumn'
	| 'nextColumn'
	| 'prevScene'
	| 'nextScene'
	| 'retry'
	| 'skip'
	| 'retryAllFailed'
	| 'pickTake'
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
	/** How the keys read when they are a range (`1-4`) rather than each one listed. */
	label?: string;
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
	{
		action: 'pickTake',
		// One key per copy (--copies 1-4): the digit is the take (docs/design.md §4, `chosen`).
		keys: ['1', '2', '3', '4'],
		label: '1-4',
		short: 'pick take',
		description: 'pick that take of the selected scene (once it is done)',
	},
	{action: 'pause', keys: ['p'], short: 'pause', description: 'pause / resume submitting new scenes'},
	{action: 'details', keys: ['return'], short: 'details', description: 'details of the selected scene'},
	{action: 'table', keys: ['t'], short: 'table', description: 'table of every scene'},
	// Closing it is said here, not on a row of its own: the help must fit 80×24 with the 1-4 row.
	{action: 'help', keys: ['?'], short: 'help', description: 'this help (esc or ? again closes it)'},
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

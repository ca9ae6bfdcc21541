import {queueKey} from './columns.js';

/**
 * What the person is looking at (focus, selection, overlay), apart from the run itself. A pure
 * reducer: the run moves scenes between columns under the cursor, so every action gets the current
 * navigation (which scenes each column holds) with it.
 */

export type Overlay = 'none' | 'help' | 'details' | 'table' | 'confirmQuit';

export type ViewState = {
	/** Column key (an account name or the queue). */
	focus: string | undefined;
	/** The selected scene; when it has left the focused column, the one now at `position`. */
	selected: number | undefined;
	position: number;
	overlay: Overlay;
	/** Prompt lines scrolled past in the details pane; back to the top for another scene or overlay. */
	scroll: number;
	notice?: {text: string; at: number};
	/** `s` on a scene whose credits are spent waits for a yes (hooks/use-confirm-skip.ts). */
	skip?: PendingSkip;
};

/** The attempt too: a retried scene is a new question, not this one come back. */
export type PendingSkip = {scene: number; attempt: number};

export type Navigation = {
	/** Columns left to right, each with its scene indexes in display order. */
	columns: ReadonlyArray<{key: string; scenes: readonly number[]}>;
	/** Every scene, in index order (the table). */
	all: readonly number[];
};

export type ViewAction =
	| {type: 'move'; direction: 'prevColumn' | 'nextColumn' | 'prevScene' | 'nextScene'; nav: Navigation}
	| {type: 'overlay'; overlay: Overlay; nav: Navigation}
	| {type: 'scroll'; offset: number}
	| {type: 'notice'; text: string; at: number}
	| {type: 'confirmSkip'; skip: PendingSkip | undefined};

export const initialView: ViewState = {
	focus: undefined,
	selected: undefined,
	position: 0,
	overlay: 'none',
	scroll: 0,
};

export type Selection = {
	columnIndex: number;
	focus: string | undefined;
	scene: number | undefined;
	position: number;
};

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** Where the cursor really is, given what the columns hold now. */
export function resolveSelection(view: ViewState, nav: Navigation): Selection {
	const inTable = view.overlay === 'table';
	if (inTable) {
		const found = view.selected === undefined ? -1 : nav.all.indexOf(view.selected);
		const position = found >= 0 ? found : clamp(view.position, nav.all.length - 1);
		return {columnIndex: -1, focus: view.focus, scene: nav.all[position], position};
	}
	let columnIndex = nav.columns.findIndex((column) => column.key === view.focus);
	// The focused column went away (the queue emptied): fall back to the first account.
	if (columnIndex < 0) columnIndex = nav.columns.length > 1 && nav.columns[0]?.key === queueKey ? 1 : 0;
	const column = nav.columns[columnIndex];
	if (!column) return {columnIndex: -1, focus: undefined, scene: undefined, position: 0};
	const found = view.selected === undefined ? -1 : column.scenes.indexOf(view.selected);
	const position = found >= 0 ? found : clamp(view.position, column.scenes.length - 1);
	return {columnIndex, focus: column.key, scene: column.scenes[position], position};
}

export function reduceView(view: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'notice':
			return {...view, notice: {text: action.text, at: action.at}};
		case 'confirmSkip':
			return {...view, skip: action.skip};
		case 'scroll':
			return action.offset === view.scroll ? view : {...view, scroll: action.offset};
		case 'overlay':
			return {...openOverlay(view, action.overlay, action.nav), scroll: 0};
		case 'move': {
			const next = move(view, action.direction, action.nav);
			return next === view ? view : {...next, scroll: 0};
		}
	}
}

function openOverlay(view: ViewState, overlay: Overlay, nav: Navigation): ViewState {
	const current = resolveSelection(view, nav);
	const next: ViewState = {...view, overlay, selected: current.scene, position: current.position};
	if (view.overlay === 'table' && overlay !== 'table') {
		// Back from the table: the focus follows the scene chosen there.
		const holder = nav.columns.findIndex(
			(column) => current.scene !== undefined && column.scenes.includes(current.scene),
		);
		const column = nav.columns[holder];
		if (column) return {...next, focus: column.key, position: column.scenes.indexOf(current.scene as number)};
	}
	if (overlay === 'table')
		return {...next, position: current.scene === undefined ? 0 : Math.max(0, nav.all.indexOf(current.scene))};
	return {...next, focus: current.focus};
}

function move(
	view: ViewState,
	direction: Extract<ViewAction, {type: 'move'}>['direction'],
	nav: Navigation,
): ViewState {
	const current = resolveSelection(view, nav);
	if (view.overlay === 'table') {
		if (direction === 'prevColumn' || direction === 'nextColumn') return view;
		const position = clamp(current.position + (direction === 'nextScene' ? 1 : -1), nav.all.length - 1);
		return {...view, selected: nav.all[position], position};
	}
	if (direction === 'prevScene' || direction === 'nextScene') {
		const column = nav.columns[current.columnIndex];
		if (!column) return view;
		const position = clamp(current.position + (direction === 'nextScene' ? 1 : -1), column.scenes.length - 1);
		return {...view, focus: column.key, selected: column.scenes[position], position};
	}
	const columnIndex = clamp(
		current.columnIndex + (direction === 'nextColumn' ? 1 : -1),
		nav.columns.length - 1,
	);
	const column = nav.columns[columnIndex];
	if (!column) return view;
	// Keep the row: moving sideways lands on the scene at the same height.
	const position = clamp(current.position, column.scenes.length - 1);
	return {...view, focus: column.key, selected: column.scenes[position], position};
}

/** Ink's key presses against the key tables (keys.ts): which action or scroll step each asks for. */
import {type ActionId, type KeyName, keyTable, scrollKeyTable} from './keys.js';
import type {ScrollStep} from './scroll-window.js';

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

import type {AccountView, RunState, SceneView} from '../core/run-state.js';

/** A space cannot be part of an account name, so this key never clashes with one. */
export const queueKey = ' queue';

export type Column =
	| {key: typeof queueKey; kind: 'queue'; scenes: SceneView[]}
	| {key: string; kind: 'account'; account: AccountView; scenes: SceneView[]};

/**
 * The leading queue column holds what no account has now: scenes waiting for a submit slot and the
 * few that failed before any account took them. It only exists while it holds something.
 *
 * Given the columns of the previous frame, a column whose account and scenes are all the same
 * objects as before is that column again, so a memoised column component skips it.
 */
export function columnsOf(state: RunState, previous?: Columns): Columns {
	const byAccount = new Map<string, SceneView[]>(state.accountOrder.map((name) => [name, []]));
	const waiting: SceneView[] = [];
	for (const scene of state.scenes) {
		const list = scene.state === 'queued' || !scene.account ? undefined : byAccount.get(scene.account);
		if (list) list.push(scene);
		else waiting.push(scene);
	}
	const before = new Map(previous?.accounts.map((column) => [column.key, column]));
	const accounts: Column[] = state.accountOrder.map((name) => {
		const account: AccountView = state.accounts[name] ?? {name, health: 'ok'};
		const scenes = byAccount.get(name) ?? [];
		const old = before.get(name);
		if (old?.kind === 'account' && old.account === account && sameItems(old.scenes, scenes)) return old;
		return {key: name, kind: 'account', account, scenes};
	});
	if (waiting.length === 0) return {accounts};
	const queue: Column =
		previous?.queue && sameItems(previous.queue.scenes, waiting)
			? previous.queue
			: {key: queueKey, kind: 'queue', scenes: waiting};
	return {queue, accounts};
}

export type Columns = {queue?: Column; accounts: Column[]};

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
	a.length === b.length && a.every((item, i) => item === b[i]);

/** Narrower than this and a prompt shows too few words to recognise. */
const minColumnWidth = 20;

export type Page = {
	/** Columns on screen: the queue (when there is one) on every page, then this page's accounts. */
	visible: Column[];
	widths: number[];
	page: number;
	pages: number;
};

/** Which accounts share the screen: pages of whole columns, the focused one's page showing. */
export function pageOf(columns: Columns, focusKey: string | undefined, width: number): Page {
	const {queue, accounts} = columns;
	const slots = Math.max(queue ? 2 : 1, Math.floor(width / minColumnWidth));
	const perPage = Math.max(1, slots - (queue ? 1 : 0));
	const pages = Math.max(1, Math.ceil(accounts.length / perPage));
	const focused = accounts.findIndex((column) => column.key === focusKey);
	const page = focused < 0 ? 0 : Math.floor(focused / perPage);
	const visible = [...(queue ? [queue] : []), ...accounts.slice(page * perPage, (page + 1) * perPage)];
	const base = Math.floor(width / Math.max(1, visible.length));
	const extra = width - base * visible.length;
	const widths = visible.map((_, i) => base + (i < extra ? 1 : 0));
	return {visible, widths, page, pages};
}

/** Left-to-right order for ←→: the queue first, then every account across pages. */
export const navigationOrder = (columns: Columns): Column[] => [
	...(columns.queue ? [columns.queue] : []),
	...columns.accounts,
];

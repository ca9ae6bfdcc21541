import {type Key, useInput} from 'ink';
import {type Dispatch, useCallback, useRef} from 'react';
import {isFinished, type RunState, type SceneView} from '../../core/run-state.js';
import type {DashboardCommands} from '../commands.js';
import {actionFor, type KeyPress, scrollStepFor, splitKeys} from '../key-press.js';
import type {ActionId} from '../keys.js';
import {type ScrollWindow, scrollBy} from '../scroll-window.js';
import {type Navigation, reduceView, resolveSelection, type ViewAction, type ViewState} from '../view.js';
import {askSkip, creditsSpent, pendingSkip} from './use-confirm-skip.js';

export type InputContext = {
	state: RunState;
	view: ViewState;
	nav: Navigation;
	dispatch: Dispatch<ViewAction>;
	commands: DashboardCommands;
	ended: boolean;
	clock: () => number;
	/** The details pane's prompt window as last drawn: scrolling stops where it ends. */
	prompt: Pick<ScrollWindow<unknown>, 'total' | 'height'>;
};

/** Keys → view changes and run commands, through the one key table (keys.ts). */
export function useDashboardInput(context: InputContext): void {
	// Ink re-subscribes a changed handler only after the frame is out; a key typed in between would
	// meet the previous frame's state. One stable handler reading the latest context avoids that.
	const latest = useRef(context);
	latest.current = context;
	const onInput = useCallback((typed: string, pressed: Key) => {
		const context = latest.current;
		// Keys that arrive together each see what the ones before them did (q then y).
		let view = context.view;
		const dispatch = (action: ViewAction) => {
			view = reduceView(view, action);
			context.dispatch(action);
		};
		for (const {input, key} of splitKeys(typed, pressed)) handleKey(input, key, {...context, view, dispatch});
	}, []);
	useInput(onInput);
}

function handleKey(input: string, key: KeyPress, context: InputContext): void {
	if (key.ctrl && input === 'c') {
		if (context.ended) return;
		const already = context.state.stopping;
		context.commands.interrupt();
		notify(
			context,
			already
				? 'stopping now; the state is saved'
				: 'stopping: no new submits, waiting for running scenes (Ctrl-C again: stop now)',
		);
		return;
	}
	if (context.ended) return;
	const {view, dispatch, nav} = context;
	const asked = pendingSkip(view.skip, context.state);
	if (asked) {
		// Only y skips: n, esc or any other key keeps the paid work (and does nothing else).
		dispatch({type: 'confirmSkip', skip: undefined});
		if (input === 'y' || input === 'Y') skipNow(asked, context);
		else notify(context, `scene ${asked.index}: kept (still ${asked.state})`);
		return;
	}
	if (view.overlay === 'confirmQuit') {
		if (input === 'y' || input === 'Y') context.commands.quit();
		else if (input === 'n' || input === 'N' || input === 'q' || key.escape)
			dispatch({type: 'overlay', overlay: 'none', nav});
		return;
	}
	if (key.escape) {
		if (view.overlay !== 'none') dispatch({type: 'overlay', overlay: 'none', nav});
		return;
	}
	if (view.overlay === 'details') {
		const step = scrollStepFor(input, key);
		if (step) {
			dispatch({
				type: 'scroll',
				offset: scrollBy(view.scroll, step, context.prompt.total, context.prompt.height),
			});
			return;
		}
	}
	const action = actionFor(input, key);
	if (action) act(action, context, input);
}

function act(action: ActionId, context: InputContext, input: string): void {
	const {view, dispatch, nav, commands, state} = context;
	const toggle = (overlay: 'help' | 'details' | 'table') =>
		dispatch({type: 'overlay', overlay: view.overlay === overlay ? 'none' : overlay, nav});
	if (view.overlay === 'help' && action !== 'help' && action !== 'quit') return;
	switch (action) {
		case 'prevColumn':
		case 'nextColumn':
		case 'prevScene':
		case 'nextScene':
			dispatch({type: 'move', direction: action, nav});
			return;
		case 'help':
		case 'details':
		case 'table':
			toggle(action);
			return;
		case 'quit':
			if (view.overlay !== 'none') dispatch({type: 'overlay', overlay: 'none', nav});
			else if (state.scenes.some((scene) => !isFinished(scene)))
				dispatch({type: 'overlay', overlay: 'confirmQuit', nav});
			else commands.quit();
			return;
		case 'retry':
		case 'skip': {
			const index = resolveSelection(context.view, context.nav).scene;
			const scene = index === undefined ? undefined : state.scenes[index - 1];
			if (!scene) {
				notify(context, 'no scene selected');
				return;
			}
			if (action === 'retry') {
				notify(
					context,
					commands.retry(scene.index)
						? `scene ${scene.index}: retrying (attempt ${scene.attempt + 1})`
						: `scene ${scene.index} is ${scene.state}: only failed, skipped or in-doubt scenes can be retried`,
				);
			} else if (creditsSpent(scene)) {
				dispatch({type: 'confirmSkip', skip: askSkip(scene)});
			} else {
				skipNow(scene, context);
			}
			return;
		}
		case 'pickTake':
			pick(Number(input), context);
			return;
		case 'retryAllFailed': {
			const count = commands.retryAllFailed();
			notify(
				context,
				count > 0 ? `retrying ${count} failed scene${count === 1 ? '' : 's'}` : 'no failed scenes',
			);
			return;
		}
		case 'pause':
			if (state.paused) {
				commands.resume();
				notify(context, 'submitting again');
			} else {
				commands.pause();
				notify(context, 'paused: no new submits; running scenes carry on (p resumes)');
			}
			return;
	}
}

/**
 * 1–4 keep that take of the selected scene, in any view that has a selection (the columns, the
 * details pane, the table): the pane lists the takes, but a person who knows them needs no pane.
 */
function pick(copy: number, context: InputContext): void {
	const index = resolveSelection(context.view, context.nav).scene;
	const scene = index === undefined ? undefined : context.state.scenes[index - 1];
	if (!scene) {
		notify(context, 'no scene selected');
		return;
	}
	if (context.commands.pick(scene.index, copy)) {
		notify(context, `scene ${scene.index}: keeping take ${copy}`);
	} else if (scene.state !== 'done') {
		notify(context, `scene ${scene.index} is ${scene.state}: a take is picked once the scene is done`);
	} else {
		notify(context, `scene ${scene.index} has no take ${copy} saved`);
	}
}

function skipNow(scene: SceneView, context: InputContext): void {
	notify(
		context,
		context.commands.skip(scene.index)
			? `scene ${scene.index}: skipped`
			: `scene ${scene.index} is ${scene.state}: only queued or running scenes can be skipped`,
	);
}

function notify(context: InputContext, text: string): void {
	context.dispatch({type: 'notice', text, at: context.clock()});
}

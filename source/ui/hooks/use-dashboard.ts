import {useCallback, useMemo, useReducer, useRef, useState} from 'react';
import {isFinished, type RunState, totals} from '../../core/run-state.js';
import type {AppProps} from '../App.js';
import {asciiRunState} from '../ascii-state.js';
import {type Column, type Columns, columnsOf, navigationOrder, pageOf} from '../columns.js';
import {dashboardLayout} from '../dashboard-layout.js';
import {hasTakes} from '../take-rows.js';
import {toAscii} from '../text.js';
import {initialView, type Navigation, reduceView, resolveSelection} from '../view.js';
import {usePendingSkip} from './use-confirm-skip.js';
import {useDashboardInput} from './use-dashboard-input.js';
import {useDetailsPane} from './use-details-pane.js';
import {useFrame, useWarnings} from './use-run-state.js';
import {useTerminalSize} from './use-terminal-size.js';

const noticeMs = 5000;
const defaultFrameMs = 250;
/** Events of one burst (a dozen scenes finishing together) come closer together than this. */
const quietMs = 50;
const tickMs = 1000;
const idleNotice = 'nothing left to run: r retry the selected scene, R retry all failed, q quit';

/** Everything the dashboard draws from: the run at this frame, the view over it, its layout; keys wired. */
export function useDashboard(props: AppProps) {
	const {store, commands, final} = props;
	// Paths are the user's text too: on an ASCII terminal they lose their accents like prompts do.
	const plain = (text: string) => (props.theme.ascii ? toAscii(text) : text);
	const outDir = plain(props.outDir);
	const sceneFile = props.sceneFile === undefined ? undefined : plain(props.sceneFile);
	const clock = props.clock ?? Date.now;
	// One frame carries the run and the time: the final one shows the last state at once, and no clock.
	const frame = useFrame(store, {
		dataMs: final ? 0 : (props.frameMs ?? defaultFrameMs),
		quietMs: final ? 0 : Math.min(quietMs, props.frameMs ?? defaultFrameMs),
		tickMs: final ? 0 : tickMs,
		clock,
	});
	const live = frame.state;
	const now = frame.now;
	const state = useMemo(() => (props.theme.ascii ? asciiRunState(live) : live), [live, props.theme.ascii]);
	const size = useTerminalSize(props.size);
	const tick = Math.floor(now / 1000);
	const [session] = useState(() => ({start: clock(), settled: settledOf(state)}));
	const [view, dispatch] = useReducer(reduceView, initialView);
	// Columns whose scenes did not change are the same objects as last frame (memoised columns).
	const previousColumns = useRef<Columns | undefined>(undefined);
	const columns = useMemo(() => {
		previousColumns.current = columnsOf(state, previousColumns.current);
		return previousColumns.current;
	}, [state]);
	const nav = useMemo(() => navigationOf(navigationOrder(columns), state), [columns, state]);
	const selection = resolveSelection(view, nav);
	const page = pageOf(columns, selection.focus, size.columns);
	const onWarning = useCallback(
		(message: string) => dispatch({type: 'notice', text: `warning: ${message}`, at: clock()}),
		[clock],
	);
	useWarnings(props.warnings, onWarning);
	const asked = usePendingSkip(view.skip, state, dispatch);
	const skipQuestion = final ? undefined : asked;

	const layout = dashboardLayout(size, Boolean(final), Boolean(skipQuestion));
	const overlay = final ? 'none' : view.overlay;
	const indexWidth = String(state.scenes.length).length;
	const recent = !final && view.notice && now - view.notice.at < noticeMs ? view.notice.text : undefined;
	const notice = recent ?? (!final && state.idle ? idleNotice : undefined);
	const counts = useMemo(() => totals(state), [state]);
	const details = useDetailsPane(
		overlay === 'details' && selection.scene !== undefined ? state.scenes[selection.scene - 1] : undefined,
		layout.width,
		layout.bodyHeight,
		view.scroll,
	);
	useDashboardInput({
		state,
		view,
		nav,
		dispatch,
		commands,
		ended: Boolean(final),
		clock,
		prompt: details.prompt,
	});
	return {
		state,
		now,
		tick,
		outDir,
		sceneFile,
		session,
		selection,
		page,
		skipQuestion,
		layout,
		overlay,
		indexWidth,
		notice,
		counts,
		details,
		/** The selected scene has takes that 1–4 choose between (the footer says so). */
		picking: selection.scene !== undefined && hasTakes(state.scenes[selection.scene - 1]),
	};
}

const settledOf = (state: RunState): number => state.scenes.filter(isFinished).length;

function navigationOf(order: Column[], state: RunState): Navigation {
	return {
		columns: order.map((column) => ({key: column.key, scenes: column.scenes.map((scene) => scene.index)})),
		all: state.scenes.map((scene) => scene.index),
	};
}

import {Box, Text} from 'ink';
import {type ReactNode, useCallback, useMemo, useReducer, useRef, useState} from 'react';
import {isFinished, type RunState, totals} from '../core/run-state.js';
import {asciiRunState} from './ascii-state.js';
import {type Column, type Columns, columnsOf, navigationOrder, pageOf} from './columns.js';
import type {DashboardCommands} from './commands.js';
import {AccountColumn, columnIsTimed} from './components/AccountColumn.js';
import {ConfirmQuit, confirmQuitHeight} from './components/ConfirmQuit.js';
import {ConfirmSkip, confirmSkipHeight} from './components/ConfirmSkip.js';
import {DetailsPane} from './components/DetailsPane.js';
import {Footer} from './components/Footer.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {StatusBar} from './components/StatusBar.js';
import {Summary, summaryHeight} from './components/Summary.js';
import {TableView} from './components/TableView.js';
import {usePendingSkip} from './hooks/use-confirm-skip.js';
import {useDashboardInput} from './hooks/use-dashboard-input.js';
import {useDetailsPane} from './hooks/use-details-pane.js';
import {useFrame, useWarnings} from './hooks/use-run-state.js';
import {type Size, useTerminalSize} from './hooks/use-terminal-size.js';
import {ThemeContext} from './hooks/use-theme.js';
import type {Store} from './store.js';
import {toAscii} from './text.js';
import type {Theme} from './theme.js';
import {initialView, type Navigation, reduceView, resolveSelection} from './view.js';

export type AppProps = {
	store: Store<RunState>;
	commands: DashboardCommands;
	theme: Theme;
	outDir: string;
	sceneFile?: string;
	/** A fixed size (tests); otherwise the terminal's, following resizes. */
	size?: Size;
	/**
	 * At most one new run snapshot per this many ms (default 250: 4 frames a second while the run
	 * changes, one per burst of events; keys redraw at once, the clock once a second). 0: every change.
	 */
	frameMs?: number;
	clock?: () => number;
	warnings?: (listener: (message: string) => void) => () => void;
	/** The run has ended: show the summary instead of the keys and stop ticking. */
	final?: {exitCode: number};
};

const noticeMs = 5000;
const defaultFrameMs = 250;
/** Events of one burst (a dozen scenes finishing together) come closer together than this. */
const quietMs = 50;
const tickMs = 1000;
const idleNotice = 'nothing left to run: r retry the selected scene, R retry all failed, q quit';
const headerHeight = 2;

export function App(props: AppProps) {
	return (
		<ThemeContext.Provider value={props.theme}>
			<Dashboard {...props} />
		</ThemeContext.Provider>
	);
}

function Dashboard(props: AppProps) {
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

	// One line short of the screen: a frame as tall as the terminal makes Ink clear it every time.
	const height = Math.max(6, size.rows - 1);
	const width = Math.max(10, size.columns);
	const bottom = final ? summaryHeight : 1;
	const question = skipQuestion ? confirmSkipHeight : 0;
	const bodyHeight = Math.max(3, height - headerHeight - bottom - question);
	const overlay = final ? 'none' : view.overlay;
	const indexWidth = String(state.scenes.length).length;
	const recent = !final && view.notice && now - view.notice.at < noticeMs ? view.notice.text : undefined;
	const notice = recent ?? (!final && state.idle ? idleNotice : undefined);
	const counts = useMemo(() => totals(state), [state]);
	const details = useDetailsPane(
		overlay === 'details' && selection.scene !== undefined ? state.scenes[selection.scene - 1] : undefined,
		width,
		bodyHeight,
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

	const grid = (gridHeight: number) => (
		<Box flexDirection="row" width={width} height={gridHeight}>
			{page.visible.length === 0 ? <Text>no accounts</Text> : null}
			{page.visible.map((column: Column, i) => {
				const focused =
					overlay === 'none' || overlay === 'confirmQuit' ? column.key === selection.focus : false;
				const timed = columnIsTimed(column);
				return (
					<AccountColumn
						key={column.key}
						column={column}
						width={page.widths[i] ?? 20}
						height={gridHeight}
						focused={focused}
						selected={focused ? selection.scene : undefined}
						indexWidth={indexWidth}
						paused={column.kind === 'queue' && state.paused}
						now={timed ? now : 0}
						tick={timed ? tick : 0}
					/>
				);
			})}
		</Box>
	);

	let body: ReactNode;
	switch (overlay) {
		case 'help':
			body = <HelpOverlay width={width} height={bodyHeight} />;
			break;
		case 'details':
			body = <DetailsPane details={details} width={width} height={bodyHeight} now={now} />;
			break;
		case 'table':
			body = <TableView scenes={state.scenes} selected={selection.scene} width={width} height={bodyHeight} />;
			break;
		case 'confirmQuit':
			body = (
				<>
					{grid(Math.max(3, bodyHeight - confirmQuitHeight))}
					<ConfirmQuit
						width={width}
						running={counts.submitting + counts.polling + counts.downloading}
						queued={counts.queued}
						outDir={outDir}
					/>
				</>
			);
			break;
		default:
			body = grid(bodyHeight);
	}

	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			// Every part is cut to fit; clipping costs Ink work on every line of every frame.
			overflow={headerHeight + bodyHeight + question + bottom > height ? 'hidden' : undefined}
		>
			<StatusBar
				state={state}
				counts={counts}
				sceneFile={sceneFile}
				width={width}
				now={now}
				session={session}
				tick={tick}
			/>
			{body}
			{skipQuestion ? <ConfirmSkip scene={skipQuestion} width={width} /> : null}
			{final ? (
				<Summary
					state={state}
					exitCode={final.exitCode}
					outDir={outDir}
					width={width}
					elapsedMs={(state.endedAt ?? now) - session.start}
				/>
			) : (
				<Footer
					width={width}
					page={page.page}
					pages={page.pages}
					notice={notice}
					scrolling={overlay === 'details'}
				/>
			)}
		</Box>
	);
}

const settledOf = (state: RunState): number => state.scenes.filter(isFinished).length;

function navigationOf(order: Column[], state: RunState): Navigation {
	return {
		columns: order.map((column) => ({key: column.key, scenes: column.scenes.map((scene) => scene.index)})),
		all: state.scenes.map((scene) => scene.index),
	};
}

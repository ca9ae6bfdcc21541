import {Box, Text} from 'ink';
import {type ReactNode, useCallback, useMemo, useReducer, useState} from 'react';
import {isFinished, type RunState, totals} from '../core/run-state.js';
import {asciiRunState} from './ascii-state.js';
import {type Column, columnsOf, navigationOrder, pageOf} from './columns.js';
import type {DashboardCommands} from './commands.js';
import {AccountColumn} from './components/AccountColumn.js';
import {ConfirmQuit, confirmQuitHeight} from './components/ConfirmQuit.js';
import {DetailsPane} from './components/DetailsPane.js';
import {Footer} from './components/Footer.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {StatusBar} from './components/StatusBar.js';
import {Summary, summaryHeight} from './components/Summary.js';
import {TableView} from './components/TableView.js';
import {useClock} from './hooks/use-clock.js';
import {useDashboardInput} from './hooks/use-dashboard-input.js';
import {useRunState, useWarnings} from './hooks/use-run-state.js';
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
	/** At most one new run snapshot per this many ms (DESIGN: ~10 frames a second). */
	frameMs?: number;
	clock?: () => number;
	warnings?: (listener: (message: string) => void) => () => void;
	/** The run has ended: show the summary instead of the keys and stop ticking. */
	final?: {exitCode: number};
};

const noticeMs = 5000;
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
	// The final frame must show the last state, not the one a pending frame would have shown.
	const live = useRunState(store, final ? 0 : (props.frameMs ?? 100));
	const state = useMemo(() => (props.theme.ascii ? asciiRunState(live) : live), [live, props.theme.ascii]);
	const size = useTerminalSize(props.size);
	const now = useClock(final ? 0 : 1000, clock);
	const tick = Math.floor(now / 1000);
	const [session] = useState(() => ({start: clock(), settled: settledOf(state)}));
	const [view, dispatch] = useReducer(reduceView, initialView);
	const columns = useMemo(() => columnsOf(state), [state]);
	const nav = useMemo(() => navigationOf(navigationOrder(columns), state), [columns, state]);
	const selection = resolveSelection(view, nav);
	const page = pageOf(columns, selection.focus, size.columns);
	useDashboardInput({state, view, nav, dispatch, commands, ended: Boolean(final), clock});
	const onWarning = useCallback(
		(message: string) => dispatch({type: 'notice', text: `warning: ${message}`, at: clock()}),
		[clock],
	);
	useWarnings(props.warnings, onWarning);

	// One line short of the screen: a frame as tall as the terminal makes Ink clear it every time.
	const height = Math.max(6, size.rows - 1);
	const width = Math.max(10, size.columns);
	const bottom = final ? summaryHeight : 1;
	const bodyHeight = Math.max(3, height - headerHeight - bottom);
	const overlay = final ? 'none' : view.overlay;
	const indexWidth = String(state.scenes.length).length;
	const recent = !final && view.notice && now - view.notice.at < noticeMs ? view.notice.text : undefined;
	const notice = recent ?? (!final && state.idle ? idleNotice : undefined);
	const counts = totals(state);

	const grid = (gridHeight: number) => (
		<Box flexDirection="row" width={width} height={gridHeight}>
			{page.visible.length === 0 ? <Text>no accounts</Text> : null}
			{page.visible.map((column: Column, i) => (
				<AccountColumn
					key={column.key}
					column={column}
					width={page.widths[i] ?? 20}
					height={gridHeight}
					focused={overlay === 'none' || overlay === 'confirmQuit' ? column.key === selection.focus : false}
					selected={selection.scene}
					indexWidth={indexWidth}
					paused={state.paused}
					now={now}
					tick={tick}
				/>
			))}
		</Box>
	);

	let body: ReactNode;
	switch (overlay) {
		case 'help':
			body = <HelpOverlay width={width} height={bodyHeight} />;
			break;
		case 'details':
			body = (
				<DetailsPane
					scene={selection.scene === undefined ? undefined : state.scenes[selection.scene - 1]}
					width={width}
					height={bodyHeight}
					now={now}
				/>
			);
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
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<StatusBar state={state} sceneFile={sceneFile} width={width} now={now} session={session} tick={tick} />
			{body}
			{final ? (
				<Summary
					state={state}
					exitCode={final.exitCode}
					outDir={outDir}
					width={width}
					elapsedMs={(state.endedAt ?? now) - session.start}
				/>
			) : (
				<Footer width={width} page={page.page} pages={page.pages} notice={notice} />
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

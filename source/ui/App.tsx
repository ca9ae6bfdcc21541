import type {RunState} from '../core/run-state.js';
import type {DashboardCommands} from './commands.js';
import {Dashboard} from './components/Dashboard.js';
import type {Size} from './hooks/use-terminal-size.js';
import {ThemeContext} from './hooks/use-theme.js';
import type {Store} from './store.js';
import type {Theme} from './theme.js';

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

export function App(props: AppProps) {
	return (
		<ThemeContext.Provider value={props.theme}>
			<Dashboard {...props} />
		</ThemeContext.Provider>
	);
}

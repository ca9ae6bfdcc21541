import {render} from 'ink-testing-library';
import type {RunState} from '../../source/core/run-state.js';
import {App} from '../../source/ui/App.js';
import type {Size} from '../../source/ui/hooks/use-terminal-size.js';
import {createTheme, type Display} from '../../source/ui/theme.js';
import {FakeStore, fakeCommands, t0, tick, until} from './fixtures.js';

export type RenderOptions = {size?: Size | null; display?: Display; final?: {exitCode: number}};

/** The dashboard over a hand-driven store and a command recorder: no pipeline, no network. */
export function renderApp(state: RunState, options: RenderOptions = {}) {
	const store = new FakeStore(state);
	const commands = fakeCommands(store);
	const time = {now: t0 + 42_000};
	const clock = () => time.now;
	const theme = createTheme(options.display ?? {color: false, ascii: false});
	const size = options.size === null ? undefined : (options.size ?? {columns: 100, rows: 30});
	const element = (final?: {exitCode: number}) => (
		<App
			store={store}
			commands={commands}
			theme={theme}
			outDir="./out"
			sceneFile="/home/me/scenes.txt"
			size={size}
			frameMs={0}
			clock={clock}
			final={final}
		/>
	);
	const result = render(element(options.final));
	return {
		...result,
		store,
		commands,
		time,
		/** The first frame is out and the key handler listens (Ink subscribes after rendering). */
		ready: async (text: string) => {
			await until(() => (result.lastFrame() ?? '').includes(text));
			await tick(20);
		},
		frame: () => result.lastFrame() ?? '',
		finish: (exitCode: number) => result.rerender(element({exitCode})),
	};
}

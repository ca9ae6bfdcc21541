import {render} from 'ink-testing-library';
import type {ComponentType} from 'react';
import type {AppProps} from '../../source/ui/App.js';
import type {Display, Theme} from '../../source/ui/theme.js';
import {FakeStore, fakeCommands, keys, StateBuilder, t0, until} from './fixtures.js';

/**
 * Every view of a text-only run at 80×24, by name: the columns (twice: the cursor on another line),
 * the details pane, help and table. Scene modes (issue 18) must leave these byte for byte as they
 * were: text-only-frames.json holds them as the dashboard drew them before modes existed, and
 * scene-modes.test.tsx draws them again with today's dashboard.
 *
 * The App and theme are parameters so that the same walk could draw the frames of a build from before
 * (dist/, when text-only-frames.json was made) and of the source now.
 */
export async function textOnlyViews(
	App: ComponentType<AppProps>,
	createTheme: (display: Display) => Theme,
	display: Display,
): Promise<Record<string, string>> {
	const b = new StateBuilder(14, ['acc1', 'acc2']);
	b.scene(1, 'done', 'acc1')
		.scene(2, 'polling', 'acc2')
		.scene(3, 'downloading', 'acc1')
		.scene(4, 'failed', 'acc2', {error: 'acc2: blocked by policy — “unsafe” generation…'})
		.scene(5, 'submitting', 'acc1')
		.scene(6, 'skipped', 'acc2')
		.scene(7, 'in-doubt', 'acc1', {error: 'the submit may have reached Flow'})
		.scene(8, 'queued', 'acc2', {error: 'acc2: HTTP 503'});
	const store = new FakeStore(b.state);
	const app = render(
		<App
			store={store}
			commands={fakeCommands(store)}
			theme={createTheme(display)}
			outDir="./out"
			sceneFile="/home/me/scenes.txt"
			size={{columns: 80, rows: 24}}
			frameMs={0}
			clock={() => t0 + 42_000}
		/>,
	);
	const frame = () => app.lastFrame() ?? '';
	const views: Record<string, string> = {};
	const show = async (name: string, key: string | undefined, marker: string) => {
		if (key !== undefined) app.stdin.write(key);
		await until(() => frame().includes(marker)).catch((cause) => {
			throw new Error(`${name}: no ${marker} in:\n${frame()}`, {cause});
		});
		// A frame with the marker may still be followed by one settling the rest.
		await new Promise((resolve) => setTimeout(resolve, 30));
		views[name] = frame();
	};
	await show('columns', undefined, '1,000 cr');
	// Ink starts listening for keys after its first frame.
	await new Promise((resolve) => setTimeout(resolve, 20));
	await show('columns, second scene', 'j', '1,000 cr');
	await show('details', keys.enter, 'attempt 1');
	await show('columns again', keys.escape, '1,000 cr');
	await show('help', '?', 'this help');
	await show('columns after help', keys.escape, '1,000 cr');
	await show('table', 't', 'tries');
	app.unmount();
	return views;
}

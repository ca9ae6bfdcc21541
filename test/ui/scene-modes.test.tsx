import {readFileSync} from 'node:fs';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {reduceRun} from '../../source/core/run-state.js';
import type {SceneInputs} from '../../source/core/scenes/inputs.js';
import {App} from '../../source/ui/App.js';
import {SceneLine} from '../../source/ui/components/SceneLine.js';
import {ThemeContext} from '../../source/ui/hooks/use-theme.js';
import {displayWidth} from '../../source/ui/text.js';
import {createTheme, type Display} from '../../source/ui/theme.js';
import {keys, StateBuilder, until} from './fixtures.js';
import {renderApp} from './render-app.js';
import {textOnlyViews} from './text-only-views.js';

// Chalk decides once, when Ink loads, whether to colour: forced on, so only the theme turns it off.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '3';
});

afterEach(() => {
	cleanup();
});

const sgr = /\x1b\[[0-9;]*m/;
const nonAscii = /[^\x00-\x7F]/;
const lines = (frame: string) => frame.split('\n');

/** Scenes 1-7 on acc1, one per mode (issue 18), upscaled or not; scene 8 is plain text. */
const modes: Array<{inputs: SceneInputs | undefined; unicode: string; ascii: string}> = [
	{inputs: {image: 'shots/dawn.png'}, unicode: '◧', ascii: 'F'},
	{inputs: {image: 'shots/dawn.png', endImage: 'shots/dusk.png'}, unicode: '◫', ascii: 'B'},
	{inputs: {refs: ['ref/keeper.png', 'ref/cliff.png']}, unicode: '⊞', ascii: 'R'},
	{inputs: {extend: 1}, unicode: '↦', ascii: 'E'},
	{inputs: {upscale: '1080p'}, unicode: '⇑', ascii: 'u'},
	{inputs: {image: 'shots/dawn.png', upscale: '4k'}, unicode: '◧⇑', ascii: 'Fu'},
	{inputs: {refs: ['ref/keeper.png'], upscale: '1080p'}, unicode: '⊞⇑', ascii: 'Ru'},
	{inputs: undefined, unicode: '', ascii: ''},
];

function modedRun(accounts = ['acc1']) {
	const b = new StateBuilder(modes.length, accounts);
	for (const [i] of modes.entries()) b.scene(i + 1, 'done', accounts[i % accounts.length] as string);
	return {
		...b.state,
		scenes: b.state.scenes.map((scene, i) => {
			const inputs = modes[i]?.inputs;
			return inputs === undefined ? scene : {...scene, inputs};
		}),
	};
}

/** A scene's line in the account columns (not the status bar's `✓ 8 done`). */
function sceneLine(frame: string, index: number): string {
	const line = lines(frame).find((text) => new RegExp(`^[│┃|#].*[✓+] ${index} `).test(text));
	if (line === undefined) throw new Error(`no line for scene ${index} in:\n${frame}`);
	return line;
}

const frameFits = (frame: string, columns: number) => {
	for (const line of lines(frame)) {
		expect(displayWidth(line)).toBeLessThanOrEqual(columns);
		// A column row reaches the right edge exactly: a tag one cell too wide would push it out.
		if (/^[│┃|#]/.test(line)) expect(displayWidth(line)).toBe(columns);
	}
};

describe('scene lines show how each scene is made (issue 18)', () => {
	it('a glyph per mode before the prompt, taken from the prompt, at 80×24', async () => {
		const app = renderApp(modedRun(), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		const frame = app.frame();
		for (const [i, mode] of modes.entries()) {
			const tag = mode.unicode === '' ? '' : `${mode.unicode} `;
			expect(sceneLine(frame, i + 1)).toMatch(new RegExp(`[✓] ${i + 1} ${tag}\\p{L}`, 'u'));
		}
		frameFits(frame, 80);
	});

	it('--ascii: the ASCII letters, and nothing that is not ASCII', async () => {
		const app = renderApp(modedRun(), {size: {columns: 80, rows: 24}, display: {color: false, ascii: true}});
		await app.ready('acc1');
		const frame = app.frame();
		for (const [i, mode] of modes.entries()) {
			const tag = mode.ascii === '' ? '' : `${mode.ascii} `;
			expect(sceneLine(frame, i + 1)).toMatch(new RegExp(`\\+ ${i + 1} ${tag}[A-Z]`));
		}
		expect(frame).not.toMatch(nonAscii);
		frameFits(frame, 80);
	});

	it('without colour the tags are still there and no escape is written; with colour they are tinted', async () => {
		const plain = renderApp(modedRun(), {
			size: {columns: 80, rows: 24},
			display: {color: false, ascii: false},
		});
		await plain.ready('acc1');
		expect(plain.frames.join('')).not.toMatch(sgr);
		expect(sceneLine(plain.frame(), 2)).toContain(' 2 ◫ ');
		cleanup();
		const colour = renderApp(modedRun(), {
			size: {columns: 80, rows: 24},
			display: {color: true, ascii: false},
		});
		await colour.ready('acc1');
		expect(colour.frame()).toContain('\x1b[36m◫\x1b[39m');
	});

	it('narrow columns (four accounts at 80 columns) keep their width; too narrow, the tag gives way', async () => {
		const app = renderApp(modedRun(['acc1', 'acc2', 'acc3', 'acc4']), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		frameFits(app.frame(), 80);
		expect(app.frame()).toMatch(/✓ 6 ◧⇑ A/);

		const theme = createTheme({color: false, ascii: false});
		const scene = modedRun().scenes[5];
		if (!scene) throw new Error('no scene 6');
		const line = (width: number) => {
			const {lastFrame, unmount} = render(
				<ThemeContext.Provider value={theme}>
					<SceneLine scene={scene} width={width} selected={false} indexWidth={1} lines={1} now={0} tick={0} />
				</ThemeContext.Provider>,
			);
			const text = lastFrame() ?? '';
			unmount();
			return text;
		};
		// `␣✓ 6 ◧⇑ ` is eight cells: at nine one is left for the prompt; at eight the tag goes.
		expect(line(9)).toBe(' ✓ 6 ◧⇑ …');
		expect(line(8)).toBe(' ✓ 6 An…');
	});
});

/** Opens the details of scene `index` (acc1's column holds them all, in order). */
async function details(index: number, display?: Display) {
	const app = renderApp(modedRun(), {size: {columns: 80, rows: 24}, display});
	await app.ready('acc1');
	for (let i = 1; i < index; i++) app.stdin.write('j');
	app.stdin.write(keys.enter);
	await until(() => app.frame().includes(`scene ${index} `));
	return app;
}

/** The pane's rows, border and padding off, trailing blanks trimmed. */
const paneRows = (frame: string) => lines(frame).map((line) => line.slice(2, -2).trimEnd());

describe('the details pane lists the mode and the inputs', () => {
	it('frames: start and end frame, and the upscale with its files once downloaded', async () => {
		const app = await details(2);
		expect(paneRows(app.frame())).toEqual(
			expect.arrayContaining([
				'mode    frames: start and end frame',
				'start   shots/dawn.png',
				'end     shots/dusk.png',
			]),
		);
		frameFits(app.frame(), 80);
		cleanup();

		// The upscale appears as a new media (generating), then is downloaded under its own name.
		const upscale = {scene: 6, attempt: 1, name: 'media-6-1_upsampled'} as const;
		const upscaled = reduceRun(
			reduceRun(modedRun(), {
				type: 'media.state',
				ts: 1,
				...upscale,
				state: 'generating',
				upscale: '4k',
				source: 'media-6-1',
			}),
			{type: 'media.state', ts: 2, ...upscale, state: 'downloaded', file: '006-scene-1-4k.mp4'},
		);
		const shown = renderApp(upscaled, {size: {columns: 80, rows: 24}});
		await shown.ready('acc1');
		for (let i = 1; i < 6; i++) shown.stdin.write('j');
		shown.stdin.write(keys.enter);
		await until(() => shown.frame().includes('scene 6 '));
		expect(paneRows(shown.frame())).toEqual(
			expect.arrayContaining([
				'mode    frames: from a start frame',
				'start   shots/dawn.png',
				'upscale to 4k: 006-scene-1-4k.mp4',
			]),
		);
	});

	it('references a row each; extend names its scene; an upscale alone says so', async () => {
		const refs = await details(3);
		expect(paneRows(refs.frame())).toEqual(
			expect.arrayContaining([
				'mode    references: 2 images',
				'refs    ref/keeper.png',
				'        ref/cliff.png',
			]),
		);
		cleanup();
		const extend = await details(4);
		expect(paneRows(extend.frame())).toContain('mode    extend: extends scene 1');
		cleanup();
		const upscale = await details(5);
		expect(paneRows(upscale.frame())).toEqual(expect.arrayContaining(['mode    text', 'upscale to 1080p']));
	});

	it('a long path keeps its file name; --ascii spells a path in ASCII', async () => {
		const b = new StateBuilder(1, ['acc1']);
		b.scene(1, 'done', 'acc1');
		const long = `${'very/deep/folder/'.repeat(8)}ảnh-đầu.png`;
		b.state = {...b.state, scenes: b.state.scenes.map((scene) => ({...scene, inputs: {image: long}}))};
		for (const [display, name] of [
			[{color: false, ascii: false}, '…/ảnh-đầu.png'],
			[{color: false, ascii: true}, '~/anh-dau.png'],
		] as const) {
			const app = renderApp(b.state, {size: {columns: 80, rows: 24}, display});
			await app.ready('acc1');
			app.stdin.write(keys.enter);
			await until(() => app.frame().includes('scene 1 '));
			const start = paneRows(app.frame()).find((row) => row.startsWith('start'));
			expect(start).toMatch(new RegExp(`^start   .*${name.slice(1).replace('.', '\\.')}$`));
			expect(start?.slice(8, 9)).toBe(name[0]);
			if (display.ascii) expect(app.frame()).not.toMatch(nonAscii);
			frameFits(app.frame(), 80);
			cleanup();
		}
	});

	it('help explains the tags beside its title, and every key row still fits 80×24', async () => {
		const app = renderApp(modedRun(), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		app.stdin.write('?');
		await until(() => app.frame().includes('this help'));
		expect(app.frame()).toMatch(
			/keys {2}◧ start frame {2}◫ start\+end {2}⊞ references {2}↦ extends {2}⇑ upscaled/,
		);
		expect(app.frame()).toMatch(/Ctrl-C +stop submitting/);
		expect(app.frame()).not.toContain('more: a taller terminal');
		frameFits(app.frame(), 80);
	});
});

describe('a text-only run', () => {
	// Drawn by the dashboard before scene modes existed (the build of that source, with the walk in
	// text-only-views.tsx); a mode must add to moded scenes only. A deliberate change to how the
	// dashboard looks writes the file again: textOnlyViews over the new source, JSON with tabs.
	const before = JSON.parse(
		readFileSync(new URL('./text-only-frames.json', import.meta.url), 'utf8'),
	) as Record<string, Record<string, string>>;

	it.each([
		['unicode', {color: false, ascii: false}],
		['ascii', {color: false, ascii: true}],
		['colour', {color: true, ascii: false}],
	] as const)('renders byte for byte as before modes (%s)', async (name, display) => {
		const views = await textOnlyViews(App, createTheme, display);
		expect(Object.keys(views)).toEqual(Object.keys(before[name] ?? {}));
		for (const [view, frame] of Object.entries(views)) expect(frame, view).toBe(before[name]?.[view]);
	});
});

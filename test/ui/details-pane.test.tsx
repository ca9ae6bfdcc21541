import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {RunState} from '../../source/core/run-state.js';
import type {Size} from '../../source/ui/hooks/use-terminal-size.js';
import {displayWidth} from '../../source/ui/text.js';
import type {Display} from '../../source/ui/theme.js';
import {keys, StateBuilder, until} from './fixtures.js';
import {renderApp} from './render-app.js';

// Chalk decides once, when Ink loads, whether to colour; without this a test's stdout (no TTY)
// would never be coloured and the no-colour check below could not fail.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '3';
});

afterEach(() => {
	cleanup();
});

const error = 'acc1: blocked by policy: unsafe generation';

/** Numbered beats, so every wrapped line differs and a scrolled window can be told apart. */
function longPrompt(length = 4400): string {
	let text = '';
	for (let beat = 1; text.length < length; beat++)
		text += `Beat ${beat}: the camera drifts over a misty harbour at dawn, gulls wheel overhead. `;
	return text.slice(0, length);
}

/** Scene 1 failed on acc1 (media-1-1, with an error), its prompt replaced by `prompt`. */
function failedScene(prompt?: string): RunState {
	const b = new StateBuilder(2, ['acc1']);
	b.scene(1, 'failed', 'acc1', {error});
	if (prompt === undefined) return b.state;
	return {
		...b.state,
		scenes: b.state.scenes.map((scene) => (scene.index === 1 ? {...scene, prompt} : scene)),
	};
}

/** Opens the details of the first scene (the focus starts there). */
async function openDetails(state: RunState, size: Size, display?: Display) {
	const app = renderApp(state, {size, display});
	await app.ready('acc1');
	app.stdin.write(keys.enter);
	await until(() => app.frame().includes('attempt 1'));
	return app;
}

const lines = (frame: string) => frame.split('\n');
const sgr = /\x1b\[[0-9;]*m/;
const nonAscii = /[^\x00-\x7F]/;
const indicator = /lines (\d+)-(\d+) of (\d+)/;

/** The prompt lines in view: between the `prompt` label and the media, inside the border. */
function visiblePrompt(frame: string): string[] {
	const all = lines(frame);
	const start = all.findIndex((line) => line.includes('prompt  '));
	const end = all.findIndex((line) => line.includes('media   '));
	return all.slice(start + 1, end).map((line) => line.slice(1, -1).trim());
}

function windowOf(frame: string): {first: number; last: number; total: number} {
	const match = indicator.exec(frame);
	if (!match) throw new Error(`no indicator in:\n${frame}`);
	return {first: Number(match[1]), last: Number(match[2]), total: Number(match[3])};
}

describe('details pane: a long prompt scrolls (issue 15)', () => {
	it('a 4,400-character prompt fits the terminal; the media id, the error and the close hint show', async () => {
		const prompt = longPrompt();
		expect(prompt).toHaveLength(4400);
		for (const size of [
			{columns: 80, rows: 24},
			{columns: 100, rows: 30},
			{columns: 60, rows: 16},
		]) {
			const app = await openDetails(failedScene(prompt), size);
			const frame = app.frame();
			expect(lines(frame).length).toBeLessThanOrEqual(size.rows);
			for (const line of lines(frame)) expect(displayWidth(line)).toBeLessThanOrEqual(size.columns);
			expect(frame).toContain('media-1-1');
			expect(frame).toContain(error);
			expect(frame).toContain('enter/esc close');
			expect(frame).toContain('↑↓ scroll');
			expect(windowOf(frame).first).toBe(1);
			expect(visiblePrompt(frame)[0]).toMatch(/^Beat 1: /);
			// The footer says what ↑↓ do while the pane is open.
			expect(lines(frame).at(-1)).toContain('↑↓ scroll');
			cleanup();
		}
	});

	it('↓ ↑ j k move the window a line, PgDn PgUp a page, End Home G g to the ends; the indicator follows', async () => {
		const app = await openDetails(failedScene(longPrompt()), {columns: 80, rows: 24});
		const top = app.frame();
		const {last: height, total} = windowOf(top);
		expect(height).toBe(10);
		expect(total).toBeGreaterThan(50);
		const shows = async (first: number, key: string) => {
			app.stdin.write(key);
			const last = Math.min(total, first + height - 1);
			await until(() => app.frame().includes(`lines ${first}-${last} of ${total}`)).catch((cause) => {
				throw new Error(`${JSON.stringify(key)} did not show line ${first}:\n${app.frame()}`, {cause});
			});
		};
		await shows(2, keys.down);
		// The window moved by one line: the second line is now the first.
		expect(visiblePrompt(app.frame())[0]).toBe(visiblePrompt(top)[1]);
		expect(visiblePrompt(app.frame())).toHaveLength(height);
		await shows(3, 'j');
		await shows(2, 'k');
		await shows(1, keys.up);
		// A page keeps one line of the last one in view.
		await shows(height, keys.pageDown);
		expect(visiblePrompt(app.frame())[0]).toBe(visiblePrompt(top).at(-1));
		await shows(1, keys.pageUp);
		await shows(total - height + 1, keys.end);
		expect(visiblePrompt(app.frame()).at(-1)).toBe(longPrompt().split(' ').slice(-3).join(' '));
		await shows(1, keys.home);
		await shows(total - height + 1, 'G');
		await shows(1, 'g');
		// Media, error and hint never moved.
		for (const text of ['media-1-1', error, 'enter/esc close']) expect(app.frame()).toContain(text);
		// Another look at the scene starts at the top again.
		await shows(total - height + 1, 'G');
		app.stdin.write(keys.escape);
		await until(() => !app.frame().includes('attempt 1'));
		app.stdin.write(keys.enter);
		await until(() => app.frame().includes('attempt 1'));
		expect(windowOf(app.frame()).first).toBe(1);
	});

	it('scrolling stops at the ends: keys past an end do nothing, and the first key back moves at once', async () => {
		const app = await openDetails(failedScene(longPrompt()), {columns: 80, rows: 24});
		const {last: height, total} = windowOf(app.frame());
		// Keys that arrive in one chunk are handled one by one, each after the one before.
		app.stdin.write('kkkj');
		await until(() => app.frame().includes(`lines 2-${height + 1} of ${total}`));
		app.stdin.write('G');
		await until(() => app.frame().includes(`of ${total}`) && windowOf(app.frame()).last === total);
		app.stdin.write('jjjk');
		await until(() => windowOf(app.frame()).last === total - 1);
		expect(windowOf(app.frame())).toEqual({first: total - height, last: total - 1, total});
	});

	it('a short prompt shows no indicator and no scroll keys', async () => {
		const app = await openDetails(failedScene(), {columns: 80, rows: 24});
		const frame = app.frame();
		// The whole prompt, wrapped, with nothing to scroll.
		expect(visiblePrompt(frame).join(' ')).toBe(
			'A lighthouse on a basalt cliff at dusk, waves exploding below, slow aerial orbit',
		);
		expect(frame).not.toMatch(indicator);
		expect(frame).not.toContain('PgUp');
		expect(frame).toContain('enter/esc close  r retry  s skip');
		expect(frame).toContain('media-1-1');
		expect(frame).toContain(error);
	});

	it('the help lists the scroll keys; at 80×24 none of its rows is cut', async () => {
		const app = renderApp(failedScene(), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		app.stdin.write('?');
		await until(() => app.frame().includes('this help'));
		const frame = app.frame();
		expect(frame).toMatch(/↑ k ↓ j +details: scroll the prompt a line/);
		expect(frame).toMatch(/PgUp PgDn +details: scroll the prompt a page/);
		expect(frame).toMatch(/Home g End G +details: start \/ end of the prompt/);
		// The last rows: the take keys, and Ctrl-C at the bottom.
		expect(frame).toMatch(/1-4 +pick that take of the selected scene/);
		expect(frame).toMatch(/Ctrl-C +stop submitting/);
		expect(frame).not.toContain('a taller terminal shows them');
	});

	it('without colour and in ASCII: no escapes, not one non-ASCII character, the keys spelled out', async () => {
		const colour = await openDetails(
			failedScene(longPrompt()),
			{columns: 80, rows: 24},
			{color: true, ascii: false},
		);
		// With colour on the frame has escapes, so the check below means something.
		expect(colour.frames.join('')).toMatch(sgr);
		cleanup();
		const app = await openDetails(
			failedScene(longPrompt()),
			{columns: 80, rows: 24},
			{color: false, ascii: true},
		);
		app.stdin.write(keys.pageDown);
		await until(() => windowOf(app.frame()).first === 10);
		const frame = app.frame();
		for (const text of ['Enter/Esc close', 'Up/Down scroll', 'PgUp/PgDn page', 'media-1-1', error])
			expect(frame).toContain(text);
		expect(lines(frame).length).toBeLessThanOrEqual(24);
		const written = app.frames.join('');
		expect(written).not.toMatch(sgr);
		expect(written).not.toMatch(nonAscii);
	});
});

import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {displayFromEnv} from '../../source/ui/theme.js';
import {keys, StateBuilder, t0, until} from './fixtures.js';
import {renderApp} from './render-app.js';

// Chalk decides once, when Ink loads it, whether to colour; a test's stdout is no TTY, which would
// make "no colour" true whatever the dashboard does. Force colour on, so only the theme can turn it off.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '3';
});

afterEach(() => {
	cleanup();
});

const sgr = /\x1b\[[0-9;]*m/;
const nonAscii = /[^\x00-\x7F]/;

function busyRun() {
	const b = new StateBuilder(14, ['acc1', 'acc2', 'acc3']);
	b.scene(1, 'done', 'acc1')
		.scene(2, 'polling', 'acc2')
		.scene(3, 'downloading', 'acc3')
		.scene(4, 'failed', 'acc1', {error: 'acc1: blocked by policy — “unsafe” generation…'})
		.scene(5, 'submitting', 'acc2')
		.scene(6, 'skipped', 'acc3')
		.scene(7, 'in-doubt', 'acc1', {error: 'the submit may have reached Flow'})
		.scene(8, 'queued', 'acc2', {error: 'acc2: HTTP 503'});
	b.health('acc2', 'cooling-down', {until: t0 + 60_000});
	return b;
}

/** A frame of every view: columns, help, details, table, quit prompt, and the final summary. */
async function everyView(display: {color: boolean; ascii: boolean}): Promise<string[]> {
	const b = busyRun();
	const app = renderApp(b.state, {display, size: {columns: 100, rows: 30}});
	const frames: string[] = [];
	await app.ready('1,000 cr');
	frames.push(app.frame());
	const show = async (key: string, marker: string) => {
		app.stdin.write(key);
		await until(() => app.frame().includes(marker)).catch((error) => {
			throw new Error(`${JSON.stringify(key)} did not show ${marker}:\n${app.frame()}`, {cause: error});
		});
		frames.push(app.frame());
	};
	await show('?', 'this help');
	// Only the columns show an account's credits.
	const columns = '1,000 cr';
	await show(keys.escape, columns);
	await show('j', columns);
	await show(keys.enter, 'scene 4');
	await show(keys.escape, columns);
	await show('t', 'tries');
	await show('t', columns);
	await show('q', 'Quit now?');
	await show('n', columns);
	b.apply({type: 'run.end', ts: t0 + 90_000, done: 1, failed: 1, skipped: 1, inDoubt: 1, durationMs: 90_000});
	app.store.set(b.state);
	app.finish(1);
	await until(() => app.frame().includes('exit 1'));
	frames.push(app.frame());
	// The raw writes, not just the last frame: every byte Ink sent.
	frames.push(app.frames.join(''));
	return frames;
}

describe('terminal capabilities', () => {
	it('with colour the frames carry colour escapes (so the checks below can fail)', async () => {
		const frames = await everyView(displayFromEnv({LANG: 'en_US.UTF-8'}, {}, 'linux'));
		expect(frames.join('')).toMatch(sgr);
		expect(frames.join('')).toMatch(nonAscii);
	});

	it('NO_COLOR: no ANSI colour or style escape in any view', async () => {
		const display = displayFromEnv({LANG: 'en_US.UTF-8', NO_COLOR: '1'}, {}, 'linux');
		for (const frame of await everyView(display)) expect(frame).not.toMatch(sgr);
	});

	it('--ascii (and a non-UTF-8 locale): not one non-ASCII character, prompts transliterated', async () => {
		for (const display of [
			displayFromEnv({LANG: 'en_US.UTF-8'}, {ascii: true}, 'linux'),
			displayFromEnv({LANG: 'C'}, {}, 'linux'),
		]) {
			const frames = await everyView(display);
			for (const frame of frames) expect(frame).not.toMatch(nonAscii);
			expect(frames[0]).toContain('Pho co Hoi An');
			expect(frames[0]).toContain('+------');
			cleanup();
		}
	});
});

import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keyTable} from '../../source/ui/keys.js';
import {keys, StateBuilder, t0, tick, until} from './fixtures.js';
import {renderApp} from './render-app.js';

afterEach(() => {
	cleanup();
});

/** One scene in each state, over three accounts, plus a cooling account. */
function everyState() {
	const b = new StateBuilder(10, ['acc1', 'acc2', 'acc3']);
	b.scene(1, 'done', 'acc1')
		.scene(2, 'polling', 'acc2')
		.scene(3, 'downloading', 'acc3')
		.scene(4, 'failed', 'acc1', {error: 'acc1: blocked by policy: unsafe generation'})
		.scene(5, 'submitting', 'acc2')
		.scene(6, 'skipped', 'acc3')
		.scene(7, 'in-doubt', 'acc1', {error: 'the submit may have reached Flow'})
		.scene(8, 'queued', 'acc2', {error: 'acc2: HTTP 503'});
	b.health('acc2', 'cooling-down', {until: t0 + 54_000});
	return b;
}

const lines = (frame: string) => frame.split('\n');

describe('dashboard layout', () => {
	it('shows each scene state with its glyph, index, prompt and live detail, in its account column', async () => {
		const app = renderApp(everyState().state, {size: {columns: 100, rows: 30}});
		await app.ready('acc3');
		// Elapsed counts from when the dashboard opened; the clock ticks once a second.
		app.time.now += 42_000;
		await until(() => app.frame().includes('elapsed 42s'), 3000);
		const frame = app.frame();
		// Header: scene file, model, counts, elapsed.
		expect(frame).toContain('scenes.txt');
		expect(frame).toContain('veo_3_1_t2v_fast 16:9 ×1');
		expect(frame).toMatch(/✓ 1 done/);
		expect(frame).toMatch(/✗ 1 failed/);
		expect(frame).toMatch(/– 1 skipped/);
		expect(frame).toMatch(/\? 1 in doubt/);
		expect(frame).toContain('queue: 3 waiting');
		// Accounts: name, health (cooling down counts down), credits, running, transport.
		expect(frame).toContain('acc2 cooling down');
		expect(frame).toMatch(/2 running 1,000 cr labs/);
		// Scenes: glyph + index + prompt, and what a running one is doing.
		expect(frame).toMatch(/✓ {1,2}1 A lighthouse/);
		expect(frame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] {1,2}2 Macro shot/);
		expect(frame).toContain('polling 1m 24s');
		expect(frame).toMatch(/↓ {1,2}3 Phố cổ Hội An/);
		// A narrow column drops the verb: the ↓ glyph already says it.
		expect(frame).toContain('63% 4.1 MB');
		expect(frame).toMatch(/✗ {1,2}4 A red fox/);
		expect(frame).toContain('blocked by policy');
		expect(frame).toMatch(/↑ {1,2}5 Timelapse/);
		expect(frame).toContain('submitting 1m 24s');
		expect(frame).toMatch(/– {1,2}6 An astronaut/);
		expect(frame).toMatch(/\? {1,2}7 Cận cảnh/);
		// Queued scenes wait in the leading queue column, with why they wait.
		const queueLine = lines(frame).find((line) => line.includes(' 8 Hot-air')) ?? '';
		expect(queueLine.indexOf(' 8 Hot-air')).toBeLessThan(30);
		expect(frame).toContain('retry: HTTP 503');
		// Every line fits the terminal; one line short of it, so Ink never clears the screen.
		for (const line of lines(frame)) expect(line.length).toBeLessThanOrEqual(100);
		expect(lines(frame).length).toBe(29);
	});

	it('8 accounts at 80×24 page through the columns with ←/→ and say which page', async () => {
		const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
		const b = new StateBuilder(16, names);
		for (const [i, name] of names.entries()) b.scene(i + 1, 'polling', name);
		const app = renderApp(b.state, {size: {columns: 80, rows: 24}});
		await app.ready('page 1/3');
		expect(app.frame()).toContain('a1 ok');
		expect(app.frame()).not.toContain('a4 ok');
		app.stdin.write(keys.right);
		app.stdin.write(keys.right);
		app.stdin.write(keys.right);
		await until(() => app.frame().includes('page 2/3'));
		expect(app.frame()).toContain('a4 ok');
		expect(app.frame()).not.toContain('a1 ok');
		app.stdin.write('l');
		app.stdin.write('l');
		app.stdin.write('l');
		app.stdin.write('l');
		await until(() => app.frame().includes('page 3/3'));
		expect(app.frame()).toContain('a8 ok');
		// Page 3 holds a7 and a8: two steps back reach a6, on page 2.
		app.stdin.write('h');
		app.stdin.write('h');
		await until(() => app.frame().includes('page 2/3'));
		for (const line of lines(app.frame())) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('folds finished scenes into a count when a column overflows; running ones stay in view', async () => {
		const b = new StateBuilder(40, ['acc1']);
		for (let i = 1; i <= 34; i++) b.scene(i, 'done', 'acc1');
		for (let i = 35; i <= 40; i++) b.scene(i, 'polling', 'acc1');
		const app = renderApp(b.state, {size: {columns: 80, rows: 24}});
		await until(() => app.frame().includes('folded'));
		const frame = app.frame();
		expect(frame).toMatch(/\d+ folded ✓\d+/);
		for (let i = 35; i <= 40; i++) expect(frame).toMatch(new RegExp(`[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ${i} `));
		expect(lines(frame).length).toBe(23);
	});

	it('follows the terminal when it is resized', async () => {
		const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
		const app = renderApp(new StateBuilder(8, names).state, {size: null});
		const stdout = app.stdout as unknown as NodeJS.WriteStream;
		let columns = 200;
		Object.defineProperty(stdout, 'columns', {get: () => columns, configurable: true});
		Object.defineProperty(stdout, 'rows', {get: () => 30, configurable: true});
		stdout.emit('resize');
		await until(() => app.frame().includes('a8 ok'));
		expect(app.frame()).not.toContain('page');
		columns = 80;
		stdout.emit('resize');
		await until(() => app.frame().includes('page 1/3'));
		expect(app.frame()).not.toContain('a8 ok');
	});

	it('shows a summary and the exit hint when the run has ended', async () => {
		const b = everyState();
		b.apply({
			type: 'run.end',
			ts: t0 + 60_000,
			done: 1,
			failed: 1,
			skipped: 1,
			inDoubt: 1,
			durationMs: 60_000,
		});
		const app = renderApp(b.state);
		app.finish(130);
		await until(() => app.frame().includes('exit 130'));
		expect(app.frame()).toContain('`flowdeck resume ./out` continues');
		// Run time of this session: from the dashboard opening (t0 + 42 s) to run.end (t0 + 60 s).
		expect(app.frame()).toMatch(/stopped after 18s: ✓ 1 done/);
		expect(app.frame()).not.toContain('? help');
	});
});

describe('dashboard keys', () => {
	it('r retries the selected failed scene; a scene that cannot be retried says why', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		// The focus starts on the first account, its first scene (1, done); j moves to 4 (failed).
		app.stdin.write('r');
		await until(() => app.frame().includes('only failed, skipped or in-doubt'));
		app.stdin.write('j');
		await tick();
		app.stdin.write('r');
		await until(() => app.frame().includes('scene 4: retrying (attempt 2)'));
		expect(app.commands.calls).toEqual([
			['retry', 1],
			['retry', 4],
		]);
	});

	it('s skips the selected queued scene (in the queue column, ← from the first account)', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		app.stdin.write(keys.left);
		await tick();
		app.stdin.write(keys.down);
		await tick();
		app.stdin.write('s');
		await until(() => app.frame().includes('scene 9: skipped'));
		expect(app.commands.calls).toEqual([['skip', 9]]);
	});

	it('R retries every failed scene; p pauses, and resumes once paused', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		app.stdin.write('R');
		await until(() => app.frame().includes('retrying 1 failed scene'));
		app.stdin.write('p');
		await until(() => app.frame().includes('paused: no new submits'));
		app.store.set({...app.store.state, paused: true});
		await until(() => app.frame().includes('PAUSED'));
		app.stdin.write('p');
		await until(() => app.frame().includes('submitting again'));
		expect(app.commands.calls).toEqual([['retryAllFailed'], ['pause'], ['resume']]);
	});

	it('keys that arrive in one chunk (a slow link, tmux send-keys) each count', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		app.stdin.write('jjr');
		await until(() => app.commands.calls.length > 0);
		expect(app.commands.calls).toEqual([['retry', 7]]);
	});

	it('? shows every key of the key table; esc closes it', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		app.stdin.write('?');
		await until(() => app.frame().includes('this help'));
		const frame = app.frame();
		for (const binding of keyTable) {
			expect(frame).toContain(binding.description);
			for (const key of binding.keys) {
				const labels: Record<string, string> = {left: '←', right: '→', up: '↑', down: '↓', return: 'enter'};
				const label = labels[key] ?? key;
				expect(frame).toContain(label);
			}
		}
		expect(frame).toContain('Ctrl-C');
		app.stdin.write(keys.escape);
		await until(() => !app.frame().includes('this help'));
		expect(app.frame()).toContain('acc1');
	});

	it('q asks first while work is in flight: n stays, y quits', async () => {
		const app = renderApp(everyState().state);
		await app.ready('acc1');
		app.stdin.write('q');
		await until(() => app.frame().includes('Quit now?'));
		expect(app.frame()).toContain('flowdeck resume ./out');
		expect(app.commands.calls).toEqual([]);
		app.stdin.write('n');
		await until(() => !app.frame().includes('Quit now?'));
		app.stdin.write('q');
		await until(() => app.frame().includes('Quit now?'));
		app.stdin.write('y');
		await until(() => app.commands.calls.length > 0);
		expect(app.commands.calls).toEqual([['quit']]);
	});

	it('q quits at once when nothing is left to do; Ctrl-C interrupts', async () => {
		const b = new StateBuilder(2, ['acc1']);
		b.scene(1, 'done', 'acc1').scene(2, 'failed', 'acc1', {error: 'x'});
		const app = renderApp(b.state);
		await app.ready('acc1');
		app.stdin.write(keys.ctrlC);
		await until(() => app.frame().includes('stopping: no new submits'));
		app.stdin.write('q');
		await until(() => app.commands.calls.length > 1);
		expect(app.commands.calls).toEqual([['interrupt'], ['quit']]);
	});

	it('enter shows the scene in full: prompt, account, project, media, file, error, attempt', async () => {
		const b = everyState();
		const app = renderApp(b.state);
		await app.ready('acc1');
		app.stdin.write('j');
		await tick();
		app.stdin.write(keys.enter);
		await until(() => app.frame().includes('attempt 1'));
		const frame = app.frame();
		expect(frame).toContain('scene 4 (id 004)');
		expect(frame).toContain('failed');
		expect(frame).toContain('acc1   project p1');
		expect(frame).toContain('A red fox trotting through fresh snow in a birch forest');
		expect(frame).toContain('media-4-1');
		expect(frame).toContain('acc1: blocked by policy: unsafe generation');
		app.stdin.write(keys.escape);
		await until(() => !app.frame().includes('attempt 1'));
		app.stdin.write(keys.up);
		await tick();
		app.stdin.write(keys.enter);
		await until(() => app.frame().includes('001-scene-1.mp4'));
	});

	it('t lists every scene in a table (account, state, tries, files, error), paged to the height', async () => {
		const b = new StateBuilder(40, ['acc1', 'acc2']);
		b.scene(1, 'done', 'acc1').scene(2, 'failed', 'acc2', {error: 'acc2: blocked by policy', attempt: 3});
		const app = renderApp(b.state, {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		app.stdin.write('t');
		await until(() => app.frame().includes('tries'));
		let frame = app.frame();
		for (const heading of ['#', 'account', 'state', 'tries', 'files', 'error'])
			expect(frame).toContain(heading);
		expect(frame).toMatch(/│ ›1 +│ acc1 +│ done +│ 1 +│ 1\/1 +│/);
		expect(frame).toMatch(/│ {2}2 +│ acc2 +│ failed +│ 3 +│ 0\/1 +│ acc2: blocked by policy/);
		expect(frame).toMatch(/scenes 1-\d+ of 40, page 1\/3/);
		expect(lines(frame).length).toBe(23);
		for (let i = 0; i < 20; i++) app.stdin.write('j');
		await until(() => app.frame().includes('page 2/3'));
		frame = app.frame();
		expect(frame).toMatch(/│ ›21 +│/);
		app.stdin.write('t');
		await until(() => !app.frame().includes('tries'));
	});
});

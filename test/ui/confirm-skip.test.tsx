import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, StateBuilder, tick, until} from './fixtures.js';
import {renderApp} from './render-app.js';

afterEach(() => {
	cleanup();
});

/**
 * acc1: 1 done, 3 submitting; acc2: 2 polling, 5 downloading; the queue: 4 (and 6).
 * Keys: the focus starts on acc1's first scene; `l` moves to acc2's first.
 */
function running() {
	const b = new StateBuilder(6, ['acc1', 'acc2']);
	b.scene(1, 'done', 'acc1')
		.scene(2, 'polling', 'acc2')
		.scene(3, 'submitting', 'acc1')
		.scene(5, 'downloading', 'acc2');
	return b;
}

const question = 'Skip scene 2? Its video is paid for (credits spent).';

async function askAboutScene2(options: Parameters<typeof renderApp>[1] = {}) {
	const app = renderApp(running().state, options);
	await app.ready('acc2');
	app.stdin.write('l');
	await tick();
	app.stdin.write('s');
	await until(() => app.frame().includes('Skip scene 2?'));
	return app;
}

describe('s on a scene whose credits are spent asks first', () => {
	it('s on a polling scene shows the question and skips nothing; n keeps it', async () => {
		const app = await askAboutScene2();
		expect(app.frame()).toContain(question);
		expect(app.frame()).toContain('Skipping abandons it; retrying (r) pays again. [y/N]');
		expect(app.frame()).toContain('y skip it   n keep it');
		await tick(50);
		expect(app.commands.calls).toEqual([]);
		app.stdin.write('n');
		await until(() => !app.frame().includes('Skip scene 2?'));
		expect(app.frame()).toContain('scene 2: kept (still polling)');
		expect(app.commands.calls).toEqual([]);
		expect(app.store.state.scenes[1]?.state).toBe('polling');
	});

	it('y skips it', async () => {
		const app = await askAboutScene2();
		app.stdin.write('y');
		await until(() => app.frame().includes('scene 2: skipped'));
		expect(app.frame()).not.toContain('Skip scene 2?');
		expect(app.commands.calls).toEqual([['skip', 2]]);
	});

	it('esc, or any other key, keeps it and does nothing else', async () => {
		const app = await askAboutScene2();
		app.stdin.write(keys.escape);
		await until(() => !app.frame().includes('Skip scene 2?'));
		app.stdin.write('s');
		await until(() => app.frame().includes('Skip scene 2?'));
		// r would retry, q would ask to quit: here they only answer no.
		app.stdin.write('r');
		await until(() => !app.frame().includes('Skip scene 2?'));
		app.stdin.write('s');
		await until(() => app.frame().includes('Skip scene 2?'));
		app.stdin.write('q');
		await until(() => !app.frame().includes('Skip scene 2?'));
		await tick(50);
		expect(app.frame()).not.toContain('Quit now?');
		expect(app.commands.calls).toEqual([]);
		// The selection did not move: s asks about scene 2 again, and y skips it.
		app.stdin.write('s');
		await until(() => app.frame().includes('Skip scene 2?'));
		app.stdin.write('y');
		await until(() => app.commands.calls.length > 0);
		expect(app.commands.calls).toEqual([['skip', 2]]);
	});

	it('keys that arrive in one chunk answer too: sn keeps, sy skips', async () => {
		const app = renderApp(running().state);
		await app.ready('acc2');
		app.stdin.write('lsn');
		await until(() => app.frame().includes('scene 2: kept'));
		expect(app.commands.calls).toEqual([]);
		app.stdin.write('sy');
		await until(() => app.commands.calls.length > 0);
		expect(app.commands.calls).toEqual([['skip', 2]]);
	});

	it('submitting and downloading scenes ask too; a queued one is skipped at once', async () => {
		const app = renderApp(running().state);
		await app.ready('acc2');
		// acc1: 1 done, then 3 submitting.
		app.stdin.write('j');
		await tick();
		app.stdin.write('s');
		await until(() => app.frame().includes('Skip scene 3?'));
		app.stdin.write('n');
		await until(() => !app.frame().includes('Skip scene 3?'));
		// acc2: 2 polling, then 5 downloading.
		app.stdin.write('l');
		await tick();
		app.stdin.write('j');
		await tick();
		app.stdin.write('s');
		await until(() => app.frame().includes('Skip scene 5?'));
		app.stdin.write(keys.escape);
		await until(() => !app.frame().includes('Skip scene 5?'));
		expect(app.commands.calls).toEqual([]);
		// The queue, left of acc1: scene 4 costs nothing yet.
		app.stdin.write('h');
		await tick();
		app.stdin.write('h');
		await tick();
		app.stdin.write('k');
		await tick();
		app.stdin.write('s');
		await until(() => app.frame().includes('scene 4: skipped'));
		expect(app.frame()).not.toContain('Skip scene');
		expect(app.commands.calls).toEqual([['skip', 4]]);
	});

	it('a scene that finishes while asked drops the question; keys then do what they do', async () => {
		const app = await askAboutScene2();
		const b = running();
		b.scene(2, 'done', 'acc2');
		app.store.set(b.state);
		await until(() => !app.frame().includes('Skip scene 2?'));
		app.stdin.write('y');
		app.stdin.write('r');
		await until(() => app.commands.calls.length > 0);
		expect(app.commands.calls).toEqual([['retry', 2]]);
		// A new attempt of the scene is a new question, not the old one back.
		const again = running();
		again.scene(2, 'polling', 'acc2', {attempt: 2});
		app.store.set(again.state);
		await tick(50);
		expect(app.frame()).not.toContain('Skip scene 2?');
	});

	it('fits 80×24 in plain ASCII without colour (--ascii, NO_COLOR)', async () => {
		const app = await askAboutScene2({size: {columns: 80, rows: 24}, display: {color: false, ascii: true}});
		const frame = app.frame();
		expect(frame).toContain(question);
		expect(frame).toContain('[y/N]');
		expect(frame).toMatch(/^[\x20-\x7e\n]*$/);
		const lines = frame.split('\n');
		expect(lines.length).toBe(23);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
		// The grid stays above the question, the key hints below it.
		expect(frame).toContain('acc2 ok');
		expect(lines.at(-1)).toContain('q quit');
	});

	it('the help and the footer still say what s does', async () => {
		const app = renderApp(running().state, {size: {columns: 120, rows: 30}});
		await app.ready('acc2');
		expect(app.frame()).toContain('s skip');
		app.stdin.write('?');
		await until(() => app.frame().includes('this help'));
		expect(app.frame()).toContain('skip the selected scene (asks first if its credits are spent)');
	});
});

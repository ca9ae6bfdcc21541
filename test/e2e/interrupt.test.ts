import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startCli} from '../helpers/cli.js';
import {type HeldRun, isFirstScenePolling, startHeldRun, waitFor} from '../helpers/held-run.js';

// Ctrl-C in two stages (readme: Ctrl-C), on the built CLI against a simulator whose clock stands
// still (helpers/held-run.ts): scene 1 stays generating until the test releases it, so the first
// stage is seen whole, whatever the machine's speed. With a settings file the run loads conf, whose
// dependency when-exit used to send every SIGINT again (source/config/conf.ts).

let run: HeldRun | undefined;
afterEach(async () => {
	await run?.close();
	run = undefined;
});

/** Starts the run and sends one SIGINT once Flow has accepted scene 1; resolves once it is stopping. */
async function interruptWhileGenerating(mode: '--json' | '--no-tui', settings: boolean) {
	run = await startHeldRun({settings});
	const held = run;
	let interrupted = false;
	const cli = startCli(held.args(mode), {
		env: held.env,
		onLine(line, child) {
			if (interrupted || !isFirstScenePolling(line)) return;
			interrupted = true;
			child.kill('SIGINT');
		},
	});
	let exited = false;
	void cli.result.then(() => {
		exited = true;
	});
	// The journal records run.stopping in both modes (the NDJSON stream leaves it out).
	await waitFor(async () => exited || (await held.journal()).some((event) => event.type === 'run.stopping'));
	expect(interrupted).toBe(true);
	return {held, cli};
}

const stops = async (held: HeldRun) =>
	(await held.journal()).filter((event) => event.type === 'run.stopping').map((event) => event.now);

describe.each([
	{mode: '--no-tui', settings: true},
	{mode: '--json', settings: true},
	{mode: '--no-tui', settings: false},
	{mode: '--json', settings: false},
] as const)('flowdeck run $mode, settings file: $settings', ({mode, settings}) => {
	it('one SIGINT: no new submits, keeps running until the generating video is fetched, exit 130', async () => {
		const {held, cli} = await interruptWhileGenerating(mode, settings);
		// Still running: scene 1 is generating (the clock stands still) and the run waits for it.
		expect(cli.child.exitCode).toBeNull();
		held.release();
		const result = await cli.result;
		expect(result.stderr).toBe('');
		expect({code: result.code, signal: result.signal}).toEqual({code: 130, signal: null});
		expect(await stops(held)).toEqual([false]);
		if (mode === '--no-tui') {
			expect(result.stdout).toContain('stopping: no new submits');
			expect(result.stdout).not.toContain('stopping now');
		}
		const manifest = await held.manifest();
		expect(manifest.scenes.map((scene) => scene.state)).toEqual(['done', 'queued', 'queued']);
		for (const file of manifest.scenes[0]!.files) expect(existsSync(join(held.out, file)), file).toBe(true);
		expect(manifest.scenes[0]!.files).toHaveLength(1);
		expect(held.sim.stats.submits).toHaveLength(1);
	});
});

describe.each(['--no-tui', '--json'] as const)('flowdeck run %s, settings file: true', (mode) => {
	it('a second SIGINT stops at once: the generating video is left for resume, exit 130', async () => {
		const {held, cli} = await interruptWhileGenerating(mode, true);
		cli.child.kill('SIGINT');
		// Never released: only the second stage can end this run.
		const result = await cli.result;
		expect(result.stderr).toBe('');
		expect({code: result.code, signal: result.signal}).toEqual({code: 130, signal: null});
		expect(await stops(held)).toEqual([false, true]);
		if (mode === '--no-tui') {
			const first = result.stdout.indexOf('stopping: no new submits');
			expect(first).toBeGreaterThanOrEqual(0);
			expect(result.stdout.indexOf('stopping now')).toBeGreaterThan(first);
		}
		const manifest = await held.manifest();
		expect(manifest.scenes.map((scene) => scene.state)).toEqual(['polling', 'queued', 'queued']);
		expect(held.sim.stats.submits).toHaveLength(1);
	});
});

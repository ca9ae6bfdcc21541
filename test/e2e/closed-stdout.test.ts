import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {type CliResult, startCli} from '../helpers/cli.js';
import {type HeldRun, isFirstScenePolling, startHeldRun} from '../helpers/held-run.js';

// `flowdeck … | head`: the reader of stdout goes away mid-run. The built CLI's stdout is a pipe
// whose reading end the test destroys; the CLI's next write fails with EPIPE. Quiet, no stack
// trace; a run stops as after a first Ctrl-C, the demo at once; exit 130, the state saved.

let dir: string | undefined;
let run: HeldRun | undefined;
afterEach(async () => {
	await run?.close();
	run = undefined;
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

function expectQuiet(result: CliResult) {
	expect(result.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
	expect({code: result.code, signal: result.signal}).toEqual({code: 130, signal: null});
}

const journalOf = async (out: string) =>
	(await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8'))
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);

describe.each(['--json', '--no-tui'] as const)('stdout closed mid-run (%s)', (mode) => {
	it('demo: stops at once, quietly, exit 130, its state saved', async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-closed-'));
		const out = join(dir, 'demo');
		let lines = 0;
		const result = await startCli(['demo', mode, '--out', out], {
			cwd: dir,
			onLine(_line, child) {
				if (++lines === 3) child.stdout!.destroy();
			},
		}).result;
		expectQuiet(result);
		const journal = await journalOf(out);
		expect(journal.filter((event) => event.type === 'run.stopping')).toMatchObject([{now: true}]);
		expect(journal.at(-1)).toMatchObject({type: 'run.end'});
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
		expect(manifest.scenes).toHaveLength(18);
		expect(manifest.scenes.some((scene: {state: string}) => scene.state !== 'done')).toBe(true);
	});

	it('run: no new submits, the generating video is fetched, quietly, exit 130', async () => {
		run = await startHeldRun({settings: false});
		const held = run;
		let closed = false;
		const result = await startCli(held.args(mode), {
			env: held.env,
			onLine(line, child) {
				if (closed || !isFirstScenePolling(line)) return;
				closed = true;
				child.stdout!.destroy();
				// Scene 1 finishes now: the next line the CLI writes (its download) meets the closed pipe.
				held.release();
			},
		}).result;
		expect(closed).toBe(true);
		expectQuiet(result);
		expect(
			(await journalOf(held.out)).filter((event) => event.type === 'run.stopping').map((event) => event.now),
		).toEqual([false]);
		const manifest = await held.manifest();
		expect(manifest.scenes.map((scene) => scene.state)).toEqual(['done', 'queued', 'queued']);
		expect(manifest.scenes[0]!.files).toHaveLength(1);
		for (const file of manifest.scenes[0]!.files) expect(existsSync(join(held.out, file)), file).toBe(true);
		expect(held.sim.stats.submits).toHaveLength(1);
	});
});

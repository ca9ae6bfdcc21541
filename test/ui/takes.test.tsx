import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent, SceneSpec} from '../../source/core/events.js';
import {readJournal} from '../../source/core/journal/index.js';
import {type RunFile, readRunFile} from '../../source/core/run-file.js';
import {initialRunState, type RunState, reduceRun} from '../../source/core/run-state.js';
import {openSession} from '../../source/run/session.js';
import {App} from '../../source/ui/App.js';
import {pipelineCommands} from '../../source/ui/commands.js';
import {displayWidth} from '../../source/ui/text.js';
import {createTheme} from '../../source/ui/theme.js';
import {type SimHarness, startHarness} from '../helpers/sim.js';
import {keys, t0, tick, until} from './fixtures.js';
import {renderApp} from './render-app.js';

// Takes in the dashboard (issue 19): 1–4 keep that take of the selected scene once it is done; the
// details pane lists a scene's takes with the chosen one marked; the help and the key bar say so.

let harness: SimHarness | undefined;
afterEach(async () => {
	cleanup();
	await harness?.close();
	harness = undefined;
});

const specs = (prompts: string[], copies = 2): SceneSpec[] =>
	prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies,
	}));

/** Scene 1 done on acc1 with two takes (take 1 chosen by the rule), scene 2 polling on acc1. */
function twoTakes(): RunState {
	const media = (scene: number) => [1, 2].map((copy) => ({name: `m${scene}-${copy}`, copy}));
	const polling = (scene: number): RunEvent => ({
		type: 'scene.state',
		ts: t0,
		scene,
		id: String(scene).padStart(3, '0'),
		state: 'polling',
		attempt: 1,
		account: 'acc1',
		projectId: 'p1',
		media: media(scene),
	});
	const saved = (copy: number, bytes: number): RunEvent => ({
		type: 'media.state',
		ts: t0,
		scene: 1,
		attempt: 1,
		name: `m1-${copy}`,
		state: 'downloaded',
		file: `001-a-fox-in-the-snow-${copy}.mp4`,
		bytes,
	});
	const events: RunEvent[] = [
		{type: 'run.start', ts: t0, runId: 'r1', resumed: false, scenes: 2, accounts: ['acc1']},
		{type: 'account.state', ts: t0, account: 'acc1', health: 'ok', credits: 1000, transport: 'labs'},
		polling(1),
		saved(1, 6_800_000),
		saved(2, 7_300_000),
		{type: 'scene.state', ts: t0, scene: 1, id: '001', state: 'done', attempt: 1},
		{type: 'take.chosen', ts: t0, scene: 1, copy: 1, by: 'first'},
		polling(2),
	];
	const scenes = specs(['A fox in the snow', 'A heron over the marsh']);
	return events.reduce(reduceRun, initialRunState(scenes, ['acc1'], t0));
}

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('takes in the dashboard (hand-driven run)', () => {
	it('the details pane lists the takes, the chosen one marked; 2 asks the run to keep take 2', async () => {
		const app = renderApp(twoTakes(), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		// The selected scene is done with takes: the key bar names the keys at 80 columns.
		expect(footer(app.frame())).toContain('1-4 pick take');
		app.stdin.write(keys.enter);
		await until(() => app.frame().includes('attempt 1'));
		const frame = app.frame();
		expect(frame).toMatch(/media {3}take 1 ✓ chosen {2}001-a-fox-in-the-snow-1\.mp4 \(6\.5 MB\)/);
		expect(frame).toMatch(/ {8}take 2 {11}001-a-fox-in-the-snow-2\.mp4 \(7\.0 MB\)/);
		expect(frame).toContain('enter/esc close  1-4 pick take');
		for (const line of frame.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);

		app.stdin.write('2');
		await until(() => app.frame().includes('scene 1: keeping take 2'));
		expect(app.commands.calls).toEqual([['pick', 1, 2]]);
		// What the pipeline would do: the choice comes back in the run state and the mark moves.
		app.store.set(reduceRun(app.store.state, {type: 'take.chosen', ts: t0, scene: 1, copy: 2, by: 'user'}));
		await until(() => /take 2 ✓ chosen {2}001-a-fox-in-the-snow-2/.test(app.frame()));
		expect(app.frame()).not.toContain('take 1 ✓ chosen');
	});

	it('says why when there is no such take, or the scene is not done; elsewhere the bar keeps its keys', async () => {
		const app = renderApp(twoTakes(), {size: {columns: 80, rows: 24}});
		await app.ready('acc1');
		app.stdin.write('3');
		await until(() => app.frame().includes('scene 1 has no take 3 saved'));
		app.stdin.write('j');
		await tick(20);
		app.stdin.write('1');
		await until(() => app.frame().includes('scene 2 is polling: a take is picked once the scene is done'));
		expect(app.commands.calls).toEqual([
			['pick', 1, 3],
			['pick', 2, 1],
		]);
		// Nothing to pick on scene 2: once the notice is gone, the bar is as it always was.
		app.time.now += 6000;
		app.store.set({...app.store.state});
		await until(() => footer(app.frame()).includes('q quit'));
		expect(footer(app.frame())).not.toContain('pick take');
		expect(footer(app.frame())).toContain('r retry');
	});

	it('ASCII: the chosen take is marked with *, and nothing on screen is outside ASCII', async () => {
		const app = renderApp(twoTakes(), {size: {columns: 80, rows: 24}, display: {color: false, ascii: true}});
		await app.ready('acc1');
		app.stdin.write(keys.enter);
		await until(() => app.frame().includes('attempt 1'));
		expect(app.frame()).toMatch(/take 1 \* chosen {2}001-a-fox-in-the-snow-1\.mp4/);
		expect(app.frame()).not.toMatch(/[^\x00-\x7F]/);
	});
});

describe('takes in the dashboard on a real run (simulator, session)', () => {
	it('2 on a done scene keeps take 2: journaled by the user, and manifest.json names it', {
		timeout: 20_000,
	}, async () => {
		// Both takes the same size: the `largest` rule keeps the lower copy.
		harness = await startHarness({
			accounts: [{name: 'acc1', cookie: 'c1'}],
			generationMs: 20,
			videoBytes: 64 * 1024,
		});
		const scenes = specs(['a fox in the snow', 'refused [policy]']);
		const run: RunFile = {
			version: 1,
			runId: 'run-takes',
			createdAt: new Date(t0).toISOString(),
			sceneFile: join(harness.dir, 'scenes.txt'),
			sceneHash: 'x',
			settings: {
				model: 'veo_3_1_t2v_fast',
				aspect: '16:9',
				copies: 2,
				maxInFlight: 4,
				pollIntervalMs: 20,
				mode: 'parallel',
				// The run's rule reaches the pipeline through the session.
				pick: 'largest',
			},
			accounts: ['acc1'],
			scenes,
		};
		const session = await openSession({
			outDir: harness.dir,
			clients: harness.clients,
			maxInFlight: () => 4,
			mode: 'parallel',
			pollIntervalMs: 20,
			submitGapMs: 0,
			start: {kind: 'new', run},
		});
		const {pipeline} = session;
		// As the dashboard does: the failed scene keeps the run open, so a person can still pick.
		pipeline.holdOpenWhileRetryable();
		const app = render(
			<App
				store={pipeline}
				commands={pipelineCommands(pipeline)}
				theme={createTheme({color: false, ascii: false})}
				outDir={harness.dir}
				size={{columns: 100, rows: 30}}
				frameMs={0}
			/>,
		);
		const frame = () => app.lastFrame() ?? '';
		const manifestChosen = async (): Promise<unknown> => {
			const text = await readFile(join(harness!.dir, 'manifest.json'), 'utf8').catch(() => '{}');
			return JSON.parse(text).scenes?.[0]?.chosen;
		};
		const untilManifest = async (pattern: RegExp) => {
			const deadline = Date.now() + 6000;
			while (!pattern.test(String(await manifestChosen()))) {
				if (Date.now() > deadline) throw new Error(`manifest.json chosen is ${await manifestChosen()}`);
				await tick(50);
			}
		};
		const ended = session.start();
		await until(() => pipeline.getSnapshot().idle, 5000);
		expect(pipeline.getSnapshot().scenes.map((scene) => [scene.state, scene.chosen])).toEqual([
			['done', 1],
			['failed', undefined],
		]);
		// The manifest is rewritten while the run goes on (every 2 s at most): first with the rule's take.
		await untilManifest(/-1\.mp4$/);
		await until(() => frame().includes('acc1'));
		await tick(20);
		app.stdin.write(keys.enter);
		await until(() => frame().includes('scene 1 (id 001)') && frame().includes('take 1 ✓ chosen'));
		app.stdin.write('2');
		await until(() => frame().includes('take 2 ✓ chosen') && frame().includes('scene 1: keeping take 2'));
		expect(pipeline.getSnapshot().scenes[0]?.chosen).toBe(2);
		// The pick alone makes the manifest change, before the run ends.
		await untilManifest(/-2\.mp4$/);
		app.stdin.write(keys.escape);
		await tick(20);
		// Every scene has settled: q quits at once, and the session writes the manifest as it ends.
		app.stdin.write('q');
		await ended;

		const manifest = JSON.parse(await readFile(join(harness.dir, 'manifest.json'), 'utf8'));
		const [done, failed] = manifest.scenes;
		expect(done.files).toHaveLength(2);
		expect(done.chosen).toBe(done.files[1]);
		expect(done.chosen).toMatch(/^001-a-fox-in-the-snow-2\.mp4$/);
		expect(failed.chosen).toBeNull();
		const {events} = await readJournal(harness.dir);
		expect(events.filter((event) => event.type === 'take.chosen')).toEqual([
			expect.objectContaining({scene: 1, copy: 1, by: 'largest'}),
			expect.objectContaining({scene: 1, copy: 2, by: 'user'}),
		]);
		expect((await readRunFile(harness.dir))?.settings.pick).toBe('largest');
	});
});

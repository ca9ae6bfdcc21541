import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {SceneSpec} from '../../source/core/events.js';
import {Pipeline} from '../../source/core/pipeline/index.js';
import type {RunState} from '../../source/core/run-state.js';
import {App} from '../../source/ui/App.js';
import {pipelineCommands} from '../../source/ui/commands.js';
import {createTheme} from '../../source/ui/theme.js';
import {type SimHarness, startHarness} from '../helpers/sim.js';
import {keys, tick, until} from './fixtures.js';

let harness: SimHarness | undefined;
afterEach(async () => {
	cleanup();
	await harness?.close();
	harness = undefined;
});

const specs = (prompts: string[]): SceneSpec[] =>
	prompts.map((prompt, i) => ({
		index: i + 1,
		id: String(i + 1).padStart(3, '0'),
		prompt,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	}));

/** The real pipeline on one simulated account that takes one video at a time, under the dashboard. */
async function dashboardOnPipeline(prompts: string[], generationMs: number) {
	harness = await startHarness({accounts: [{name: 'acc1', cookie: 'c1'}], generationMs});
	const pipeline = new Pipeline({
		outDir: harness.dir,
		scenes: specs(prompts),
		accounts: harness.clients.map((client) => ({client, maxInFlight: 1})),
		pollIntervalMs: 20,
		minSubmitGapMs: 0,
		backoffBaseMs: 10,
		backoffMaxMs: 50,
	});
	const app = render(
		<App
			store={pipeline}
			commands={pipelineCommands(pipeline)}
			theme={createTheme({color: false, ascii: false})}
			outDir={harness.dir}
			size={{columns: 100, rows: 24}}
		/>,
	);
	const frame = () => app.lastFrame() ?? '';
	const ended = pipeline.start();
	const scene = (index: number) => pipeline.getSnapshot().scenes[index - 1] as RunState['scenes'][number];
	return {pipeline, app, frame, ended, scene, sim: harness.sim};
}

describe('dashboard keys on a real pipeline (simulator)', () => {
	it('r on a failed scene sends a new attempt', async () => {
		// The policy scene fails first; the other three keep the single slot busy meanwhile.
		const run = await dashboardOnPipeline(['refused [policy]', 'one', 'two', 'three'], 300);
		await until(() => run.scene(1).state === 'failed', 5000);
		await until(() => run.frame().includes('blocked by policy'));
		await tick(20);
		// The focus starts on the account column, on its first scene: the failed one.
		run.app.stdin.write('r');
		await until(() => run.frame().includes('scene 1: retrying (attempt 2)'));
		const state = await run.ended;
		expect(state.scenes[0]).toMatchObject({state: 'failed', attempt: 2});
		expect(run.sim.stats.submits.filter((submit) => submit.prompt.includes('[policy]'))).toHaveLength(2);
		expect(state.scenes.slice(1).every((scene) => scene.state === 'done')).toBe(true);
	});

	it('s on a queued scene skips it: it is never submitted', async () => {
		const run = await dashboardOnPipeline(['one', 'two', 'three'], 300);
		await until(() => run.frame().includes('2 waiting') && run.frame().includes('acc1'), 5000);
		await tick(20);
		run.app.stdin.write(keys.left);
		await tick(20);
		run.app.stdin.write(keys.down);
		await tick(20);
		run.app.stdin.write('s');
		await until(() => run.frame().includes('scene 3: skipped'));
		const state = await run.ended;
		expect(state.scenes.map((scene) => scene.state)).toEqual(['done', 'done', 'skipped']);
		expect(run.sim.stats.submits.map((submit) => submit.prompt)).toEqual(['one', 'two']);
	});

	it('s on a polling scene asks first: n keeps it polling, y skips it; nothing is paid twice', async () => {
		// Generating far longer than the keys below take on any machine: the scene is still polling
		// when each key arrives (a 4 s generation once finished first under load).
		const run = await dashboardOnPipeline(['one'], 600_000);
		const skip = vi.spyOn(run.pipeline, 'skip');
		await until(() => run.scene(1).state === 'polling' && run.frame().includes('polling'), 5000);
		await tick(20);
		// The focus starts on the account column, on its first scene: the polling one.
		run.app.stdin.write('s');
		await until(() => run.frame().includes('Skip scene 1? Its video is paid for (credits spent).'));
		await tick(50);
		expect(skip).not.toHaveBeenCalled();
		expect(run.scene(1).state).toBe('polling');
		run.app.stdin.write('n');
		await until(() => run.frame().includes('scene 1: kept (still polling)'));
		expect(skip).not.toHaveBeenCalled();
		expect(run.scene(1).state).toBe('polling');
		run.app.stdin.write('s');
		await until(() => run.frame().includes('Skip scene 1?'));
		run.app.stdin.write('y');
		await until(() => run.frame().includes('scene 1: skipped'));
		expect(skip).toHaveBeenCalledTimes(1);
		expect(skip).toHaveBeenCalledWith(1);
		const state = await run.ended;
		expect(state.scenes.map((scene) => scene.state)).toEqual(['skipped']);
		expect(run.sim.stats.submits.map((submit) => submit.prompt)).toEqual(['one']);
	});

	it('p stops new submits until p again; what runs carries on', async () => {
		// Generating for longer than a frame (250 ms), so the frame shows it while it runs.
		const run = await dashboardOnPipeline(['one', 'two', 'three'], 800);
		await until(() => run.scene(1).state === 'polling' && run.frame().includes('polling'), 5000);
		await tick(20);
		run.app.stdin.write('p');
		await until(() => run.frame().includes('PAUSED'));
		await until(() => run.scene(1).state === 'done', 5000);
		// Well past when the next submit would have gone out.
		await tick(600);
		expect(run.sim.stats.submits).toHaveLength(1);
		expect(run.scene(2).state).toBe('queued');
		run.app.stdin.write('p');
		const state = await run.ended;
		expect(state.scenes.every((scene) => scene.state === 'done')).toBe(true);
		expect(run.sim.stats.submits).toHaveLength(3);
	});
});

import {access, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {resumeCommand, runCommand} from '../../source/commands/run.js';
import {openSettings} from '../../source/config/settings.js';
import {SceneFileError} from '../../source/core/scenes.js';
import {type RunFlags, runOptionsFor} from '../../source/run/options.js';
import type {SimAccountOptions} from '../../source/simulator/index.js';
import {type SimEnv, startSimEnv} from './helpers.js';

let world: SimEnv | undefined;
afterEach(async () => {
	await world?.close();
	world = undefined;
});

const pro = {name: 'acc1', cookie: 'cookie-run-pro-0b7d'};
const ultra = {name: 'acc2', cookie: 'cookie-run-ultra-6f2a', tier: 'PAYGATE_TIER_TWO'};

/** A simulator with these accounts saved in the settings (as `accounts add` would). */
async function start(
	accounts: SimAccountOptions[],
	saved: Array<{name: string; flags?: Record<string, unknown>}>,
) {
	world = await startSimEnv({accounts, generationMs: 30});
	for (const {name, flags} of saved) {
		const cookie = accounts.find((account) => account.name === name)?.cookie;
		const io = world.io(`${cookie}\n`);
		expect(await accountsCommand('add', [name], {cookie: '-', ...flags}, io)).toBe(0);
	}
	return world;
}

async function scenesFile(name: string, text: string): Promise<string> {
	const file = join(world!.dir, name);
	await writeFile(file, text);
	return file;
}

const fast = {pollInterval: '0.02', submitGap: '0'};

async function run(file: string, flags: RunFlags = {}) {
	const io = world!.io();
	const out = join(world!.dir, 'out');
	const options = await runOptionsFor(
		{out, json: true, ...fast, ...flags},
		{interactive: false, env: world!.env},
	);
	const code = await runCommand(file, options, io);
	const events = io
		.out()
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as Record<string, unknown>);
	return {code, events, stdout: io.out(), stderr: io.err(), out};
}

const exists = (path: string) =>
	access(path).then(
		() => true,
		() => false,
	);

describe('flowdeck run with the saved accounts and settings (against the simulator)', () => {
	it('uses the settings accounts and defaults, announces the plan after prepare, saves the new projects', async () => {
		const {sim, env} = await start([pro, ultra], [{name: 'acc1'}, {name: 'acc2'}]);
		openSettings(env).update((settings) => ({...settings, defaults: {copies: 2}}));
		const file = await scenesFile('scenes.txt', 'one\ntwo\nthree\n');
		const result = await run(file);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(sim.stats.submits.map((s) => s.copies)).toEqual([2, 2, 2]);
		const types = result.events.map((e) => e.type);
		const plan = types.indexOf('run.plan');
		expect(types.slice(0, plan)).toEqual(['run.start', 'account.state', 'account.state']);
		expect(types.indexOf('scene.state')).toBeGreaterThan(plan);
		expect(result.events[plan]).toEqual({
			ts: expect.any(Number),
			type: 'run.plan',
			accounts: [
				{
					account: 'acc1',
					transport: 'labs',
					tier: 'PAYGATE_TIER_ONE',
					credits: 10000,
					scenes: [1, 3],
					cost: 80,
				},
				{account: 'acc2', transport: 'labs', tier: 'PAYGATE_TIER_TWO', credits: 10000, scenes: [2], cost: 40},
			],
			totalCost: 120,
		});
		// The plan is part of the record too.
		const journal = await readFile(join(result.out, '.flowdeck', 'journal.jsonl'), 'utf8');
		expect(journal).toContain('"type":"run.plan"');
		// The projects made for this run are the ones the next run will use.
		const saved = openSettings(env).read().accounts;
		expect(saved.map((a) => a.projectId)).toEqual([
			sim.account('acc1').projects[0],
			sim.account('acc2').projects[0],
		]);
		expect(sim.account('acc1').projects).toHaveLength(1);
		for (const text of [result.stdout, result.stderr, journal]) {
			expect(text).not.toContain(pro.cookie);
			expect(text).not.toContain(ultra.cookie);
		}

		// resume finds the accounts in the settings as well, and the saved project.
		const io = world!.io();
		const options = await runOptionsFor({json: true, ...fast}, {interactive: false, env});
		expect(await resumeCommand(result.out, options, io)).toBe(0);
		expect(sim.account('acc1').projects).toHaveLength(1);
	});

	it('a resume with nothing left to do says so, with the exit code of a finished run', async () => {
		const {sim, env} = await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile('scenes.txt', 'one\ntwo\n');
		const result = await run(file);
		expect(result.code).toBe(0);
		const submits = sim.stats.submits.length;
		const io = world!.io();
		const options = await runOptionsFor({tui: false, ...fast}, {interactive: false, env});
		expect(await resumeCommand(result.out, options, io)).toBe(0);
		expect(io.out()).toMatch(/^nothing to resume: every scene is done \(2 done; 2 files in .*out\)\n$/);
		expect(io.out()).not.toContain('finished in');
		expect(sim.stats.submits).toHaveLength(submits);
	});

	it('never schedules an _ultra key on the tier-one account', async () => {
		const {sim} = await start([pro, ultra], [{name: 'acc1'}, {name: 'acc2'}]);
		const file = await scenesFile(
			'scenes.jsonl',
			[
				'{"prompt":"u1","model":"veo_3_1_t2v_fast_ultra"}',
				'{"prompt":"f1"}',
				'{"prompt":"u2","model":"veo_3_1_t2v_fast_ultra"}',
				'{"prompt":"f2"}',
				'{"prompt":"u3","model":"veo_3_1_t2v_fast_ultra"}',
			].join('\n'),
		);
		const result = await run(file);
		expect(result.code).toBe(0);
		const byPrompt = Object.fromEntries(sim.stats.submits.map((s) => [s.prompt, s.account]));
		expect(byPrompt).toMatchObject({u1: 'acc2', u2: 'acc2', u3: 'acc2'});
		// Not even tried and refused: no generate call was answered 403.
		const refused = sim.stats.requests.filter(
			(r) => r.path.includes('batchAsyncGenerate') && r.status === 403,
		);
		expect(refused).toEqual([]);
	});

	it('--aspect 9:16 sends the portrait twin of a landscape-only key', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile('scenes.txt', 'tall one\n');
		const result = await run(file, {aspect: '9:16'});
		expect(result.code).toBe(0);
		expect(sim.stats.submits).toHaveLength(1);
		const runFile = JSON.parse(await readFile(join(result.out, '.flowdeck', 'run.json'), 'utf8'));
		expect(runFile.scenes[0]).toMatchObject({aspect: '9:16', model: 'veo_3_1_t2v_fast_portrait'});
	});

	it('a plan that cannot be paid is refused: exit 2, the plan shown, nothing submitted, no run folder', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		sim.setCredits('acc1', 50);
		const file = await scenesFile('scenes.txt', 'one\ntwo\nthree\n');
		const result = await run(file);
		expect(result.code).toBe(2);
		expect(result.events).toEqual([
			{
				ts: expect.any(Number),
				type: 'run.plan',
				accounts: [
					{
						account: 'acc1',
						transport: 'labs',
						tier: 'PAYGATE_TIER_ONE',
						credits: 50,
						scenes: [1, 2, 3],
						cost: 60,
					},
				],
				totalCost: 60,
			},
		]);
		expect(result.stderr).toBe(
			'flowdeck: the accounts cannot pay for this run: it costs about 60 credits and the usable accounts have 50\nflowdeck: nothing was submitted\n',
		);
		expect(sim.stats.submits).toEqual([]);
		expect(await exists(result.out)).toBe(false);
	});

	it('--max-credits below the cost refuses the run (lines output shows the plan)', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile('scenes.txt', 'one\ntwo\n');
		const result = await run(file, {maxCredits: '30', json: false, tui: false});
		expect(result.code).toBe(2);
		expect(result.stdout).toMatch(/^plan for scenes\.txt: 2 scenes, 2 videos\n {2}acc1 +Pro +ok/);
		expect(result.stderr).toMatch(/^flowdeck: the run costs about 40 credits, more than --max-credits 30\n/);
		expect(sim.stats.submits).toEqual([]);
	});

	it('a scene whose model no account may use stops the run before any submit, naming the line', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile(
			'scenes.jsonl',
			'{"prompt":"fine"}\n\n{"prompt":"needs ultra","model":"veo_3_1_t2v_fast_ultra"}\n',
		);
		const result = await run(file);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^flowdeck: scenes\.jsonl:3: model veo_3_1_t2v_fast_ultra needs an Ultra account \(PAYGATE_TIER_TWO\)/,
		);
		expect(sim.stats.submits).toEqual([]);
	});

	it('scenes with refs: a missing image or a model without a reference key is refused on its line; then the run makes them', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		await writeFile(
			join(world!.dir, 'hero.png'),
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		const missing = await scenesFile('missing.csv', 'prompt,refs\nplain,\nthe hero,nowhere.png\n');
		await expect(run(missing)).rejects.toThrow(
			new SceneFileError(missing, 3, 'refs "nowhere.png": no such file'),
		);
		const lite = await scenesFile(
			'lite.csv',
			'prompt,refs,model\nplain,,\nthe hero,hero.png,veo_3_1_t2v_lite\n',
		);
		await expect(run(lite)).rejects.toThrow(
			new SceneFileError(
				lite,
				3,
				'model veo_3_1_t2v_lite has no key flowdeck knows for reference images (use veo_3_1_t2v_fast or its Ultra keys)',
			),
		);
		expect(sim.stats.submits).toEqual([]);
		const file = await scenesFile('scenes.csv', 'prompt,refs\nplain,\nthe hero,hero.png\n');
		const result = await run(file);
		expect(result.code).toBe(0);
		expect(sim.stats.uploads).toHaveLength(1);
		const hero = sim.stats.submits.find((submit) => submit.prompt === 'the hero');
		expect(hero?.mode).toBe('references');
		expect(hero?.imageIds).toEqual([sim.stats.uploads[0]?.mediaName]);
		expect(sim.stats.submits.find((submit) => submit.prompt === 'plain')?.mode).toBe('text');
	});

	it('prompts likely to be blocked are warned about on stderr, and the run goes on', async () => {
		await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile('scenes.txt', 'a harbour\nhai bé gái thả diều\n');
		const result = await run(file);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('scenes.txt:2: may be blocked by policy (mentions "bé gái")\n');
	});

	it('an unknown model key is refused before any request', async () => {
		const {sim} = await start([pro], [{name: 'acc1'}]);
		const file = await scenesFile('scenes.txt', 'one\n');
		expect((await run(file)).code).toBe(0);
		const requests = sim.stats.requests.length;
		const settings = openSettings(world!.env);
		settings.update((s) => ({...s, defaults: {model: 'veo_3_1_t2v_fsat'}}));
		await expect(run(file, {newRun: true})).rejects.toThrow(
			/^scenes\.txt:1: unknown model "veo_3_1_t2v_fsat"/,
		);
		expect(sim.stats.requests).toHaveLength(requests);
	});

	it('a project of another account: the submit is refused as not found and nothing is generated', async () => {
		const {sim, env} = await start([pro, ultra], [{name: 'acc2'}]);
		// acc2's check creates its project; acc1 is then saved with acc2's project id by mistake.
		expect(await accountsCommand('check', ['acc2'], {}, world!.io())).toBe(0);
		const foreign = sim.account('acc2').projects[0]!;
		const io = world!.io(`${pro.cookie}\n`);
		expect(await accountsCommand('add', ['acc1'], {cookie: '-', project: foreign}, io)).toBe(0);
		openSettings(env).update((s) => ({...s, accounts: s.accounts.filter((a) => a.name === 'acc1')}));
		const file = await scenesFile('scenes.txt', 'one\n');
		const result = await run(file);
		expect(result.code).toBe(1);
		const failed = result.events.find((e) => e.type === 'scene.state' && e.state === 'failed');
		expect(failed?.error).toMatch(/^acc1: .*not found/i);
		expect(sim.stats.submits).toEqual([]);
		expect(sim.account('acc2').media).toEqual([]);
	});

	it('without saved accounts or --accounts: a usage error naming both ways', async () => {
		world = await startSimEnv({accounts: [pro]});
		const file = await scenesFile('scenes.txt', 'one\n');
		await expect(run(file)).rejects.toThrow(
			'no accounts: add one with `flowdeck accounts add <name> --cookie -`, or pass --accounts <file>',
		);
	});
});

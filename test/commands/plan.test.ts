import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {planCommand} from '../../source/commands/plan.js';
import {type RunFlags, runOptionsFor} from '../../source/run/options.js';
import {type SimEnv, startSimEnv} from './helpers.js';

let world: SimEnv | undefined;
afterEach(async () => {
	await world?.close();
	world = undefined;
});

const cookies = {acc1: 'cookie-plan-one-5d1e', acc2: 'cookie-plan-two-a9c4'};

async function start(
	accounts = [
		{name: 'acc1', cookie: cookies.acc1},
		{name: 'acc2', cookie: cookies.acc2, tier: 'PAYGATE_TIER_TWO', credits: 500},
	],
) {
	world = await startSimEnv({accounts});
	for (const account of accounts) {
		const io = world.io(`${account.cookie}\n`);
		expect(await accountsCommand('add', [account.name], {cookie: '-'}, io)).toBe(0);
	}
	return world;
}

async function scenesFile(name: string, text: string): Promise<string> {
	const file = join(world!.dir, name);
	await writeFile(file, text);
	return file;
}

async function plan(file: string, flags: RunFlags = {}) {
	const io = world!.io();
	const options = await runOptionsFor(flags, {interactive: false, env: world!.env});
	const code = await planCommand(file, options, io);
	return {code, stdout: io.out(), stderr: io.err()};
}

const generateCalls = () =>
	world!.sim.stats.requests.filter((r) => r.path.startsWith('/v1/video:batchAsyncGenerate'));

describe('flowdeck plan (against the simulator)', () => {
	it('prints who gets which scenes and the cost, warns about policy words, and spends nothing', async () => {
		const {sim} = await start();
		const file = await scenesFile(
			'scenes.txt',
			'# a short film\na lighthouse at dusk\nwaves on rocks\nMột cô bé đứng dưới mưa\ngulls over the bay\n',
		);
		const result = await plan(file, {copies: '2'});
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(
			[
				'plan for scenes.txt: 4 scenes, 8 videos',
				'  acc1  Pro    ok  10000 credits  scenes 1, 3  80 credits',
				'  acc2  Ultra  ok  500 credits    scenes 2, 4  80 credits',
				'total: about 160 credits (the usable accounts have 10500)',
				'',
			].join('\n'),
		);
		expect(result.stderr).toBe('scenes.txt:4: may be blocked by policy (mentions "cô bé")\n');
		// Nothing made, nothing spent: no project, no generate call, credits untouched.
		expect(sim.account('acc1').projects).toEqual([]);
		expect(sim.stats.requests.some((r) => r.path.includes('createProject'))).toBe(false);
		expect(generateCalls()).toEqual([]);
		expect(sim.account('acc2').credits).toBe(500);
	});

	it('--json gives the whole plan as one object', async () => {
		await start();
		const file = await scenesFile('scenes.txt', 'one\ntwo\nthree\n');
		const result = await plan(file, {json: true});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			verdict: 'ok',
			sceneFile: 'scenes.txt',
			scenes: 3,
			videos: 3,
			totalCost: 60,
			usableCredits: 10500,
			maxCredits: null,
			accounts: [
				{
					account: 'acc1',
					transport: 'labs',
					tier: 'PAYGATE_TIER_ONE',
					credits: 10000,
					health: 'ok',
					reason: null,
					scenes: [1, 3],
					cost: 40,
					uploads: 0,
				},
				{
					account: 'acc2',
					transport: 'labs',
					tier: 'PAYGATE_TIER_TWO',
					credits: 500,
					health: 'ok',
					reason: null,
					scenes: [2],
					cost: 20,
					uploads: 0,
				},
			],
			warnings: [],
			problems: [],
		});
	});

	it('refuses (exit 2) when the accounts cannot pay', async () => {
		const {sim} = await start();
		sim.setCredits('acc1', 30);
		sim.setCredits('acc2', 30);
		const file = await scenesFile('scenes.txt', 'one\ntwo\nthree\nfour\n');
		const result = await plan(file);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'flowdeck: the accounts cannot pay for this run: it costs about 80 credits and the usable accounts have 60\n',
		);
	});

	it('refuses (exit 2) above --max-credits', async () => {
		await start();
		const file = await scenesFile('scenes.txt', 'one\ntwo\n');
		const result = await plan(file, {maxCredits: '39'});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('flowdeck: the run costs about 40 credits, more than --max-credits 39\n');
		expect((await plan(file, {maxCredits: '40'})).code).toBe(0);
	});

	it('an Ultra model with only Pro accounts is refused, naming the scene line and the model', async () => {
		await start([{name: 'acc1', cookie: cookies.acc1}]);
		const file = await scenesFile(
			'scenes.jsonl',
			'{"prompt":"fine"}\n{"prompt":"needs ultra","model":"veo_3_1_t2v_fast_ultra"}\n',
		);
		const result = await plan(file);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'flowdeck: scenes.jsonl:2: model veo_3_1_t2v_fast_ultra needs an Ultra account (PAYGATE_TIER_TWO), and no usable account in this run may use it (acc1: Pro)\n',
		);
	});

	it('an account with an expired cookie is shown as such and gets no scenes', async () => {
		const {sim} = await start();
		sim.revokeCookie('acc2');
		const file = await scenesFile('scenes.txt', 'one\ntwo\n');
		const result = await plan(file);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^ {2}acc1 +Pro +ok +10000 credits +scenes 1-2 +40 credits$/m);
		expect(result.stdout).toMatch(
			/^ {2}acc2 +- +cookie expired: copy a fresh session cookie from the browser$/m,
		);
	});

	it('no usable account at all: exit 3', async () => {
		const {sim} = await start();
		sim.revokeCookie('acc1');
		sim.revokeCookie('acc2');
		const file = await scenesFile('scenes.txt', 'one\n');
		const result = await plan(file);
		expect(result.code).toBe(3);
		expect(result.stderr).toMatch(
			/^flowdeck: no usable account \(acc1: cookie expired.*; acc2: cookie expired/,
		);
	});

	it('an unknown model is bad input before any request; given with --model it is planned, with a warning', async () => {
		const {sim} = await start();
		const file = await scenesFile('scenes.jsonl', '{"prompt":"a","model":"veo_3_1_t2v_fsat"}\n');
		const typo = await plan(file);
		expect(typo.code).toBe(2);
		expect(typo.stderr).toMatch(/^flowdeck: scenes\.jsonl:1: unknown model "veo_3_1_t2v_fsat" \(known: /);
		expect(sim.stats.requests).toEqual([]);

		const txt = await scenesFile('scenes.txt', 'a\n');
		const explicit = await plan(txt, {model: 'veo_4_t2v_new'});
		expect(explicit.code).toBe(0);
		expect(explicit.stderr).toBe(
			"scenes.txt:1: model veo_4_t2v_new is not in flowdeck's catalogue: its cost is not counted\n",
		);
	});

	it('without accounts in settings or --accounts: a usage line', async () => {
		world = await startSimEnv({accounts: [{name: 'acc1', cookie: cookies.acc1}]});
		const file = await scenesFile('scenes.txt', 'one\n');
		const result = await plan(file);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'flowdeck: no accounts: add one with `flowdeck accounts add <name> --cookie -`, or pass --accounts <file>\n',
		);
	});

	it('an accounts file replaces the saved accounts', async () => {
		await start();
		const accountsFile = join(world!.dir, 'accounts.json');
		await writeFile(accountsFile, JSON.stringify({accounts: [{name: 'fileacc', cookie: cookies.acc2}]}));
		const file = await scenesFile('scenes.txt', 'one\n');
		const result = await plan(file, {accounts: accountsFile});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^ {2}fileacc +Ultra +ok +500 credits +scenes 1 +20 credits$/m);
		expect(result.stdout).not.toMatch(/acc1/);
	});
});

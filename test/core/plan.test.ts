import {describe, expect, it} from 'vitest';
import {
	buildPlan,
	deniedModelsFor,
	type PlanAccountInput,
	type PlanSceneInput,
	planEvent,
	resolveSceneModels,
} from '../../source/core/plan/index.js';
import {knownModelKeys, modelInfo} from '../../source/labs/models.js';

const account = (name: string, extra: Partial<PlanAccountInput> = {}): PlanAccountInput => ({
	name,
	transport: 'labs',
	tier: 'PAYGATE_TIER_ONE',
	credits: 1000,
	health: 'ok',
	maxInFlight: 4,
	...extra,
});

const scenes = (count: number, extra: Partial<PlanSceneInput> = {}): PlanSceneInput[] =>
	Array.from({length: count}, (_, i) => ({
		index: i + 1,
		line: i + 2,
		prompt: `scene ${i + 1}: a lighthouse at dusk`,
		model: 'veo_3_1_t2v_fast',
		copies: 1,
		...extra,
	}));

const plan = (input: Partial<Parameters<typeof buildPlan>[0]>) =>
	buildPlan({scenes: [], accounts: [], models: modelInfo, sceneFile: 'scenes.txt', ...input});

describe('buildPlan', () => {
	it('spreads scenes round robin and prices them from the catalogue', () => {
		const result = plan({scenes: scenes(5, {copies: 2}), accounts: [account('acc1'), account('acc2')]});
		expect(result.verdict).toBe('ok');
		expect(result.accounts.map((a) => a.scenes)).toEqual([
			[1, 3, 5],
			[2, 4],
		]);
		expect(result.accounts.map((a) => a.cost)).toEqual([120, 80]);
		expect(result.totalCost).toBe(200);
		expect(result.videos).toBe(10);
		expect(result.usableCredits).toBe(2000);
		expect(result.problems).toEqual([]);
	});

	it('weights the share by capacity (maxInFlight)', () => {
		const result = plan({
			scenes: scenes(12),
			accounts: [account('big', {maxInFlight: 8}), account('small', {maxInFlight: 4})],
		});
		expect(result.accounts.map((a) => a.scenes.length)).toEqual([8, 4]);
		// Interleaved, not in blocks: the small account gets work from the start.
		expect(result.accounts[1]?.scenes[0]).toBeLessThanOrEqual(3);
	});

	it('gives nothing to an account that cannot work, and says why', () => {
		const result = plan({
			scenes: scenes(3),
			accounts: [account('acc1'), account('gone', {health: 'auth-failed', reason: 'cookie expired'})],
		});
		expect(result.verdict).toBe('ok');
		expect(result.accounts[1]).toMatchObject({usable: false, scenes: [], cost: 0, reason: 'cookie expired'});
		expect(result.usableCredits).toBe(1000);
	});

	it('refuses when the usable accounts cannot pay for the run', () => {
		const result = plan({
			scenes: scenes(6),
			accounts: [account('acc1', {credits: 40}), account('acc2', {credits: 50})],
		});
		expect(result.verdict).toBe('refused');
		expect(result.problems).toEqual([
			'the accounts cannot pay for this run: it costs about 120 credits and the usable accounts have 90',
		]);
	});

	it('refuses when a scene fits in no account although the total would', () => {
		// 30 + 30 credits, three 20-credit scenes: each account can pay for one only.
		const result = plan({
			scenes: scenes(3),
			accounts: [account('acc1', {credits: 30}), account('acc2', {credits: 30})],
		});
		expect(result.totalCost).toBe(60);
		expect(result.verdict).toBe('refused');
		expect(result.problems[0]).toBe(
			'the accounts cannot pay for this run: scenes.txt:4 costs about 20 credits and no account that may run it has that many left',
		);
	});

	it('moves work to the account that can still pay', () => {
		const result = plan({
			scenes: scenes(4),
			accounts: [account('poor', {credits: 20}), account('rich', {credits: 1000})],
		});
		expect(result.verdict).toBe('ok');
		expect(result.accounts.map((a) => a.scenes.length)).toEqual([1, 3]);
	});

	it('refuses a run above --max-credits', () => {
		const result = plan({scenes: scenes(3), accounts: [account('acc1')], maxCredits: 50});
		expect(result.verdict).toBe('refused');
		expect(result.problems).toEqual(['the run costs about 60 credits, more than --max-credits 50']);
		expect(plan({scenes: scenes(3), accounts: [account('acc1')], maxCredits: 60}).verdict).toBe('ok');
	});

	it('never schedules an _ultra key on a tier-one account', () => {
		const result = plan({
			scenes: [
				...scenes(2),
				{index: 3, line: 9, prompt: 'ultra', model: 'veo_3_1_t2v_fast_ultra', copies: 1},
				{index: 4, line: 10, prompt: 'ultra', model: 'veo_3_1_t2v_fast_ultra', copies: 1},
			],
			accounts: [account('pro'), account('ultra', {tier: 'PAYGATE_TIER_TWO'})],
		});
		expect(result.verdict).toBe('ok');
		expect(result.scenes.filter((s) => s.scene >= 3).map((s) => s.account)).toEqual(['ultra', 'ultra']);
	});

	it('refuses, naming the scene line and model, when no account may use a model', () => {
		const result = plan({
			scenes: [...scenes(1), {index: 2, line: 7, prompt: 'x', model: 'veo_3_1_t2v_fast_ultra', copies: 1}],
			accounts: [account('acc1'), account('acc2')],
		});
		expect(result.verdict).toBe('refused');
		expect(result.problems).toEqual([
			'scenes.txt:7: model veo_3_1_t2v_fast_ultra needs an Ultra account (PAYGATE_TIER_TWO), and no usable account in this run may use it (acc1: Pro, acc2: Pro)',
		]);
	});

	it('no usable account at all is its own verdict, with every reason', () => {
		const result = plan({
			scenes: scenes(2),
			accounts: [
				account('acc1', {health: 'auth-failed', reason: 'cookie expired'}),
				account('acc2', {health: 'quota-exhausted', reason: 'daily credit quota reached'}),
			],
		});
		expect(result.verdict).toBe('no-account');
		expect(result.problems[0]).toBe(
			'no usable account (acc1: cookie expired; acc2: daily credit quota reached)',
		);
	});

	it('warns about prompts likely to be blocked, with the line, before any credit is spent', () => {
		const result = plan({
			scenes: [
				{index: 1, line: 3, prompt: 'a lighthouse', model: 'veo_3_1_t2v_fast', copies: 1},
				{index: 2, line: 7, prompt: 'Một cô bé đứng dưới mưa', model: 'veo_3_1_t2v_fast', copies: 1},
				{index: 3, line: 8, prompt: 'a 12-year-old boy skates', model: 'veo_3_1_t2v_fast', copies: 1},
			],
			accounts: [account('acc1')],
		});
		expect(result.verdict).toBe('ok');
		expect(result.warnings.map((w) => w.message)).toEqual([
			'scenes.txt:7: may be blocked by policy (mentions "cô bé")',
			'scenes.txt:8: may be blocked by policy (mentions "12-year-old", "boy")',
		]);
	});

	it('counts a model of unknown price as 0 and says so once', () => {
		const result = plan({scenes: scenes(2, {model: 'veo_9_new'}), accounts: [account('acc1')]});
		expect(result.totalCost).toBe(0);
		expect(result.warnings.map((w) => w.message)).toEqual([
			"scenes.txt:2: model veo_9_new is not in flowdeck's catalogue: its cost is not counted",
		]);
	});

	it('does not refuse on credits it could not read', () => {
		const result = plan({scenes: scenes(3), accounts: [account('acc1', {credits: undefined})]});
		expect(result.verdict).toBe('ok');
	});
});

describe('planEvent', () => {
	it('carries only the public fields of run.plan', () => {
		const result = plan({
			scenes: scenes(2),
			accounts: [account('acc1'), account('acc2', {health: 'auth-failed', reason: 'cookie expired'})],
		});
		expect(planEvent(result, 5)).toEqual({
			type: 'run.plan',
			ts: 5,
			accounts: [
				{
					account: 'acc1',
					transport: 'labs',
					tier: 'PAYGATE_TIER_ONE',
					credits: 1000,
					scenes: [1, 2],
					cost: 40,
				},
				{account: 'acc2', transport: 'labs', tier: 'PAYGATE_TIER_ONE', credits: 1000, scenes: [], cost: 0},
			],
			totalCost: 40,
		});
	});
});

describe('deniedModelsFor', () => {
	it('lists the scene models a tier may not use', () => {
		const models = ['veo_3_1_t2v_fast', 'veo_3_1_t2v_fast_ultra', 'veo_3_1_t2v_fast_ultra'];
		expect(deniedModelsFor('PAYGATE_TIER_ONE', models, modelInfo)).toEqual(['veo_3_1_t2v_fast_ultra']);
		expect(deniedModelsFor('PAYGATE_TIER_TWO', models, modelInfo)).toEqual([]);
	});
});

describe('resolveSceneModels', () => {
	const options = {models: modelInfo, knownKeys: knownModelKeys, sceneFile: 'scenes.txt'};
	const scene = (index: number, model: string, aspect: '16:9' | '9:16') => ({
		index,
		line: index + 1,
		model,
		aspect,
	});

	it('sends the portrait twin for 9:16 and leaves keys that fit alone', () => {
		const result = resolveSceneModels(
			[
				scene(1, 'veo_3_1_t2v_fast', '9:16'),
				scene(2, 'veo_3_1_t2v_fast', '16:9'),
				scene(3, 'veo_3_1_t2v_fast_ultra', '9:16'),
				scene(4, 'veo_3_1_t2v_lite', '9:16'),
			],
			options,
		);
		expect(result.problems).toEqual([]);
		expect(result.scenes.map((s) => s.model)).toEqual([
			'veo_3_1_t2v_fast_portrait',
			'veo_3_1_t2v_fast',
			'veo_3_1_t2v_fast_portrait_ultra',
			'veo_3_1_t2v_lite',
		]);
	});

	it('refuses an unknown key once, naming the line and the known keys', () => {
		const result = resolveSceneModels(
			[scene(1, 'veo_3_1_t2v_fsat', '16:9'), scene(2, 'veo_3_1_t2v_fsat', '16:9')],
			options,
		);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]).toMatch(
			/^scenes\.txt:2: unknown model "veo_3_1_t2v_fsat" \(known: veo_3_1_t2v_fast, /,
		);
		expect(result.problems[0]).toMatch(/pass it with --model\)$/);
	});

	it('keeps the unknown-model line short: one terminal line of at most 240 characters', () => {
		const result = resolveSceneModels([scene(1, 'veo_3_1_t2v_fsat', '16:9')], options);
		const line = result.problems[0] ?? '';
		expect(line.length).toBeLessThanOrEqual(240);
		expect(line).toContain('scenes.txt:2');
		expect(line).toContain('"veo_3_1_t2v_fsat"');
		expect(line).not.toContain('\n');
	});

	it('sends an unknown key the user gave with --model as it is', () => {
		const result = resolveSceneModels([scene(1, 'veo_4_t2v_new', '9:16')], {
			...options,
			trusted: new Set(['veo_4_t2v_new']),
		});
		expect(result).toEqual({scenes: [scene(1, 'veo_4_t2v_new', '9:16')], problems: []});
	});

	it('refuses a one-orientation key that has no twin for the aspect', () => {
		const lonely = {key: 'solo_portrait', orientation: 'portrait' as const, credits: 1, creditsGuessed: true};
		const result = resolveSceneModels([scene(1, 'solo_portrait', '16:9')], {
			...options,
			models: (key) => (key === lonely.key ? lonely : undefined),
		});
		expect(result.problems).toEqual([
			'scenes.txt:2: model solo_portrait is portrait-only and has no twin for 16:9',
		]);
	});
});

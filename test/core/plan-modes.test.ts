// Proves the plan knows what scenes own: an extend is planned on its source's account, images count
// as uploads on the account that takes them (once each), an upscale is priced and needs a tier that
// may make it.
import {describe, expect, it} from 'vitest';
import {buildPlan, type PlanAccountInput, type PlanSceneInput} from '../../source/core/plan/index.js';
import {modelInfo} from '../../source/labs/models.js';

const account = (name: string, extra: Partial<PlanAccountInput> = {}): PlanAccountInput => ({
	name,
	transport: 'labs',
	tier: 'PAYGATE_TIER_ONE',
	credits: 1000,
	health: 'ok',
	maxInFlight: 4,
	...extra,
});

const scene = (
	index: number,
	inputs?: PlanSceneInput['inputs'],
	model = 'veo_3_1_t2v_fast',
): PlanSceneInput => ({
	index,
	line: index + 1,
	prompt: `scene ${index}`,
	model,
	copies: 1,
	...(inputs === undefined ? {} : {inputs}),
});

const plan = (scenes: PlanSceneInput[], accounts = [account('a'), account('b'), account('c')]) =>
	buildPlan({scenes, accounts, models: modelInfo, sceneFile: 'scenes.csv'});

describe('buildPlan with modes', () => {
	it('plans an extend chain on the account its first scene went to', () => {
		const result = plan([scene(1), scene(2), scene(3, {extend: 2}), scene(4, {extend: 3}), scene(5)]);
		const byScene = new Map(result.scenes.map((s) => [s.scene, s.account]));
		expect(byScene.get(3)).toBe(byScene.get(2));
		expect(byScene.get(4)).toBe(byScene.get(2));
		expect(result.problems).toEqual([]);
	});

	it('counts each image once per account that takes scenes naming it', () => {
		const result = plan(
			[
				scene(1, {refs: ['hero.png']}, 'veo_3_1_r2v_fast_landscape'),
				scene(2, {refs: ['hero.png', 'castle.png']}, 'veo_3_1_r2v_fast_landscape'),
				scene(3),
				scene(4, {image: 'hero.png'}, 'veo_3_1_i2v_s_fast'),
			],
			[account('a'), account('b')],
		);
		expect(result.accounts.map((a) => [a.account, a.scenes, a.uploads])).toEqual([
			['a', [1, 3], 1],
			['b', [2, 4], 2],
		]);
	});

	it('prices an upscale, and refuses 4k when no account is Ultra, on the scene line', () => {
		const hd = plan([scene(1, {upscale: '1080p'})]);
		expect(hd.totalCost).toBe(20);
		expect(hd.problems).toEqual([]);
		const uhd = plan([scene(1, {upscale: '4k'})]);
		expect(uhd.verdict).toBe('refused');
		expect(uhd.problems).toEqual([
			'scenes.csv:2: no usable account in this run may upscale to 4k (4k needs an Ultra account)',
		]);
		const ultra = plan([scene(1, {upscale: '4k'})], [account('a'), account('u', {tier: 'PAYGATE_TIER_TWO'})]);
		expect(ultra.scenes).toEqual([{scene: 1, account: 'u', cost: 70}]);
	});

	it('says why an extend has no account when its source has none', () => {
		const result = plan([scene(1, undefined, 'veo_3_1_t2v_fast_ultra'), scene(2, {extend: 1})]);
		expect(result.problems).toContain(
			'scenes.csv:3: it extends scene 1, which no account in this run can make',
		);
	});
});

describe('buildPlan with what each wire can do', () => {
	const flow = (name: string) => account(name, {transport: 'flow', can: new Set(['upload'])});

	it('plans an extend chain and an upscale only on an account that can make them', () => {
		const result = plan(
			[
				scene(1),
				scene(2, {extend: 1}),
				scene(3, {upscale: '1080p'}),
				scene(4, {refs: ['a.png']}, 'veo_3_1_r2v_fast_landscape'),
			],
			[flow('f1'), account('l1'), flow('f2')],
		);
		expect(result.scenes.map((s) => [s.scene, s.account])).toEqual([
			[1, 'l1'],
			[2, 'l1'],
			[3, 'l1'],
			[4, 'f1'],
		]);
	});

	it('refuses, on the line, what no account in the run can make', () => {
		const result = plan([scene(1), scene(2, {extend: 1})], [flow('f1')]);
		expect(result.verdict).toBe('refused');
		expect(result.problems[0]).toBe(
			'scenes.csv:2: no usable account in this run can extend clips (flow.google.com accounts cannot extend or upscale yet)',
		);
	});
});

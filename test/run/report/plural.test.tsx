import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {buildPlan} from '../../../source/core/plan/index.js';
import {plural} from '../../../source/core/plural.js';
import {totals} from '../../../source/core/run-state.js';
import {modelInfo} from '../../../source/labs/models.js';
import {formatPlan} from '../../../source/run/plan/format.js';
import {formatLine} from '../../../source/run/report/lines.js';
import {StatusBar} from '../../../source/ui/components/StatusBar.js';
import {Summary} from '../../../source/ui/components/Summary.js';
import {StateBuilder, t0} from '../../ui/fixtures.js';

/** A count of one is singular wherever a count is printed. */
describe('plural', () => {
	it('says "1 file" and "2 files"', () => {
		expect(plural(1, 'file')).toBe('1 file');
		expect(plural(0, 'file')).toBe('0 files');
		expect(plural(2, 'copy', 'copies')).toBe('2 copies');
	});

	it('the line reporter says "1 scene"', () => {
		const state = new StateBuilder(1, ['acc1']).state;
		const start = formatLine(
			{type: 'run.start', ts: t0, runId: 'r', resumed: false, scenes: 1, accounts: ['acc1']},
			state,
		);
		expect(start).toContain('starting 1 scene on acc1');
	});

	it('the plan says "1 scene, 1 video"', () => {
		const plan = buildPlan({
			scenes: [{index: 1, line: 1, prompt: 'a fox', model: 'veo_3_1_t2v_fast', copies: 1}],
			accounts: [
				{name: 'acc1', transport: 'labs', tier: 'PAYGATE_TIER_ONE', credits: 1, health: 'ok', maxInFlight: 4},
			],
			models: modelInfo,
			sceneFile: 'scenes.txt',
		});
		const text = formatPlan(plan, 'scenes.txt').join('\n');
		expect(text).toContain('1 scene, 1 video');
		expect(text).not.toMatch(/\b1 (scene|video|credit)s\b/);
	});

	it('the dashboard status bar and summary say "1 scene" and "1 file"', () => {
		const state = new StateBuilder(1, ['acc1']).scene(1, 'done', 'acc1').state;
		const bar = render(
			<StatusBar
				state={state}
				counts={totals(state)}
				width={200}
				now={t0}
				session={{start: t0, settled: 0}}
				tick={0}
			/>,
		);
		expect(bar.lastFrame()).toContain('1 scene ');
		expect(bar.lastFrame()).toMatch(/1 file$/m);
		const summary = render(
			<Summary state={state} exitCode={0} outDir="./out" width={200} elapsedMs={1000} />,
		);
		expect(summary.lastFrame()).toContain('1 file in ./out');
	});
});

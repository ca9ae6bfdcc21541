import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {totals} from '../../source/core/run-state.js';
import {StatusBar} from '../../source/ui/components/StatusBar.js';
import {StateBuilder, t0} from './fixtures.js';

const bar = (state: StateBuilder['state']) =>
	render(
		<StatusBar
			state={state}
			counts={totals(state)}
			width={200}
			now={t0 + 60_000}
			session={{start: t0, settled: 0}}
			tick={0}
		/>,
	).lastFrame() ?? '';

describe('StatusBar: the ETA', () => {
	it('shows an ETA while the run submits, none while it is paused', () => {
		const builder = new StateBuilder(4, ['acc1']).scene(1, 'done', 'acc1');
		expect(bar(builder.state)).toMatch(/ETA 3m/);
		const paused = builder.apply({type: 'run.paused', ts: t0, paused: true}).state;
		expect(bar(paused)).toContain('PAUSED');
		expect(bar(paused)).not.toContain('ETA');
	});
});

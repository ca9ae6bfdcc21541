import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {formatLine} from '../../source/run/report/lines.js';
import {Summary} from '../../source/ui/components/Summary.js';
import {StateBuilder, t0} from './fixtures.js';

/** A finished run with four-digit counts: the widest summary a long run prints. */
function bigRun() {
	const builder = new StateBuilder(1, ['acc1']).scene(1, 'done', 'acc1');
	const scenes = Array.from(
		{length: 1234},
		() => builder.state.scenes[0] as (typeof builder.state.scenes)[0],
	);
	return {...builder.state, scenes};
}

describe('the final summary at 80 columns', () => {
	it.each([
		[0, './flowdeck-out'],
		[1, './flowdeck-out'],
		[3, './flowdeck-out'],
		[130, './flowdeck-out'],
		[130, './flowdeck-demo'],
	])('exit %i with %s: every line whole, none over 80 columns', (exitCode, outDir) => {
		const frame =
			render(
				<Summary state={bigRun()} exitCode={exitCode} outDir={outDir} width={80} elapsedMs={3_725_000} />,
			).lastFrame() ?? '';
		// Nothing cut short (the theme's ellipsis is "~" in ASCII, "…" otherwise).
		expect(frame).not.toMatch(/[~…]/);
		expect(frame).toMatch(/1234 done .* in doubt *$/m);
		expect(frame).toContain(`1234 files in ${outDir}`);
		expect(frame).toContain(`exit ${exitCode}`);
		for (const line of frame.split('\n')) expect([...line.trimEnd()].length).toBeLessThanOrEqual(80);
	});

	it('the line reporter ends within 80 columns too', () => {
		const line =
			formatLine(
				{type: 'run.end', ts: t0, done: 1234, failed: 123, skipped: 123, inDoubt: 123, durationMs: 3_725_000},
				bigRun(),
			) ?? '';
		expect(line).toContain('finished in 1h 02m');
		expect(line.length).toBeLessThanOrEqual(80);
	});
});

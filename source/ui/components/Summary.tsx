import {Box, Text} from 'ink';
import {plural} from '../../core/plural.js';
import {type RunState, totals} from '../../core/run-state.js';
import {formatDuration} from '../format.js';
import {useTheme} from '../hooks/use-theme.js';
import {padTo} from '../text.js';

export const summaryHeight = 3;

/** The last lines of a run, left in the scrollback: how it ended and what to do next. */
export function Summary(props: {
	state: RunState;
	exitCode: number;
	outDir: string;
	width: number;
	elapsedMs: number;
}) {
	const {state, exitCode, outDir, width, elapsedMs} = props;
	const theme = useTheme();
	const counts = totals(state);
	const g = theme.glyphs.state;
	const took = formatDuration(elapsedMs);
	const verb = exitCode === 130 ? 'stopped after' : 'finished in';
	// Three short lines rather than one long one: each fits 80 columns at the default folder names.
	const first = `${verb} ${took}: ${g.done} ${counts.done} done  ${g.failed} ${counts.failed} failed  ${g.skipped} ${counts.skipped} skipped  ${g['in-doubt']} ${counts['in-doubt']} in doubt`;
	const files = `${plural(counts.files, 'file')} in ${outDir}`;
	const tone = exitCode === 0 ? 'good' : exitCode === 1 ? 'bad' : 'warn';
	return (
		<Box flexDirection="column" width={width}>
			<Text {...theme.text('title')}>{padTo(first, width, theme.glyphs.ellipsis)}</Text>
			<Text>{padTo(files, width, theme.glyphs.ellipsis)}</Text>
			<Text {...theme.text(tone)}>{padTo(exitHint(exitCode, outDir), width, theme.glyphs.ellipsis)}</Text>
		</Box>
	);
}

function exitHint(code: number, outDir: string): string {
	switch (code) {
		case 0:
			return 'exit 0: every scene done or skipped';
		case 1:
			return `exit 1: some scenes failed or are in doubt; see ${outDir}/manifest.json`;
		case 3:
			return `exit 3: no usable account; fix them, then \`flowdeck resume ${outDir}\``;
		case 130:
			return `exit 130: the state is saved; \`flowdeck resume ${outDir}\` continues`;
		default:
			return `exit ${code}`;
	}
}

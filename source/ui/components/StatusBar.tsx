import {basename} from 'node:path';
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {plural} from '../../core/plural.js';
import type {RunState, Totals} from '../../core/run-state.js';
import {runSettings} from '../describe.js';
import {estimateRemainingMs, formatDuration} from '../format.js';
import {useTheme} from '../hooks/use-theme.js';
import {fitParts} from '../text.js';
import type {TextStyle} from '../theme.js';

export type StatusBarProps = {
	state: RunState;
	/** totals(state), which the dashboard counts once a frame. */
	counts: Totals;
	sceneFile?: string;
	width: number;
	now: number;
	/** When this session began and how many scenes had settled then: the pace for the ETA. */
	session: {start: number; settled: number};
	tick: number;
};

type Part = {text: string; priority: number; style?: TextStyle};

/** Two lines: what runs (file, model, time) and how far it is (counts per state). */
export function StatusBar({state, counts, sceneFile, width, now, session, tick}: StatusBarProps) {
	const theme = useTheme();
	// Once a data frame, not on every tick of the clock.
	const settings = useMemo(() => runSettings(state), [state]);
	const elapsed = (state.endedAt ?? now) - session.start;
	const settled = counts.done + counts.failed + counts.skipped + counts['in-doubt'];
	const remaining = counts.total - settled;
	const eta = estimateRemainingMs({
		elapsedMs: elapsed,
		settledThisSession: settled - session.settled,
		remaining,
	});
	const cross = theme.ascii ? 'x' : '×';
	const first: Part[] = [
		{text: 'flowdeck', priority: 0, style: theme.text('title')},
		{text: sceneFile ? basename(sceneFile) : '', priority: 3},
		{text: `${settings.model} ${settings.aspect} ${cross}${settings.copies}`, priority: 4},
		{text: plural(counts.total, 'scene'), priority: 5},
		{text: `elapsed ${formatDuration(elapsed)}`, priority: 1},
		{
			text: state.endedAt || state.paused ? '' : `ETA ${eta === undefined ? '-' : formatDuration(eta)}`,
			priority: 2,
		},
	];
	const running = counts.submitting + counts.polling + counts.downloading;
	const status = state.stopping ? 'STOPPING' : state.paused ? 'PAUSED' : '';
	const g = theme.glyphs.state;
	const second: Part[] = [
		{text: status, priority: 0, style: theme.text('warn')},
		{
			text: `${running > 0 ? theme.glyph('polling', tick) : g.queued} ${running} running`,
			priority: 1,
			style: theme.text('accent'),
		},
		{text: `${g.done} ${counts.done} done`, priority: 2, style: theme.text('good')},
		{text: `${g.failed} ${counts.failed} failed`, priority: 3, style: counts.failed ? theme.text('bad') : {}},
		{text: `${g.queued} queue: ${counts.queued} waiting`, priority: 4},
		{
			text: `${g['in-doubt']} ${counts['in-doubt']} in doubt`,
			priority: 5,
			style: counts['in-doubt'] ? theme.text('warn') : {},
		},
		{text: `${g.skipped} ${counts.skipped} skipped`, priority: 6},
		{text: plural(counts.files, 'file'), priority: 7},
	];
	return (
		<Box flexDirection="column" width={width}>
			<Line parts={first} width={width} />
			<Line parts={second} width={width} />
		</Box>
	);
}

function Line({parts, width}: {parts: Part[]; width: number}) {
	const present = parts.filter((part) => part.text !== '');
	const kept = fitParts(present, width);
	return (
		<Text>
			{kept.map((i, n) => (
				<Text key={i} {...(present[i]?.style ?? {})}>
					{n > 0 ? '  ' : ''}
					{present[i]?.text}
				</Text>
			))}
		</Text>
	);
}

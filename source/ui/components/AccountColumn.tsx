import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {sceneStates} from '../../core/events.js';
import {isActive} from '../../core/run-state.js';
import type {Column} from '../columns.js';
import {healthText} from '../describe.js';
import {type ColumnRow, columnRows, rowsHeight} from '../fold.js';
import {formatCount} from '../format.js';
import {useTheme} from '../hooks/use-theme.js';
import {displayWidth, fitParts, padTo} from '../text.js';
import type {Theme} from '../theme.js';
import {isTimed, SceneLine} from './SceneLine.js';

export type AccountColumnProps = {
	column: Column;
	width: number;
	/** Outer height, borders included. */
	height: number;
	focused: boolean;
	/** The selected scene; undefined unless the column is focused. */
	selected: number | undefined;
	indexWidth: number;
	/** Shown by the queue column only. */
	paused: boolean;
	/** The time, for a column that shows it (columnIsTimed); any constant for one that does not. */
	now: number;
	tick: number;
};

/** Borders (2) and the title (2 lines). */
const chromeLines = 4;

/** Whether the clock alone changes what a column shows: a running scene or a cooling countdown. */
export const columnIsTimed = (column: Column): boolean =>
	(column.kind === 'account' &&
		column.account.health === 'cooling-down' &&
		column.account.until !== undefined) ||
	column.scenes.some(isTimed);

/**
 * One account (or the queue): who it is and how it is, then its scenes, folded to fit. Memoised: a
 * column whose scenes, account and size did not change, and that shows no clock, is not drawn again.
 */
export const AccountColumn = memo(function AccountColumn(props: AccountColumnProps) {
	const {column, width, height, focused, selected, indexWidth, now, tick} = props;
	const theme = useTheme();
	const inner = Math.max(1, width - 2);
	const lines = Math.max(1, height - chromeLines);
	const rows = useMemo(() => columnRows(column.scenes, selected, lines), [column.scenes, selected, lines]);
	// Everything is cut to fit already; clipping (which Ink pays for on every line of every frame) is
	// only needed when the terminal is too short for the title or a running scene's two lines.
	const fits = height >= chromeLines + 1 && rowsHeight(rows) <= lines;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={focused ? theme.borderFocused : theme.border}
			borderColor={theme.borderColor(focused)}
			overflow={fits ? undefined : 'hidden'}
		>
			<Box flexDirection="column" flexShrink={0}>
				<ColumnTitle {...props} inner={inner} />
			</Box>
			<Box flexDirection="column" height={lines} overflow={fits ? undefined : 'hidden'}>
				{rows.map((row) => {
					if (row.kind === 'scene') {
						const timed = isTimed(row.scene);
						return (
							<SceneLine
								key={`s${row.scene.index}`}
								scene={row.scene}
								width={inner}
								selected={row.scene.index === selected}
								indexWidth={indexWidth}
								lines={row.lines}
								now={timed ? now : 0}
								tick={timed ? tick : 0}
							/>
						);
					}
					return (
						<MutedLine
							key={row.kind === 'more' ? `m-${row.direction}` : 'folded'}
							text={rowText(row, theme)}
							width={inner}
						/>
					);
				})}
			</Box>
		</Box>
	);
});

function ColumnTitle({column, inner, paused, now}: AccountColumnProps & {inner: number}) {
	const theme = useTheme();
	const ellipsis = theme.glyphs.ellipsis;
	if (column.kind === 'queue') {
		const waiting = column.scenes.filter((scene) => scene.state === 'queued').length;
		const other = column.scenes.length - waiting;
		const info = [`${waiting} waiting`, ...(other > 0 ? [`${other} unplaced`] : [])].join(', ');
		return (
			<>
				<Text {...theme.text('title')}>{padTo('queue', inner, ellipsis)}</Text>
				<Text {...(paused ? theme.text('warn') : theme.text('muted'))}>
					{padTo(paused ? `${info} (paused)` : info, inner, ellipsis)}
				</Text>
			</>
		);
	}
	const {account} = column;
	const health = healthText(account, now);
	// The name keeps a few letters even beside a long health ("quota exhausted").
	const nameRoom = Math.max(Math.min(displayWidth(account.name), 8), inner - displayWidth(health) - 1);
	const name = padTo(account.name, Math.min(inner, nameRoom), ellipsis).trimEnd();
	const active = column.scenes.filter(isActive).length;
	const parts = [
		{text: `${active} running`, priority: 0},
		{text: account.credits === undefined ? '' : `${formatCount(account.credits)} cr`, priority: 1},
		{text: account.transport ?? '', priority: 2},
	].filter((part) => part.text !== '');
	const info = fitParts(parts, inner, ' ')
		.map((i) => parts[i]?.text)
		.join(' ');
	return (
		<>
			<Text>
				<Text {...theme.text('title')}>{name}</Text>
				{displayWidth(name) < inner ? ' ' : ''}
				<Text {...theme.health(account.health)}>
					{padTo(health, inner - displayWidth(name) - 1, ellipsis)}
				</Text>
			</Text>
			<Text {...theme.text('muted')}>{padTo(info, inner, ellipsis)}</Text>
		</>
	);
}

const MutedLine = memo(function MutedLine({text, width}: {text: string; width: number}) {
	const theme = useTheme();
	return <Text {...theme.text('muted')}>{padTo(text, width, theme.glyphs.ellipsis)}</Text>;
});

function rowText(row: Exclude<ColumnRow, {kind: 'scene'}>, theme: Theme): string {
	if (row.kind === 'more') {
		const arrow = row.direction === 'up' ? theme.glyphs.more.up : theme.glyphs.more.down;
		return ` ${arrow} ${row.count} more`;
	}
	const counts = sceneStates
		.filter((state) => (row.states[state] ?? 0) > 0)
		.map((state) => `${theme.glyph(state, 0)}${row.states[state]}`);
	return ` ${theme.glyphs.folded} ${row.count} folded ${counts.join(' ')}`;
}

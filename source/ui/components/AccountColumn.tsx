import {Box, Text} from 'ink';
import {sceneStates} from '../../core/events.js';
import {isActive} from '../../core/run-state.js';
import type {Column} from '../columns.js';
import {healthText} from '../describe.js';
import {type ColumnRow, columnRows} from '../fold.js';
import {formatCount} from '../format.js';
import {useTheme} from '../hooks/use-theme.js';
import {displayWidth, fitParts, padTo} from '../text.js';
import type {Theme} from '../theme.js';
import {SceneLine} from './SceneLine.js';

export type AccountColumnProps = {
	column: Column;
	width: number;
	/** Outer height, borders included. */
	height: number;
	focused: boolean;
	selected: number | undefined;
	indexWidth: number;
	paused: boolean;
	now: number;
	tick: number;
};

/** One account (or the queue): who it is and how it is, then its scenes, folded to fit. */
export function AccountColumn(props: AccountColumnProps) {
	const {column, width, height, focused, selected, indexWidth, now, tick} = props;
	const theme = useTheme();
	const inner = Math.max(1, width - 2);
	const lines = Math.max(1, height - 4);
	const rows = columnRows(column.scenes, focused ? selected : undefined, lines);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={focused ? theme.borderFocused : theme.border}
			borderColor={theme.borderColor(focused)}
			overflow="hidden"
		>
			<Box flexDirection="column" flexShrink={0}>
				<ColumnTitle {...props} inner={inner} />
			</Box>
			<Box flexDirection="column" height={lines} overflow="hidden">
				{rows.map((row) => (
					<Row
						key={rowKey(row)}
						row={row}
						width={inner}
						selected={selected}
						focused={focused}
						indexWidth={indexWidth}
						now={now}
						tick={tick}
					/>
				))}
			</Box>
		</Box>
	);
}

const rowKey = (row: ColumnRow): string =>
	row.kind === 'scene' ? `s${row.scene.index}` : row.kind === 'more' ? `m-${row.direction}` : 'folded';

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

function Row(props: {
	row: ColumnRow;
	width: number;
	selected: number | undefined;
	focused: boolean;
	indexWidth: number;
	now: number;
	tick: number;
}) {
	const {row, width} = props;
	const theme = useTheme();
	if (row.kind === 'scene') {
		return (
			<SceneLine
				scene={row.scene}
				width={width}
				selected={props.focused && row.scene.index === props.selected}
				indexWidth={props.indexWidth}
				lines={row.lines}
				now={props.now}
				tick={props.tick}
			/>
		);
	}
	if (row.kind === 'more') {
		const arrow = row.direction === 'up' ? theme.glyphs.more.up : theme.glyphs.more.down;
		return (
			<Text {...theme.text('muted')}>
				{padTo(` ${arrow} ${row.count} more`, width, theme.glyphs.ellipsis)}
			</Text>
		);
	}
	return <Text {...theme.text('muted')}>{padTo(foldedText(row, theme), width, theme.glyphs.ellipsis)}</Text>;
}

function foldedText(row: Extract<ColumnRow, {kind: 'folded'}>, theme: Theme): string {
	const counts = sceneStates
		.filter((state) => (row.states[state] ?? 0) > 0)
		.map((state) => `${theme.glyph(state, 0)}${row.states[state]}`);
	return ` ${theme.glyphs.folded} ${row.count} folded ${counts.join(' ')}`;
}

import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import {type ReactNode, useMemo} from 'react';
import {filesOf, type SceneView} from '../../core/run-state.js';
import {useTheme} from '../hooks/use-theme.js';
import {oneLine, padTo, truncate} from '../text.js';
import type {Theme} from '../theme.js';

type Row = Record<string, string>;

const columns = ['#', 'account', 'state', 'tries', 'files', 'error'] as const;
/** Borders and heading: top, heading, the line under it, bottom. */
const chromeLines = 4;

/**
 * ink-table draws a line between every two rows; on a 24-row terminal that halves what fits. Only
 * the line under the heading is kept (ink-table keys it by row position: `…-0`).
 */
class CompactTable extends Table<Row> {
	constructor(props: ConstructorParameters<typeof Table<Row>>[0]) {
		super(props);
		const separator = this.separator;
		this.separator = (row) => (row.key.endsWith('-0') ? separator(row) : <Box key={row.key} />);
	}
}

export type TableViewProps = {
	scenes: SceneView[];
	selected: number | undefined;
	width: number;
	height: number;
};

/** Every scene, one row each, paged to the height; the page follows the selection. */
export function TableView({scenes, selected, width, height}: TableViewProps) {
	const theme = useTheme();
	const perPage = Math.max(1, height - chromeLines - 1);
	const position = Math.max(
		0,
		scenes.findIndex((scene) => scene.index === selected),
	);
	const page = Math.floor(position / perPage);
	const pages = Math.max(1, Math.ceil(scenes.length / perPage));
	const shown = scenes.slice(page * perPage, (page + 1) * perPage);
	const rows = shown.map((scene) => rowOf(scene, scene.index === selected, theme));
	fitErrors(rows, width, theme.glyphs.ellipsis);
	const components = useMemo(() => tableParts(theme), [theme]);
	const first = page * perPage + 1;
	const last = page * perPage + shown.length;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<CompactTable
				key={`${theme.ascii}-${theme.color}`}
				data={rows}
				columns={[...columns]}
				{...components}
			/>
			<Text {...theme.text('muted')}>
				{padTo(
					`scenes ${first}-${last} of ${scenes.length}, page ${page + 1}/${pages}   ${theme.glyphs.keys.up}${theme.glyphs.keys.down} select  t close`,
					width,
					theme.glyphs.ellipsis,
				)}
			</Text>
		</Box>
	);
}

function rowOf(scene: SceneView, selected: boolean, theme: Theme): Row {
	const files = filesOf(scene).length;
	return {
		'#': `${selected ? theme.glyphs.cursor : ' '}${scene.index}`,
		account: scene.account ?? '-',
		state: scene.state,
		tries: String(scene.attempt),
		files: `${files}/${scene.copies}`,
		error: scene.error ? oneLine(scene.error) : '',
	};
}

/** The error column gets what the others leave (ink-table sizes columns to their longest cell). */
function fitErrors(rows: Row[], width: number, ellipsis: string): void {
	const widthOf = (key: string) => Math.max(key.length, ...rows.map((row) => (row[key] ?? '').length)) + 2;
	const fixed = columns.filter((key) => key !== 'error').reduce((sum, key) => sum + widthOf(key), 0);
	const room = width - fixed - (columns.length + 1) - 2;
	for (const row of rows) row.error = truncate(row.error ?? '', Math.max(5, room), ellipsis);
}

/** Cells and lines through the theme: ASCII borders with --ascii, no colour with NO_COLOR. */
function tableParts(theme: Theme) {
	const stateColumn = columns.indexOf('state');
	return {
		skeleton: ({children}: {children?: ReactNode}) => (
			<Text {...theme.text('muted')}>{theme.glyphs.tableChar(String(children ?? ''))}</Text>
		),
		header: ({children}: {children?: ReactNode}) => <Text {...theme.text('title')}>{children}</Text>,
		cell: ({column, children}: {column: number; children?: ReactNode}) => {
			const text = String(children ?? '');
			const state = text.trim() as SceneView['state'];
			return <Text {...(column === stateColumn ? theme.scene(state) : {})}>{text}</Text>;
		},
	};
}

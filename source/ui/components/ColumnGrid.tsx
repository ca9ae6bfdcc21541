import {Box, Text} from 'ink';
import type {Column, Page} from '../columns.js';
import {AccountColumn, columnIsTimed} from './AccountColumn.js';

type Props = {
	page: Page;
	width: number;
	height: number;
	/** The focused column's key, or undefined when an overlay takes the focus. */
	focus: string | undefined;
	selected: number | undefined;
	indexWidth: number;
	paused: boolean;
	now: number;
	tick: number;
};

/** The account columns of the current page, side by side. */
export function ColumnGrid({page, width, height, focus, selected, indexWidth, paused, now, tick}: Props) {
	return (
		<Box flexDirection="row" width={width} height={height}>
			{page.visible.length === 0 ? <Text>no accounts</Text> : null}
			{page.visible.map((column: Column, i) => {
				const focused = column.key === focus;
				const timed = columnIsTimed(column);
				return (
					<AccountColumn
						key={column.key}
						column={column}
						width={page.widths[i] ?? 20}
						height={height}
						focused={focused}
						selected={focused ? selected : undefined}
						indexWidth={indexWidth}
						paused={column.kind === 'queue' && paused}
						now={timed ? now : 0}
						tick={timed ? tick : 0}
					/>
				);
			})}
		</Box>
	);
}

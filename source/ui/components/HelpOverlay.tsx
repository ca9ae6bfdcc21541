import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {bindingLabel, scrollHelpRows} from '../key-labels.js';
import {keyTable} from '../keys.js';
import {displayWidth, padTo} from '../text.js';

/** Every key of the key table and the details pane's scroll keys, with what they do. */
export function HelpOverlay({width, height}: {width: number; height: number}) {
	const theme = useTheme();
	const e = theme.glyphs.ellipsis;
	const rows = [
		...keyTable.map((binding) => ({keys: bindingLabel(binding, theme.glyphs), text: binding.description})),
		...scrollHelpRows(theme.glyphs),
		{keys: 'Ctrl-C', text: 'stop submitting; again: stop at once (resume continues)'},
		{keys: `${theme.glyphs.keys.escape} ?`, text: 'close this help'},
	];
	const keysWidth = Math.max(...rows.map((row) => displayWidth(row.keys)));
	const inner = Math.max(1, width - 4);
	// Borders and title take three lines; on a very short terminal the last rows give way.
	const room = Math.max(1, height - 3);
	const shown =
		rows.length > room
			? [
					...rows.slice(0, room - 1),
					{keys: '', text: `${rows.length - room + 1} more: a taller terminal shows them`},
				]
			: rows;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={theme.borderFocused}
			borderColor={theme.borderColor(true)}
			paddingX={1}
			overflow="hidden"
		>
			<Text {...theme.text('title')}>{padTo('keys', inner, e)}</Text>
			{shown.map((row) => (
				<Text key={row.keys}>
					<Text {...theme.text('key')}>{padTo(row.keys, keysWidth, e)}</Text>
					{'  '}
					{padTo(row.text, Math.max(0, inner - keysWidth - 2), e)}
				</Text>
			))}
		</Box>
	);
}

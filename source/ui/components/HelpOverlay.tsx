import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {bindingLabel, scrollHelpRows} from '../key-labels.js';
import {keyTable} from '../keys.js';
import {displayWidth, fitParts, padTo} from '../text.js';
import type {Glyphs} from '../theme.js';

/**
 * Every key of the key table and the details pane's scroll keys, with what they do; and, when the run
 * has scenes made from images or clips (`modes`), what their tags on the scene lines mean, beside the
 * title: a row of its own would push the last keys off an 80×24 screen.
 */
export function HelpOverlay({
	width,
	height,
	modes = false,
}: {
	width: number;
	height: number;
	modes?: boolean;
}) {
	const theme = useTheme();
	const e = theme.glyphs.ellipsis;
	const rows = [
		...keyTable.map((binding) => ({keys: bindingLabel(binding, theme.glyphs), text: binding.description})),
		...scrollHelpRows(theme.glyphs),
		{keys: 'Ctrl-C', text: 'stop submitting; again: stop at once (resume continues)'},
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
	const title = 'keys';
	const legend = modes ? modeLegend(theme.glyphs.mode, inner - displayWidth(title) - 2) : '';
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
			{legend === '' ? (
				<Text {...theme.text('title')}>{padTo(title, inner, e)}</Text>
			) : (
				<Text>
					<Text {...theme.text('title')}>{title}</Text>
					{'  '}
					<Text {...theme.text('muted')}>{padTo(legend, inner - displayWidth(title) - 2, e)}</Text>
				</Text>
			)}
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

/** `◧ start frame  ◫ start+end  …`: as many of the scene tags (scene-mode.ts) as fit in `width`. */
function modeLegend(mode: Glyphs['mode'], width: number): string {
	const parts = [
		{text: `${mode.frames} start frame`, priority: 0},
		{text: `${mode.framesEnd} start+end`, priority: 1},
		{text: `${mode.references} references`, priority: 2},
		{text: `${mode.extend} extends`, priority: 3},
		{text: `${mode.upscale} upscaled`, priority: 4},
	];
	return fitParts(parts, width)
		.map((i) => parts[i]?.text)
		.join('  ');
}

import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {padTo} from '../text.js';

export const confirmQuitHeight = 5;

/** Quitting mid-run loses nothing, but stops what is running: say so, and ask. */
export function ConfirmQuit({
	width,
	running,
	queued,
	outDir,
}: {
	width: number;
	running: number;
	queued: number;
	outDir: string;
}) {
	const theme = useTheme();
	const inner = Math.max(1, width - 4);
	const e = theme.glyphs.ellipsis;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={confirmQuitHeight}
			borderStyle={theme.borderFocused}
			borderColor={theme.color ? 'yellow' : undefined}
			paddingX={1}
		>
			<Text {...theme.text('warn')}>
				{padTo(`Quit now? ${running} running, ${queued} waiting.`, inner, e)}
			</Text>
			<Text>{padTo(`The state is saved; \`flowdeck resume ${outDir}\` continues.`, inner, e)}</Text>
			<Text>
				<Text {...theme.text('key')}>y</Text>
				{' quit now   '}
				<Text {...theme.text('key')}>n</Text>
				{' keep running'}
			</Text>
		</Box>
	);
}

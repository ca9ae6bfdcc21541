import {Box, Text} from 'ink';
import type {SceneView} from '../../core/run-state.js';
import {useTheme} from '../hooks/use-theme.js';
import {padTo} from '../text.js';

export const confirmSkipHeight = 5;

/** Skipping a scene whose submit went out abandons videos already paid for: say so, and ask. */
export function ConfirmSkip({scene, width}: {scene: SceneView; width: number}) {
	const theme = useTheme();
	const inner = Math.max(1, width - 4);
	const e = theme.glyphs.ellipsis;
	const one = scene.copies === 1;
	const videos = one ? 'Its video is' : `Its ${scene.copies} videos are`;
	const lead = 'y skip it   n';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={confirmSkipHeight}
			borderStyle={theme.borderFocused}
			borderColor={theme.color ? 'yellow' : undefined}
			paddingX={1}
		>
			<Text {...theme.text('warn')}>
				{padTo(`Skip scene ${scene.index}? ${videos} paid for (credits spent).`, inner, e)}
			</Text>
			<Text>
				{padTo(`Skipping abandons ${one ? 'it' : 'them'}; retrying (r) pays again. [y/N]`, inner, e)}
			</Text>
			<Text>
				<Text {...theme.text('key')}>y</Text>
				{' skip it   '}
				<Text {...theme.text('key')}>n</Text>
				{padTo(' keep it (esc or any other key too)', Math.max(0, inner - lead.length), e)}
			</Text>
		</Box>
	);
}

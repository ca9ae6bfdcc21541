import {Box, Text} from 'ink';
import type {SceneView} from '../../core/run-state.js';
import {sceneDetail} from '../describe.js';
import {formatBytes} from '../format.js';
import {useTheme} from '../hooks/use-theme.js';
import {oneLine, padTo} from '../text.js';

/** Everything known about one scene: the full prompt, where it runs, its media, files and error. */
export function DetailsPane({
	scene,
	width,
	height,
	now,
}: {
	scene: SceneView | undefined;
	width: number;
	height: number;
	now: number;
}) {
	const theme = useTheme();
	const inner = Math.max(1, width - 4);
	const e = theme.glyphs.ellipsis;
	const label = (text: string) => <Text {...theme.text('muted')}>{text}</Text>;
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
			{scene ? (
				<Box flexDirection="column" flexShrink={0}>
					<Text {...theme.text('title')}>
						{padTo(
							`scene ${scene.index} (id ${scene.id}) ${theme.glyph(scene.state, 0)} ${scene.state}, attempt ${scene.attempt}`,
							inner,
							e,
						)}
					</Text>
					<Text>
						{label('account ')}
						{padTo(`${scene.account ?? '-'}   project ${scene.projectId ?? '-'}`, inner - 8, e)}
					</Text>
					<Text>
						{label('model   ')}
						{padTo(
							`${scene.model} ${scene.aspect}, ${scene.copies} ${scene.copies === 1 ? 'copy' : 'copies'}${scene.seed === undefined ? '' : `, seed ${scene.seed}`}`,
							inner - 8,
							e,
						)}
					</Text>
					<Text>
						{label('now     ')}
						{padTo(sceneDetail(scene, now), inner - 8, e)}
					</Text>
					{label('prompt')}
					<Text>{oneLine(scene.prompt)}</Text>
					{scene.media.length > 0 ? label('media') : null}
					{scene.media.map((media) => (
						<Text key={media.name}>
							{padTo(
								`${media.copy}. ${media.state}${media.file ? ` ${media.file}` : ''}${media.bytes ? ` (${formatBytes(media.bytes)})` : ''}  ${media.name}`,
								inner,
								e,
							)}
						</Text>
					))}
					{scene.error ? label('error') : null}
					{scene.error ? <Text {...theme.scene(scene.state)}>{oneLine(scene.error)}</Text> : null}
				</Box>
			) : (
				<Text>no scene selected</Text>
			)}
			<Text {...theme.text('muted')}>
				{padTo(`${theme.glyphs.keys.return}/${theme.glyphs.keys.escape} close  r retry  s skip`, inner, e)}
			</Text>
		</Box>
	);
}

import {Box, Text} from 'ink';
import {sceneDetail} from '../describe.js';
import {labelWidth} from '../details-layout.js';
import type {DetailsPaneModel} from '../hooks/use-details-pane.js';
import {useTheme} from '../hooks/use-theme.js';
import {keyHints, scrollHints} from '../key-labels.js';
import {windowLabel} from '../scroll-window.js';
import {hasTakes, mediaRow} from '../take-rows.js';
import {fitParts, padTo, truncateStart} from '../text.js';

/**
 * When the hint line is short the lowest numbers stay: closing the pane first, then the line and
 * page scroll keys (the help lists the rest), then retry and skip, then the jumps to the ends.
 */
const scrollPriority = [1, 2, 5];
const retryPriority = 3;

/**
 * Everything known about one scene: the full prompt, where it runs, how it is made (its mode and
 * inputs, scene-mode.ts; nothing for a text scene), its media (for copies: its takes, take-rows.ts),
 * files and error.
 * The rows come from useDetailsPane: the prompt is a scrolling window, the rest always shows.
 */
export function DetailsPane({
	details,
	width,
	height,
	now,
}: {
	details: DetailsPaneModel;
	width: number;
	height: number;
	now: number;
}) {
	const theme = useTheme();
	const {scene, inner, layout, prompt} = details;
	const e = theme.glyphs.ellipsis;
	const label = (text: string) => <Text {...theme.text('muted')}>{padTo(text, labelWidth, e)}</Text>;
	const rest = inner - labelWidth;
	const header = scene
		? [
				<Text key="title" {...theme.text('title')}>
					{padTo(
						`scene ${scene.index} (id ${scene.id}) ${theme.glyph(scene.state, 0)} ${scene.state}, attempt ${scene.attempt}`,
						inner,
						e,
					)}
				</Text>,
				<Text key="account">
					{label('account')}
					{padTo(`${scene.account ?? '-'}   project ${scene.projectId ?? '-'}`, rest, e)}
				</Text>,
				<Text key="model">
					{label('model')}
					{padTo(
						`${scene.model} ${scene.aspect}, ${scene.copies} ${scene.copies === 1 ? 'copy' : 'copies'}${scene.seed === undefined ? '' : `, seed ${scene.seed}`}`,
						rest,
						e,
					)}
				</Text>,
				<Text key="now">
					{label('now')}
					{padTo(sceneDetail(scene, now), rest, e)}
				</Text>,
			]
		: [];
	const pick = hasTakes(scene)
		? keyHints(theme.glyphs).find((hint) => hint.label === 'pick take')
		: undefined;
	const hints = [
		{text: `${theme.glyphs.keys.return}/${theme.glyphs.keys.escape} close`, priority: 0},
		// Right after close: a done scene's takes are what this pane is opened for.
		...(pick ? [{text: `${pick.keys} ${pick.label}`, priority: 0.5}] : []),
		// Nothing to scroll: keys that would do nothing are left out.
		...(prompt.clipped
			? scrollHints(theme.glyphs).map((hint, i) => ({
					text: `${hint.keys} ${hint.label}`,
					priority: scrollPriority[i] ?? retryPriority + 2,
				}))
			: []),
		{text: 'r retry', priority: retryPriority},
		{text: 's skip', priority: retryPriority + 1},
	];
	const hint = fitParts(hints, inner)
		.map((i) => hints[i]?.text)
		.join('  ');
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
					{header.slice(0, layout.header)}
					{details.inputs.map((row, i) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: a row is the input with this number
						<Text key={`input-${i}`}>
							{label(row.label)}
							{row.path ? padTo(truncateStart(row.text, rest, e), rest, e) : padTo(row.text, rest, e)}
						</Text>
					))}
					{layout.promptLabel ? (
						<Text>
							{label('prompt')}
							<Text {...theme.text('accent')}>
								{padTo(prompt.clipped ? windowLabel(prompt) : '', rest, e)}
							</Text>
						</Text>
					) : null}
					{prompt.lines.map((line, i) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: a row is the prompt's line with this number
						<Text key={prompt.first + i}>{padTo(line, inner, e)}</Text>
					))}
					{scene.media.slice(0, layout.media).map((media, i) => (
						<Text key={media.name}>
							{label(i === 0 ? 'media' : '')}
							{padTo(mediaRow(scene, media, theme.glyphs.chosen), rest, e)}
						</Text>
					))}
					{details.error.map((line, i) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: a row is the error's line with this number
						<Text key={i}>
							{label(i === 0 ? 'error' : '')}
							<Text {...theme.scene(scene.state)}>{padTo(line, rest, e)}</Text>
						</Text>
					))}
				</Box>
			) : (
				<Text>no scene selected</Text>
			)}
			{layout.hint ? <Text {...theme.text('muted')}>{padTo(hint, inner, e)}</Text> : null}
		</Box>
	);
}

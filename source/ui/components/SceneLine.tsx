import {Text} from 'ink';
import {memo} from 'react';
import type {SceneView} from '../../core/run-state.js';
import {sceneDetail} from '../describe.js';
import {useTheme} from '../hooks/use-theme.js';
import {modeTag} from '../scene-mode.js';
import {displayWidth, oneLine, padTo} from '../text.js';

export type SceneLineProps = {
	scene: SceneView;
	width: number;
	selected: boolean;
	/** Digits of the largest scene index, so prompts line up. */
	indexWidth: number;
	lines: 1 | 2;
	now: number;
	tick: number;
};

/** Whether a scene's lines change with the clock alone: its spinner and "polling 42s". */
export const isTimed = (scene: SceneView): boolean =>
	scene.state === 'submitting' || scene.state === 'polling';

/**
 * `›✓ 12 A lighthouse at du…` (`›✓ 12 ◧⇑ A lighthouse…` for a scene made from a frame and upscaled,
 * scene-mode.ts) and, for a running or failed scene, what it is doing below. Drawn
 * again only when its props change: give a scene that is not timed (isTimed) a constant `now` and
 * `tick`, and the clock alone never redraws it.
 */
export const SceneLine = memo(function SceneLine({
	scene,
	width,
	selected,
	indexWidth,
	lines,
	now,
	tick,
}: SceneLineProps) {
	const theme = useTheme();
	const cursor = selected ? theme.glyphs.cursor : ' ';
	const glyph = theme.glyph(scene.state, tick);
	const index = String(scene.index).padStart(indexWidth);
	const head = `${cursor}${glyph} ${index} `;
	// The mode's tag takes its cells from the prompt, never from beyond the column; a column too
	// narrow to keep a cell of the prompt beside it goes without.
	const fullTag = modeTag(scene.inputs, theme.glyphs.mode);
	const tag = displayWidth(head) + displayWidth(fullTag) + 2 <= width ? fullTag : '';
	const prefix = tag === '' ? head : `${head}${tag} `;
	const prompt = padTo(oneLine(scene.prompt), width - displayWidth(prefix), theme.glyphs.ellipsis);
	const indent = ' '.repeat(Math.min(width, 3 + indexWidth));
	const detail =
		lines === 2
			? padTo(sceneDetail(scene, now, width - indent.length), width - indent.length, theme.glyphs.ellipsis)
			: '';
	const highlight = selected ? theme.text('selected') : {};
	// Two sibling lines in the column's box (no box of its own: one layout node less per scene).
	return (
		<>
			<Text>
				{/* A styled blank is escapes for nothing: only the cursor itself has a colour. */}
				{selected ? <Text {...theme.text('key')}>{cursor}</Text> : cursor}
				<Text {...theme.scene(scene.state)}>{glyph}</Text>
				<Text {...highlight}>
					{' '}
					{index}{' '}
					{tag === '' ? null : (
						<>
							<Text {...theme.text('accent')}>{tag}</Text>{' '}
						</>
					)}
					{prompt}
				</Text>
			</Text>
			{lines === 2 ? (
				<Text>
					{indent}
					<Text {...theme.scene(scene.state)}>{detail}</Text>
				</Text>
			) : null}
		</>
	);
});

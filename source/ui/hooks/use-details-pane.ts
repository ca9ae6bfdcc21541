import {useMemo} from 'react';
import type {SceneView} from '../../core/run-state.js';
import {capLines, type DetailsLayout, detailsLayout, labelWidth, maxErrorLines} from '../details-layout.js';
import {type InputRow, inputRows} from '../scene-mode.js';
import {type ScrollWindow, scrollWindow} from '../scroll-window.js';
import {oneLine, wrapText} from '../text.js';
import {useTheme} from './use-theme.js';

export type DetailsPaneModel = {
	scene: SceneView | undefined;
	/** Cells inside the border and padding. */
	inner: number;
	layout: DetailsLayout;
	prompt: ScrollWindow;
	/** The error's lines in view, cut to fit. */
	error: string[];
	/** The mode and input rows in view (none for a text scene). */
	inputs: InputRow[];
};

/** Border (2) and padding (2) around the text, top and bottom border around the rows. */
const chromeColumns = 4;
const chromeRows = 2;

/**
 * What the details pane shows of a scene at this size and scroll offset. App asks for it, not the
 * pane, because the keys need the same window to know where scrolling stops.
 */
export function useDetailsPane(
	scene: SceneView | undefined,
	width: number,
	height: number,
	offset: number,
): DetailsPaneModel {
	const theme = useTheme();
	const inner = Math.max(1, width - chromeColumns);
	const prompt = scene?.prompt ?? '';
	const error = scene?.error;
	// A 4,400-character prompt is wrapped once per size, not on every clock tick.
	const promptLines = useMemo(() => wrapText(oneLine(prompt), inner), [prompt, inner]);
	const errorLines = useMemo(
		() => (error ? wrapText(oneLine(error), Math.max(1, inner - labelWidth)) : []),
		[error, inner],
	);
	const inputs = useMemo(() => (scene ? inputRows(scene) : []), [scene]);
	const layout = detailsLayout(
		height - chromeRows,
		scene
			? {
					promptLines: promptLines.length,
					media: scene.media.length,
					errorLines: errorLines.length,
					inputs: inputs.length,
				}
			: {promptLines: 0, media: 0, errorLines: 0},
	);
	return {
		scene,
		inner,
		layout,
		prompt: scrollWindow(promptLines, layout.prompt, offset),
		error: capLines(
			errorLines,
			Math.min(layout.error, maxErrorLines),
			Math.max(1, inner - labelWidth),
			theme.glyphs.ellipsis,
		),
		inputs: inputs.slice(0, layout.inputs),
	};
}

// How a scene is made, as the dashboard shows it (issue 18): a short tag on its column line and the
// input rows of the details pane. A text scene without an upscale shows nothing, so a text-only run
// draws exactly what it drew before modes existed.
import type {SceneView} from '../core/run-state.js';
import {modeOf, type SceneInputs} from '../core/scenes/inputs.js';
import type {Glyphs} from './theme.js';

/**
 * The mode's glyph, then the upscale's: `◧`, `◫⇑`, `⇑` (a text scene upscaled), or '' for a plain
 * text scene. The mode first, so that the mode glyphs of a column line up under one another.
 */
export function modeTag(inputs: SceneInputs | undefined, glyphs: Glyphs['mode']): string {
	if (inputs === undefined) return '';
	const mode = modeOf(inputs);
	const made =
		mode === 'frames'
			? inputs.endImage === undefined
				? glyphs.frames
				: glyphs.framesEnd
			: mode === 'text'
				? ''
				: glyphs[mode];
	return made + (inputs.upscale === undefined ? '' : glyphs.upscale);
}

/**
 * One row of the details pane's inputs: a label (the pane's label column) and its text. A `path` is
 * cut at its start when too long: its file name is what tells the images apart.
 */
export type InputRow = {label: string; text: string; path?: boolean};

const modeWords = (scene: SceneView): string => {
	const inputs = scene.inputs;
	switch (modeOf(inputs)) {
		case 'frames':
			return inputs?.endImage === undefined ? 'frames: from a start frame' : 'frames: start and end frame';
		case 'references':
			return `references: ${inputs?.refs?.length ?? 0} image${inputs?.refs?.length === 1 ? '' : 's'}`;
		case 'extend':
			return `extend: extends scene ${inputs?.extend}`;
		default:
			return 'text';
	}
};

/**
 * The scene's mode and inputs, a row each: `mode`, `start`, `end`, one `refs` row per image, then
 * `upscale` with the upscaled files once they are downloaded. None for a plain text scene.
 */
export function inputRows(scene: SceneView): InputRow[] {
	const inputs = scene.inputs;
	if (inputs === undefined) return [];
	const rows: InputRow[] = [{label: 'mode', text: modeWords(scene)}];
	if (inputs.image !== undefined) rows.push({label: 'start', text: inputs.image, path: true});
	if (inputs.endImage !== undefined) rows.push({label: 'end', text: inputs.endImage, path: true});
	for (const [i, ref] of (inputs.refs ?? []).entries())
		rows.push({label: i === 0 ? 'refs' : '', text: ref, path: true});
	if (inputs.upscale !== undefined) {
		const files = scene.media
			.filter((media) => media.upscale !== undefined && media.state === 'downloaded' && media.file)
			.sort((a, b) => a.copy - b.copy)
			.map((media) => media.file as string);
		const target = `to ${inputs.upscale}`;
		rows.push({label: 'upscale', text: files.length === 0 ? target : `${target}: ${files.join(', ')}`});
	}
	return rows;
}

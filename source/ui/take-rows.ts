import {type MediaView, type SceneView, takesOf} from '../core/run-state.js';
import {formatBytes} from './format.js';

/** A done scene with more than one clip saved: 1–4 choose between them (keys.ts, pickTake). */
export const hasTakes = (scene: SceneView | undefined): boolean =>
	scene !== undefined && scene.state === 'done' && takesOf(scene).length > 1;

/** `✓ chosen`, and as many spaces beside the other takes, so their file names line up. */
const markWidth = 8;

/**
 * One media row of the details pane. A scene with copies lists each saved clip as a take, the one it
 * keeps marked (`take 1 ✓ chosen  001-fox-1.mp4 (6.5 MB)`, docs/design.md §4 `chosen`); anything else
 * (a copy still on its way, an upscaled copy) reads copy, state, file, size and media name.
 */
export function mediaRow(scene: SceneView, media: MediaView, chosenGlyph: string): string {
	const size = media.bytes ? ` (${formatBytes(media.bytes)})` : '';
	const isTake =
		scene.copies > 1 &&
		media.upscale === undefined &&
		media.state === 'downloaded' &&
		media.file !== undefined;
	if (!isTake)
		return `${media.copy}. ${media.state}${media.file ? ` ${media.file}` : ''}${size}  ${media.name}`;
	const mark = scene.chosen === media.copy ? `${chosenGlyph} chosen` : '';
	return `take ${media.copy} ${mark.padEnd(markWidth)}  ${media.file}${size}`;
}

import {truncate} from './text.js';

/**
 * How the details pane shares its rows. A long prompt used to push the media, the error and the
 * close hint off the screen (issue 15); now those are placed first and the prompt scrolls in what
 * is left.
 */

/** `media   `, `error   `: the labels the header lines use too. */
export const labelWidth = 8;
/** A longer error is cut: the prompt needs the room more than the tail of a stack of causes. */
export const maxErrorLines = 3;
/** Scene, account, model, now. */
const headerLines = 4;

export type DetailsParts = {
	/** The prompt, wrapped to the pane. */
	promptLines: number;
	media: number;
	/** The error, wrapped to the pane (0: none). */
	errorLines: number;
	/** The mode and inputs rows (scene-mode.ts inputRows); none for a text scene. */
	inputs?: number;
};

export type DetailsLayout = {
	/** The close hint (and the scroll keys) on the last line. */
	hint: boolean;
	/** How many of the header lines, from the top. */
	header: number;
	/** The `prompt` line, which also says where the window is. */
	promptLabel: boolean;
	/** Prompt lines in view (the scroll window's height). */
	prompt: number;
	media: number;
	error: number;
	/** Mode and input rows, from the top (`mode` first). */
	inputs: number;
};

/**
 * Rows handed out in order of need, each part taking what it wants of what is left: the hint, the
 * first line of the error, the media, the title, the prompt's first line, the rest of the header,
 * the mode and inputs, the rest of the error, and the rest goes to the prompt. At 80×24 all but the
 * prompt fit in full.
 */
export function detailsLayout(rows: number, parts: DetailsParts): DetailsLayout {
	let left = Math.max(0, Math.floor(rows));
	const take = (want: number): number => {
		const got = Math.max(0, Math.min(want, left));
		left -= got;
		return got;
	};
	const errors = Math.min(parts.errorLines, maxErrorLines);
	const hint = take(1) === 1;
	let error = take(Math.min(1, errors));
	const media = take(parts.media);
	let header = take(1);
	// The label alone would say nothing: it comes with the first line, or not at all.
	const labelRows = parts.promptLines > 0 ? 2 : 1;
	const promptLabel = left >= labelRows && take(labelRows) === labelRows;
	let prompt = promptLabel ? labelRows - 1 : 0;
	header += take(headerLines - 1);
	const inputs = take(parts.inputs ?? 0);
	error += take(errors - error);
	if (promptLabel) prompt += take(parts.promptLines - prompt);
	return {hint, header, promptLabel, prompt, media, error, inputs};
}

/** At most `count` lines; when some are left out, the last one shown ends with the ellipsis. */
export function capLines(lines: readonly string[], count: number, width: number, ellipsis: string): string[] {
	const shown = lines.slice(0, Math.max(0, count));
	const next = lines[shown.length];
	if (next !== undefined && shown.length > 0) {
		// Wrapping left the next word off this line, so with it the line is too long and gets cut.
		shown[shown.length - 1] = truncate(`${shown[shown.length - 1]} ${next}`, width, ellipsis);
	}
	return shown;
}

/** A frame row as terminal cells: one character and its colours each, when every width is certain. */
import {Style} from './sgr-style.js';

export type Cells = {chars: string[]; styles: string[]};

/** The characters a terminal surely shows one cell wide, as Ink and text.ts count them. */
function isNarrow(code: number): boolean {
	return (
		(code >= 0x20 && code < 0x7f) ||
		(code >= 0xa0 && code < 0x300 && code !== 0xad) ||
		(code >= 0x1e00 && code < 0x1f00) ||
		(code >= 0x2010 && code < 0x2028) ||
		(code >= 0x2030 && code < 0x205f) ||
		(code >= 0x2190 && code < 0x2200) ||
		(code >= 0x2200 && code < 0x2300) ||
		(code >= 0x2500 && code < 0x25a0) ||
		(code >= 0x2800 && code < 0x2900) ||
		code === 0x2713 ||
		code === 0x2717
	);
}

const sgr = /\u001B\[([0-9;]*)m/y;

/** One cell per character with its style; undefined when a cell's width is not certain. */
export function cellsOf(row: string): Cells | undefined {
	const chars: string[] = [];
	const styles: string[] = [];
	const style = new Style();
	let i = 0;
	while (i < row.length) {
		const code = row.charCodeAt(i);
		if (code === 0x1b) {
			sgr.lastIndex = i;
			const match = sgr.exec(row);
			if (!match || !style.apply(match[1] ?? '')) return undefined;
			i = sgr.lastIndex;
			continue;
		}
		if (!isNarrow(code)) return undefined;
		chars.push(row[i] as string);
		styles.push(style.key);
		i++;
	}
	return {chars, styles};
}

/** Cells [from, to) of a row, from a terminal whose style is reset, leaving it reset. */
export function styledRun(cells: Cells, from: number, to: number): string {
	let out = '';
	let current = '';
	for (let c = from; c < to; c++) {
		const style = cells.styles[c] as string;
		if (style !== current) {
			out += style === '' ? '\u001B[0m' : current === '' ? `\u001B[${style}m` : `\u001B[0;${style}m`;
			current = style;
		}
		out += cells.chars[c];
	}
	return current === '' ? out : `${out}\u001B[0m`;
}

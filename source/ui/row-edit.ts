import {cellsOf, styledRun} from './frame-cells.js';

/** A changed run of cells this close to the previous one is written through (cheaper than a move). */
const joinGap = 6;

/** What turns row `before` into row `after`, with the cursor anywhere on that row. */
export function rowEdit(before: string, after: string): string {
	const old = cellsOf(before);
	const next = cellsOf(after);
	// The whole row from its first column, then nothing after it: right whatever the widths.
	if (!old || !next) return `\u001B[G${after}\u001B[K`;
	const length = next.chars.length;
	const differs = (c: number) =>
		c >= old.chars.length || old.chars[c] !== next.chars[c] || old.styles[c] !== next.styles[c];
	let out = '';
	let c = 0;
	let end = 0;
	while (c < length) {
		if (!differs(c)) {
			c++;
			continue;
		}
		const start = c;
		end = c + 1;
		// Through equal cells when the next difference is close.
		for (let d = end; d < length && d - end < joinGap; d++) if (differs(d)) end = d + 1;
		out += `\u001B[${start + 1}G${styledRun(next, start, end)}`;
		c = end;
	}
	if (old.chars.length > length)
		out += end === length && out !== '' ? '\u001B[K' : `\u001B[${length + 1}G\u001B[K`;
	return out;
}

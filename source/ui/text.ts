/**
 * Cutting text to a column. Ink would cut an overlong line with its own `…`, which is not ASCII, so
 * every line is made to fit before Ink sees it.
 */

const zeroWidth = /[\p{Mn}\p{Me}\p{Cf}]/u;
const wide =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uff60\uffe0-\uffe6\p{Extended_Pictographic}]/u;
const control = /[\u0000-\u001f\u007f-\u009f]/g;

const charWidth = (char: string): number => (zeroWidth.test(char) ? 0 : wide.test(char) ? 2 : 1);

/** Terminal cells a string takes (combining marks 0, CJK and emoji 2). */
export function displayWidth(text: string): number {
	let width = 0;
	for (const char of text) width += charWidth(char);
	return width;
}

/** One line: NFC (so decomposed Vietnamese counts right), no control characters, no newlines. */
export const oneLine = (text: string): string =>
	text.normalize('NFC').replace(/\s+/g, ' ').replace(control, '');

/** At most `width` cells; a cut line ends with the ellipsis. */
export function truncate(text: string, width: number, ellipsis: string): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const room = width - displayWidth(ellipsis);
	if (room < 0) return ellipsis.slice(0, width);
	let out = '';
	let used = 0;
	for (const char of text) {
		const w = charWidth(char);
		if (used + w > room) break;
		out += char;
		used += w;
	}
	return out + ellipsis;
}

/** At most `width` cells, keeping the end (a path's file name); a cut line starts with the ellipsis. */
export function truncateStart(text: string, width: number, ellipsis: string): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const room = width - displayWidth(ellipsis);
	if (room < 0) return ellipsis.slice(0, width);
	const chars = [...text];
	let out = '';
	let used = 0;
	for (let i = chars.length - 1; i >= 0; i--) {
		const char = chars[i] as string;
		const w = charWidth(char);
		if (used + w > room) break;
		out = char + out;
		used += w;
	}
	return ellipsis + out;
}

/** Pads with spaces to exactly `width` cells (cutting first when longer). */
export function padTo(text: string, width: number, ellipsis: string): string {
	const cut = truncate(text, width, ellipsis);
	return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** The longest start of `text` within `width` cells, at least one character so wrapping always moves on. */
function headOf(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const char of text) {
		const w = charWidth(char);
		if (out !== '' && used + w > width) break;
		out += char;
		used += w;
	}
	return out;
}

/**
 * Word-wraps one line of text (see `oneLine`) into lines of at most `width` cells. A word wider
 * than a line (a URL, CJK written without spaces) is broken where the line ends.
 */
export function wrapText(text: string, width: number): string[] {
	const room = Math.max(1, Math.floor(width));
	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const word of text.split(' ')) {
		if (word === '') continue;
		const w = displayWidth(word);
		if (line !== '' && used + 1 + w <= room) {
			line += ` ${word}`;
			used += 1 + w;
			continue;
		}
		if (line !== '') lines.push(line);
		let rest = word;
		while (displayWidth(rest) > room) {
			const head = headOf(rest, room);
			lines.push(head);
			rest = rest.slice(head.length);
		}
		line = rest;
		used = displayWidth(rest);
	}
	if (line !== '') lines.push(line);
	return lines;
}

/**
 * Joins as many parts as fit in `width`, in priority order (lower first kept), shown in their
 * original order: the header and footer shed detail on a narrow terminal instead of wrapping.
 */
export function fitParts(
	parts: ReadonlyArray<{text: string; priority: number}>,
	width: number,
	separator = '  ',
): number[] {
	const order = parts.map((_, i) => i).sort((a, b) => (parts[a]?.priority ?? 0) - (parts[b]?.priority ?? 0));
	const kept = new Set<number>();
	let used = 0;
	for (const i of order) {
		const w = displayWidth(parts[i]?.text ?? '') + (kept.size > 0 ? displayWidth(separator) : 0);
		if (used + w > width) continue;
		kept.add(i);
		used += w;
	}
	return parts.map((_, i) => i).filter((i) => kept.has(i));
}

const asciiLetters: Record<string, string> = {
	đ: 'd',
	Đ: 'D',
	ß: 'ss',
	æ: 'ae',
	Æ: 'AE',
	ø: 'o',
	Ø: 'O',
	ł: 'l',
	Ł: 'L',
	œ: 'oe',
	Œ: 'OE',
};

/**
 * For a terminal that cannot show UTF-8 (`--ascii`, a non-UTF-8 locale): accents dropped
 * ("Phố cổ Hội An" → "Pho co Hoi An"), typographic marks made plain, anything else `?`.
 */
export function toAscii(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[‘’‚′]/g, "'")
		.replace(/[“”„″]/g, '"')
		.replace(/[‐‑‒–—―]/g, '-')
		.replace(/…/g, '...')
		.replace(/[^\x00-\x7F]/g, (char) => asciiLetters[char] ?? '?');
}

/**
 * Ink redraws a whole frame for every change: it erases the lines of the frame on screen and writes
 * the new one (its own line-by-line `incrementalRendering` puts frames a line low in ink 6.8, and
 * rewrites a whole terminal row for one changed cell anyway). A dashboard row crosses every column,
 * so one scene moving in one column costs the full width of every row it touches, and the queue
 * column scrolling costs the whole screen.
 *
 * This stream wrapper keeps what is on screen and turns each of Ink's "erase the frame, write the
 * next" writes into the changed cells only: the cursor goes up to each changed row, across to each
 * changed run of cells, writes them with their colours, and comes back to where Ink expects it (the
 * line below the frame), so Ink's own bookkeeping stays right. A row holding a character whose
 * width is not certain (CJK, emoji, combining marks, escapes other than colours) is rewritten whole
 * from its first column, as Ink would. Every other write (cursor shown or hidden, synchronized
 * output marks, clearing, console output) passes as it is and, unless it is one of the marks, makes
 * the wrapper forget the screen, so the next frame goes out whole.
 */

const eraseThenFrame = /^((?:\u001B\[2K\u001B\[1A)*)\u001B\[2K\u001B\[G/;
const erasePairLength = '\u001B[2K\u001B[1A'.length;
/** Synchronized output on and off, cursor shown and hidden: they move nothing. */
const privateMode = /^(?:\u001B\[\?[0-9;]*[hl])+$/;
const notColour = /\u001B(?!\[[0-9;]*m)|\r/;

/** A changed run of cells this close to the previous one is written through (cheaper than a move). */
const joinGap = 6;

type Cells = {chars: string[]; styles: string[]};

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

/** SGR state, as a canonical parameter list ('' for none), interpreting what chalk writes. */
class Style {
	bold = false;
	dim = false;
	italic = false;
	underline = false;
	inverse = false;
	strike = false;
	fg = '';
	bg = '';
	#key: string | undefined = '';

	/** False for a parameter it does not know. */
	apply(params: string): boolean {
		const list = params === '' ? ['0'] : params.split(';');
		this.#key = undefined;
		for (let i = 0; i < list.length; i++) {
			const p = Number(list[i]);
			if (p === 0) {
				this.bold = this.dim = this.italic = this.underline = this.inverse = this.strike = false;
				this.fg = this.bg = '';
			} else if (p === 1) this.bold = true;
			else if (p === 2) this.dim = true;
			else if (p === 3) this.italic = true;
			else if (p === 4) this.underline = true;
			else if (p === 7) this.inverse = true;
			else if (p === 9) this.strike = true;
			else if (p === 22) this.bold = this.dim = false;
			else if (p === 23) this.italic = false;
			else if (p === 24) this.underline = false;
			else if (p === 27) this.inverse = false;
			else if (p === 29) this.strike = false;
			else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.fg = String(p);
			else if (p === 39) this.fg = '';
			else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.bg = String(p);
			else if (p === 49) this.bg = '';
			else if (p === 38 || p === 48) {
				const mode = list[i + 1];
				const take = mode === '5' ? 2 : mode === '2' ? 4 : -1;
				if (take < 0 || i + take >= list.length) return false;
				const value = list.slice(i, i + take + 1).join(';');
				if (p === 38) this.fg = value;
				else this.bg = value;
				i += take;
			} else return false;
		}
		return true;
	}

	get key(): string {
		this.#key ??= [
			this.bold ? '1' : '',
			this.dim ? '2' : '',
			this.italic ? '3' : '',
			this.underline ? '4' : '',
			this.inverse ? '7' : '',
			this.strike ? '9' : '',
			this.fg,
			this.bg,
		]
			.filter((part) => part !== '')
			.join(';');
		return this.#key;
	}
}

const sgr = /\u001B\[([0-9;]*)m/y;

/** One cell per character with its style; undefined when a cell's width is not certain. */
function cellsOf(row: string): Cells | undefined {
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
function styledRun(cells: Cells, from: number, to: number): string {
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

/** The rows of a plain frame (text and colours, ending in a newline); undefined for anything else. */
function rowsOf(text: string): string[] | undefined {
	if (!text.endsWith('\n') || notColour.test(text)) return undefined;
	return text.slice(0, -1).split('\n');
}

/**
 * The cell diff as a pure function of what it was given so far: each of Ink's writes in, what to
 * send the terminal out.
 */
export function createFrameDiff(): {transform(chunk: string): string; forget(): void} {
	/** The rows on screen, the cursor at the start of the line below them; undefined: unknown. */
	let screen: string[] | undefined;

	const diff = (before: string[], after: string[]): string => {
		let out = '';
		let row = before.length;
		const moveTo = (target: number) => {
			if (target < row) out += `\u001B[${row - target}A`;
			else if (target > row) out += `\u001B[${target - row}B`;
			row = target;
		};
		const common = Math.min(before.length, after.length);
		for (let i = 0; i < common; i++) {
			if (before[i] === after[i]) continue;
			const edit = rowEdit(before[i] as string, after[i] as string);
			if (edit === '') continue;
			moveTo(i);
			out += edit;
		}
		for (let i = after.length; i < before.length; i++) {
			moveTo(i);
			out += '\u001B[2K';
		}
		if (after.length <= before.length) {
			moveTo(after.length);
			// Ink writes the next frame from here: the first column.
			return out === '' ? '' : `${out}\u001B[G`;
		}
		moveTo(before.length);
		out += '\u001B[G';
		for (let i = before.length; i < after.length; i++) out += `${after[i]}\n`;
		return out;
	};

	return {
		transform(chunk) {
			const erase = eraseThenFrame.exec(chunk);
			if (erase) {
				const erased = (erase[1] ?? '').length / erasePairLength + 1;
				const rows = rowsOf(chunk.slice(erase[0].length));
				const before = screen;
				screen = rows;
				if (rows && before && erased === before.length + 1) return diff(before, rows);
				return chunk;
			}
			if (privateMode.test(chunk)) return chunk;
			// Written at the cursor as it is: a frame after a clear, console output, anything else.
			screen = rowsOf(chunk);
			return chunk;
		},
		forget() {
			screen = undefined;
		},
	};
}

/**
 * The stream with the frame diff applied to every string written; all else is the stream's own. A
 * resize forgets the screen (a narrower terminal rewraps it), so the next frame goes out whole.
 */
export function withFrameDiff(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	const frames = createFrameDiff();
	stream.on('resize', frames.forget);
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		if (typeof chunk !== 'string') frames.forget();
		return (stream.write as (...args: unknown[]) => boolean)(
			typeof chunk === 'string' ? frames.transform(chunk) : chunk,
			...rest,
		);
	};
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			// Methods run on the stream itself (listeners, state), not on the proxy.
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

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
import {rowEdit} from './row-edit.js';

const eraseThenFrame = /^((?:\u001B\[2K\u001B\[1A)*)\u001B\[2K\u001B\[G/;
const erasePairLength = '\u001B[2K\u001B[1A'.length;
/** Synchronized output on and off, cursor shown and hidden: they move nothing. */
const privateMode = /^(?:\u001B\[\?[0-9;]*[hl])+$/;
const notColour = /\u001B(?!\[[0-9;]*m)|\r/;

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

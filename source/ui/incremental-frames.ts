/**
 * Ink's incremental rendering rewrites only the lines of a frame that changed, which cuts what the
 * dashboard sends to the terminal by about half (bench/terminal.js). In ink 6.8 it has one bug: when
 * the frame that is on screen ends in a newline (every frame shorter than the terminal, which the
 * dashboard's always are), it moves the cursor up one line short before rewriting, so each frame
 * lands a line lower. Its rewrite of a frame of at least as many lines starts with that move alone:
 * `ESC[<n>A`, where the right count is n + 1. Every other write (a whole frame, erasing lines,
 * synchronized-output marks, the cursor shown or hidden) is passed on as it is.
 *
 * Only for Ink 6.8 with `incrementalRendering` and no `useCursor` (a shown cursor puts another
 * sequence first). Frames as tall as the terminal (6 rows or fewer) are redrawn whole by Ink.
 */
const leadingCursorUp = /^\u001B\[(\d+)A/;

export function fixIncrementalFrame(chunk: string): string {
	const match = leadingCursorUp.exec(chunk);
	if (!match) return chunk;
	return `\u001B[${Number(match[1]) + 1}A${chunk.slice(match[0].length)}`;
}

/** The stream with fixIncrementalFrame applied to every string written; all else is the stream's own. */
export function withIncrementalFrameFix(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean =>
		(stream.write as (...args: unknown[]) => boolean)(
			typeof chunk === 'string' ? fixIncrementalFrame(chunk) : chunk,
			...rest,
		);
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			// Methods run on the stream itself (listeners, state), not on the proxy.
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

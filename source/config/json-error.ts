/**
 * Where a JSON text goes wrong, as `line:column` and a reason, on one line. V8's own message does
 * not always say where (and then quotes the text around the mistake, which in an accounts file is a
 * cookie), so the place is found from the parser itself: the shortest prefix that is wrong rather
 * than merely unfinished ends at the mistake.
 */

const unfinished = 'Unexpected end of JSON input';

/** A prefix is wrong when it fails for a reason other than running out of text. */
function wrongPrefix(text: string): boolean {
	try {
		JSON.parse(text);
		return false;
	} catch (error) {
		const message = (error as Error).message;
		if (message === unfinished) return false;
		// A number or escape cut short by the prefix itself fails at its very end: unfinished too.
		const at = /at position (\d+)/.exec(message);
		return !(at && Number(at[1]) >= text.length);
	}
}

function offsetOfMistake(text: string): number {
	if (!wrongPrefix(text)) return text.length;
	let low = 1;
	let high = text.length;
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		if (wrongPrefix(text.slice(0, middle))) high = middle;
		else low = middle + 1;
	}
	return low - 1;
}

/** V8's reason without the quoted text or the position: "Unexpected token ']'". */
function reasonOf(message: string): string {
	return message
		.replace(/, (?:\.\.\.)?".*$/s, '')
		.replace(/ in JSON at position \d+.*$/s, '')
		.replace(/\s+/g, ' ');
}

/** Where (line and column, from 1) and why JSON.parse refused `text` with `error`. */
export function jsonErrorAt(text: string, error: unknown): {line: number; column: number; reason: string} {
	const offset = offsetOfMistake(text);
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	const column = offset - (before.lastIndexOf('\n') + 1) + 1;
	// Nothing wrong before the end: the text stops before the JSON does, whatever V8 calls it.
	const reason =
		offset >= text.length ? unfinished : reasonOf(error instanceof Error ? error.message : String(error));
	return {line, column, reason: reason.length > 80 ? `${reason.slice(0, 79)}…` : reason};
}

/** How the film step names a few numbered things in one line: "scene 3", "clips 3 and 5", "scenes 1, 2, 4 and 7 more". */

/** At most this many numbers are written out; the rest are counted. */
const shownAtMost = 5;

export function numbered(noun: string, numbers: readonly number[]): string {
	if (numbers.length === 1) return `${noun} ${numbers[0]}`;
	const shown = numbers.slice(0, numbers.length > shownAtMost ? shownAtMost - 1 : numbers.length - 1);
	const last =
		numbers.length > shownAtMost ? `${numbers.length - shown.length} more` : String(numbers.at(-1));
	return `${noun}s ${shown.join(', ')} and ${last}`;
}

/** Seconds as the film lines show them: "12.0 s". */
export const seconds = (value: number): string => `${value.toFixed(1)} s`;

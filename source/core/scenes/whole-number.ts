/**
 * A non-negative safe integer, or undefined when the value is not one. `fromText`: the value is a
 * CSV cell, so digits in a string count; from JSON only a number does.
 */
export function wholeNumber(value: unknown, fromText: boolean): number | undefined {
	let n: number;
	if (fromText && typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		n = Number(value);
	} else if (typeof value === 'number') {
		n = value;
	} else {
		return undefined;
	}

	// `+ 0` turns JSON's -0 into 0 so it never shows up as "-0" anywhere downstream.
	return Number.isSafeInteger(n) && n >= 0 ? n + 0 : undefined;
}

/**
 * Values JSON.stringify cannot write (1e400, 30,000-deep arrays, a bare `-0`): a payload carries a
 * marker string in their place and `withRaw` swaps the marker for the literal text afterwards, so
 * the generator itself never recurses into a deep value or turns Infinity into null.
 */
const literals: string[] = [];

/** A marker standing for `text` in a value about to be stringified. */
export function raw(text: string): string {
	literals.push(text);
	return `@@raw:${literals.length - 1}@@`;
}

/** Markers back to their literal text (a marker inside a longer string is left alone). */
export const withRaw = (json: string): string =>
	json.replace(/"@@raw:(\d+)@@"/g, (_, i: string) => literals[Number(i)] ?? 'null');

/** JSON text of a value, literals included. */
export const rawJson = (value: unknown): string => withRaw(JSON.stringify(value) ?? 'null');

/** `depth` arrays around `inner` (JSON text). */
export const nested = (depth: number, inner = 'null'): string =>
	`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

export const hugeNumbers = [
	'1e400',
	'-1e400',
	'123456789012345678901234567890',
	'9007199254740993',
	'1.7976931348623157e308',
	'-0',
	'1e-400',
	'4294967296',
	'-2147483649',
	'0.5',
];

export const nanStrings = [
	'NaN',
	'Infinity',
	'-Infinity',
	'undefined',
	'null',
	'1e999',
	'0x1F',
	' 3 ',
	'',
	'３',
	'-1',
	'3',
	'[]',
	'PUBLIC_ERROR_',
	'PUBLIC_ERROR_UNSAFE_GENERATION',
	'x'.repeat(70_000),
];

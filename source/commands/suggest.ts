/**
 * "did you mean …?" for a mistyped command or flag: one `flowdeck: …` line and exit 2 (a UsageError),
 * instead of meow's two bare lines. Loaded only when a command line is already wrong.
 */

import {UsageError} from '../run/usage-error.js';
import {accountsCommandNames, cliFlags, commandNames, kebab} from './argv.js';

/**
 * The optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions): the
 * fewest insertions, deletions, substitutions and swaps of two neighbours that turn `a` into `b`.
 * Twenty lines for words of a few letters, so no dependency.
 */
export function editDistance(a: string, b: string): number {
	// rows[i][j]: the distance between the first i letters of a and the first j of b.
	const rows: number[][] = Array.from({length: a.length + 1}, (_, i) =>
		Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
	);
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const row = rows[i] as number[];
			const above = rows[i - 1] as number[];
			let best = Math.min(
				(above[j] as number) + 1,
				(row[j - 1] as number) + 1,
				(above[j - 1] as number) + cost,
			);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
			}
			row[j] = best;
		}
	}
	return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The candidate nearest to `word`, when it is close enough to be what was meant: at most 2 edits, and
 * at most a third of the word (at least 1), so `pln` finds `plan` but `tui` does not find `out`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
	let best: {candidate: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate);
		if (distance <= limit && (!best || distance < best.distance)) best = {candidate, distance};
	}
	return best?.candidate;
}

/** `flowdeck pln`, `flowdeck accounts ad`: the unknown command, with the one that was likely meant. */
export function unknownCommand(command: string, parent?: 'accounts'): UsageError {
	const names = parent ? accountsCommandNames : commandNames;
	const what = parent ? `unknown ${parent} command "${command}"` : `unknown command "${command}"`;
	const meant = closest(command, names);
	if (meant) return new UsageError(`${what}: did you mean ${meant}?`);
	return new UsageError(
		parent
			? `${what}: use ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
			: `${what} (see flowdeck --help)`,
	);
}

const isNegativeNumber = (arg: string): boolean => /^-(?:\d+|\d*\.\d+)(?:e[+-]?\d+)?$/i.test(arg);

/**
 * The first flag before a `--` that flowdeck does not know, as a UsageError with a suggestion; meow
 * would print `Unknown flag` and the flag on two lines. Known as meow (yargs-parser) knows them:
 * `--max-in-flight`, `--maxInFlight`, `--no-<flag>`, `--<flag>=<value>`; every other argument that
 * starts with `-` (but `-` itself and negative numbers) is a flag meow would refuse.
 */
export function unknownFlag(args: string[]): UsageError | undefined {
	const known = new Set(Object.keys(cliFlags).flatMap((key) => [key, kebab(key)]));
	const suggestions = Object.entries(cliFlags).flatMap(([key, flag]) =>
		flag.type === 'boolean' ? [kebab(key), `no-${kebab(key)}`] : [kebab(key)],
	);
	suggestions.push('help', 'version');
	const end = args.indexOf('--');
	for (const arg of end < 0 ? args : args.slice(0, end)) {
		if (arg.length < 2 || !arg.startsWith('-') || isNegativeNumber(arg)) continue;
		const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
		const long = arg.startsWith('--');
		if (long && (known.has(name) || (name.startsWith('no-') && known.has(name.slice(3))))) continue;
		const shown = arg.split('=')[0] ?? arg;
		const meant = name === '' ? undefined : closest(name, suggestions);
		return new UsageError(
			meant
				? `unknown flag ${shown}: did you mean --${meant}?`
				: `unknown flag ${shown} (see flowdeck --help)`,
		);
	}
	return undefined;
}

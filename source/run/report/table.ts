/** Plain aligned columns for headless output (no colour, no box drawing: it goes to logs and pipes). */
export function formatTable(rows: string[][], {indent = ''}: {indent?: string} = {}): string[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
		});
	}
	return rows.map(
		(row) =>
			indent +
			row
				.map((cell, i) =>
					i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length),
				)
				.join('  ')
				.trimEnd(),
	);
}

/** 1, 2, 3, 5, 7, 8 → "1-3, 5, 7-8". */
export function formatRanges(numbers: readonly number[]): string {
	const parts: string[] = [];
	let start: number | undefined;
	let previous: number | undefined;
	const flush = () => {
		if (start === undefined || previous === undefined) return;
		parts.push(start === previous ? String(start) : `${start}-${previous}`);
	};
	for (const n of numbers) {
		if (previous !== undefined && n === previous + 1) {
			previous = n;
			continue;
		}
		flush();
		start = n;
		previous = n;
	}
	flush();
	return parts.join(', ');
}

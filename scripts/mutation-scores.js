// Per-module mutation scores from StrykerJS's JSON report (mutation-testing-report-schema), and the
// verdict of `npm run test:mutation`: every module at or above the bar (docs/mutation.md). Pure, so
// that the tests can hand it any report they like; mutation-check.js reads the file and prints.

/** Statuses that count: a mutant that failed to compile or was disabled says nothing about the tests. */
const detected = new Set(['Killed', 'Timeout']);

/** The bar every module must reach, in percent. */
export const requiredScore = 90;

/**
 * One row per mutated file, in the report's order: counts per status and the score, in percent with
 * one decimal (Stryker's own rounding), or null for a file with no valid mutant.
 */
export function mutationScores(report) {
	return Object.entries(report.files ?? {}).map(([path, file]) => {
		const counts = {killed: 0, survived: 0, noCoverage: 0, ignored: 0};
		for (const mutant of file.mutants ?? []) {
			if (detected.has(mutant.status)) counts.killed++;
			else if (mutant.status === 'Survived') counts.survived++;
			else if (mutant.status === 'NoCoverage') counts.noCoverage++;
			else counts.ignored++;
		}
		const valid = counts.killed + counts.survived + counts.noCoverage;
		const score = valid === 0 ? null : Math.floor((counts.killed / valid) * 1000) / 10;
		return {path, ...counts, valid, score};
	});
}

/** The rows below the bar; a file with no valid mutant is not below it. */
export const belowBar = (rows, bar = requiredScore) =>
	rows.filter((row) => row.score !== null && row.score < bar);

/** Every mutant no test noticed, as `path:line:column` with its mutator and one-line replacement. */
export function undetectedMutants(report) {
	return Object.entries(report.files ?? {}).flatMap(([path, file]) =>
		(file.mutants ?? [])
			.filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
			.map((mutant) => ({
				where: `${path}:${mutant.location?.start?.line}:${mutant.location?.start?.column}`,
				status: mutant.status,
				mutator: mutant.mutatorName,
				replacement: String(mutant.replacement ?? '')
					.replace(/\s+/g, ' ')
					.slice(0, 100),
			})),
	);
}

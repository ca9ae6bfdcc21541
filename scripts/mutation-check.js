// The last step of `npm run test:mutation`: a table of the score of every mutated module, and exit 1
// when one is below the bar (docs/mutation.md). Stryker's own `break` threshold judges only the total.
// `--survivors` first lists every undetected mutant as file:line:column, mutator and replacement.
import {readFileSync} from 'node:fs';
import {belowBar, mutationScores, requiredScore, undetectedMutants} from './mutation-scores.js';

const args = process.argv.slice(2);
const reportPath = args.find((arg) => !arg.startsWith('--')) ?? 'reports/mutation/mutation.json';
let report;
try {
	report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
	console.error(`mutation-check: cannot read ${reportPath}: ${error.message}`);
	process.exit(1);
}

if (args.includes('--survivors')) {
	for (const mutant of undetectedMutants(report)) {
		console.log(`${mutant.where}  ${mutant.status}  ${mutant.mutator}: ${mutant.replacement}`);
	}
}
const rows = mutationScores(report);
const width = Math.max(...rows.map((row) => row.path.length), 6);
console.log(`${'module'.padEnd(width)}  mutants  killed  survived  no-cov  score`);
for (const row of rows) {
	const score = row.score === null ? '   n/a' : `${row.score.toFixed(1).padStart(5)}%`;
	console.log(
		`${row.path.padEnd(width)}  ${String(row.valid).padStart(7)}  ${String(row.killed).padStart(6)}  ${String(row.survived).padStart(8)}  ${String(row.noCoverage).padStart(6)}  ${score}`,
	);
}
const failing = belowBar(rows);
if (failing.length > 0) {
	console.log(`mutation: ${failing.length} of ${rows.length} modules below ${requiredScore}%`);
	process.exit(1);
}
console.log(`mutation: all ${rows.length} modules at or above ${requiredScore}%`);

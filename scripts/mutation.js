// `npm run test:mutation [group…]`: one StrykerJS run per group of scripts/mutation-modules.js (all of
// them, or those named), their reports merged into reports/mutation/mutation.json, then the table of
// every module's score and a failing exit when one is below the bar (mutation-check.js). `--force`
// tests every mutant again; `--survivors` lists the mutants no test noticed.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {mutationGroups, reportFileOf, selectedGroup} from './mutation-modules.js';

const require = createRequire(import.meta.url);
const strykerBin = join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin/stryker.js');

const args = process.argv.slice(2);
const names = args.filter((arg) => !arg.startsWith('--'));
let groups;
try {
	groups = names.length === 0 ? mutationGroups : names.map((name) => selectedGroup(name));
} catch (error) {
	console.error(`test:mutation: ${error.message}`);
	process.exit(2);
}

for (const group of groups) {
	console.log(`\n== mutation group ${group.name}: ${group.mutate.join(', ')}`);
	const started = Date.now();
	// --force: every mutant again. Incremental mode can keep a stale result for a mutant that runs at
	// load time when only tests were added (docs/mutation.md).
	const force = args.includes('--force') ? ['--force'] : [];
	const run = spawnSync(process.execPath, [strykerBin, 'run', ...force], {
		stdio: 'inherit',
		env: {...process.env, MUTATION_GROUP: group.name},
	});
	if (run.status !== 0) {
		console.error(
			`test:mutation: StrykerJS failed on group ${group.name} (exit ${run.status ?? run.signal})`,
		);
		process.exit(1);
	}
	console.log(`== group ${group.name} took ${Math.round((Date.now() - started) / 1000)} s`);
}

// Every group's last report, the ones not re-run this time included, so the table covers them all.
const merged = {schemaVersion: '2', thresholds: {high: 90, low: 80}, files: {}};
for (const group of mutationGroups) {
	const file = reportFileOf(group.name);
	if (!existsSync(file)) continue;
	Object.assign(merged.files, JSON.parse(readFileSync(file, 'utf8')).files);
}
mkdirSync('reports/mutation', {recursive: true});
writeFileSync('reports/mutation/mutation.json', JSON.stringify(merged));
const check = spawnSync(
	process.execPath,
	['scripts/mutation-check.js', ...args.filter((arg) => arg === '--survivors')],
	{stdio: 'inherit'},
);
process.exit(check.status ?? 1);

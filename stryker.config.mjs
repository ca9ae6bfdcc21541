import {incrementalFileOf, reportFileOf, selectedGroup} from './scripts/mutation-modules.js';

/**
 * `npm run test:mutation` (scripts/mutation.js, docs/mutation.md): StrykerJS over one group of the
 * modules that spend credits and keep videos, named by MUTATION_GROUP. Each mutant runs only the
 * tests that cover it (per-test coverage); incremental mode reuses the result of every mutant whose
 * code and tests did not change since the group's last run.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const group = selectedGroup();

export default {
	testRunner: 'vitest',
	vitest: {configFile: 'vitest.mutation.config.ts'},
	plugins: ['@stryker-mutator/vitest-runner'],
	mutate: group.mutate,
	coverageAnalysis: 'perTest',
	incremental: true,
	incrementalFile: incrementalFileOf(group.name),
	reporters: ['clear-text', 'json', 'progress'],
	jsonReporter: {fileName: reportFileOf(group.name)},
	clearTextReporter: {allowEmojis: false, logTests: false, reportMutants: false},
	thresholds: {high: 90, low: 80, break: null},
	// MUTATION_CONCURRENCY=1 leaves a core free when several runs share a machine.
	concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
	timeoutMS: 10_000,
	tempDirName: `.stryker-tmp/${group.name}`,
	ignorePatterns: ['dist', 'reports', 'flowdeck-out', 'flowdeck-demo', '.stryker-tmp'],
	cleanTempDir: 'always',
	warnings: {slow: false},
};

import {defineConfig} from 'vitest/config';
import {selectedGroup} from './scripts/mutation-modules.js';

/**
 * The tests `npm run test:mutation` runs against each mutant (docs/mutation.md): the unit tests of the
 * group MUTATION_GROUP names (scripts/mutation-modules.js). No global setup: none of them drives the
 * built CLI, and StrykerJS runs them inside its own sandbox copy of the repository.
 */
export default defineConfig({
	test: {
		include: selectedGroup().tests,
		testTimeout: 30_000,
		pool: 'forks',
	},
});

import {build} from '../scripts/build.js';

/**
 * The end-to-end tests drive the built CLI: before any test file runs, build what is stale, as
 * `npm start` does (scripts/build.js): tsc, incremental, when a source changed since the last build;
 * then the dashboard bundle and its code cache when older than tsc's dist/ui, the scripts or the lockfile.
 */
export default async function setup(): Promise<void> {
	if ((await build({keepGoing: true})) !== 0) {
		// tsc still writes dist on type errors; `npm run build` and `npm run typecheck` are what fail on them.
		console.warn('global-setup: tsc reported errors; the tests run against what it emitted');
	}
}

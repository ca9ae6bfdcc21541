import {execFileSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

/**
 * The end-to-end tests drive the built CLI: before any test file runs, build what is stale, as
 * `npm run build` does. tsc when a source file is newer than dist/cli.js; then the dashboard bundle
 * and its code cache (scripts/bundle-dashboard.js) when older than tsc's dashboard, the scripts or the lockfile.
 */
export default function setup(): void {
	const root = join(import.meta.dirname, '..');
	const modified = (path: string): number => statSync(path, {throwIfNoEntry: false})?.mtimeMs ?? 0;
	const built = modified(join(root, 'dist', 'cli.js'));
	if (built === 0 || newestSource(join(root, 'source')) > built) {
		try {
			execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], {cwd: root, stdio: 'inherit'});
		} catch {
			// tsc still writes dist on type errors; `npm run build` and `npm run typecheck` are what fail on them.
			console.warn('global-setup: tsc reported errors; the tests run against what it emitted');
		}
	}
	const script = join(root, 'scripts', 'bundle-dashboard.js');
	const inputs = [
		join(root, 'dist', 'ui', 'dashboard.js'),
		script,
		join(root, 'scripts', 'bundle-as-function.js'),
		join(root, 'scripts', 'dashboard-code-cache.js'),
		join(root, 'package-lock.json'),
	];
	// The bundle and the code cache made from it by the same build: the older of the two counts.
	const bundled = Math.min(
		modified(join(root, 'dist', 'ui', 'dashboard.bundle.js')),
		modified(join(root, 'dist', 'ui', 'dashboard.bundle.cache')),
	);
	if (bundled <= Math.max(...inputs.map(modified))) {
		execFileSync(process.execPath, [script], {cwd: root, stdio: 'inherit'});
	}
}

function newestSource(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
	}
	return newest;
}

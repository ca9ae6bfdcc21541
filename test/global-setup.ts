import {execFileSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

/** The end-to-end tests drive the built CLI: build once, before any test file runs, if dist is stale. */
export default function setup(): void {
	const root = join(import.meta.dirname, '..');
	const built = join(root, 'dist', 'cli.js');
	let builtAt = 0;
	try {
		builtAt = statSync(built).mtimeMs;
	} catch {}
	if (builtAt > 0 && newestSource(join(root, 'source')) <= builtAt) return;
	try {
		execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], {cwd: root, stdio: 'inherit'});
	} catch {
		// tsc still writes dist on type errors; `npm run build` and `npm run typecheck` are what fail on them.
		console.warn('global-setup: tsc reported errors; the tests run against what it emitted');
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

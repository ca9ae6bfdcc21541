// The build: tsc into dist/, then the dashboard bundle and its code cache (bundle-dashboard.js), each
// only when stale (build-plan.js decides, on dates build-state.js reads), and the simulator's clip
// fixtures copied beside its compiled code. `npm run build` runs it in full; `npm start` (start.js) and
// the tests' global setup run only what is stale.
import {spawnSync} from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {buildInfoFile, bundleNeeded, compileNeeded, stampFile} from './build-plan.js';
import {readBundleState, readCompileState} from './build-state.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Whether anything is stale: tsc's output, the bundle as it stands before tsc runs, or a fixture. */
export function stale() {
	return (
		compileNeeded(readCompileState(root)) ||
		bundleNeeded({...readBundleState(root), node: process.version}) ||
		staleFixtures().length > 0
	);
}

/**
 * The simulator's playable clips and posters (scripts/make-clip-fixtures.sh): tsc copies no mp4, and
 * the simulator reads them beside its own module (source/simulator/cdn/playable.ts), in dist/ too,
 * which is all the npm package holds. Those missing from dist/ or older than their source.
 */
const fixtures = {from: 'source/simulator/cdn/fixtures', to: 'dist/simulator/cdn/fixtures'};

function staleFixtures() {
	const from = join(root, fixtures.from);
	const to = join(root, fixtures.to);
	return readdirSync(from).filter((name) => {
		const copy = join(to, name);
		return !existsSync(copy) || statSync(copy).mtimeMs < statSync(join(from, name)).mtimeMs;
	});
}

function copyFixtures() {
	const names = staleFixtures();
	if (names.length > 0) mkdirSync(join(root, fixtures.to), {recursive: true});
	for (const name of names) copyFileSync(join(root, fixtures.from, name), join(root, fixtures.to, name));
}

/**
 * tsc, incremental: by its record in dist/ (buildInfoFile) it rewrites only the files whose source
 * (or what they import) changed, in about half the time of a compile from scratch. Incremental here,
 * not in tsconfig.json: a bare `tsc -p tsconfig.json` still rewrites every file (which
 * source/dashboard-entry.ts counts on), and the type check (tsconfig.test.json) writes no record over
 * this one. `fresh` drops the record first: a file of dist/ is gone that tsc would otherwise not
 * write again. Its errors go to stdout as they always have; returns its exit status.
 */
export function compile({fresh = false} = {}) {
	if (fresh) rmSync(join(root, buildInfoFile), {force: true});
	const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
	const args = [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', buildInfoFile];
	return spawnSync(process.execPath, args, {cwd: root, stdio: 'inherit'}).status ?? 1;
}

/** The dashboard bundle and its code cache, made again. */
export async function bundle() {
	// tsc no longer rewrites dist/ui/dashboard.js each time: dated now, it is newer than the stale bundle,
	// so dashboardEntry (source/dashboard-entry.ts) picks it over that bundle until the new one is written,
	// and for good should this step fail.
	const dashboard = join(root, 'dist/ui/dashboard.js');
	const now = new Date();
	if (existsSync(dashboard)) utimesSync(dashboard, now, now);
	const {bundleDashboard} = await import('./bundle-dashboard.js');
	await bundleDashboard();
}

/**
 * The stamp of a build that has succeeded: dated when it started, so that a file saved while it ran
 * is newer and the next `npm start` builds again. It keeps the Node.js that compiled the code cache
 * and the list of sources compiled (compileNeeded, in build-plan.js).
 */
function writeStamp(startedAt, sources) {
	const path = join(root, stampFile);
	writeFileSync(path, `${JSON.stringify({node: process.version, sources}, null, '\t')}\n`);
	utimesSync(path, startedAt, startedAt);
}

/**
 * Builds what is stale, or everything with `all` (tsc still incremental, its record beside its
 * output). A tsc error stops the build unless `keepGoing` (the tests run against what tsc wrote
 * anyway); either way no stamp is written, so the next build runs tsc again. Resolves to tsc's status.
 */
export async function build({all = false, keepGoing = false} = {}) {
	const startedAt = new Date();
	const compileState = readCompileState(root);
	let status = 0;
	if (all || compileNeeded(compileState)) {
		status = compile({fresh: compileState.compiledMissing});
		if (status !== 0 && !keepGoing) return status;
	}
	if (all || bundleNeeded({...readBundleState(root), node: process.version})) await bundle();
	copyFixtures();
	if (status === 0) writeStamp(startedAt, compileState.sources);
	return status;
}

// `npm run build`: silent, as tsc is.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await build({all: true});
}

import {mkdir, mkdtemp, rm, utimes, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	buildingMessage,
	bundleNeeded,
	type CompileState,
	compiledPath,
	compileNeeded,
} from '../../scripts/build-plan.js';
import {readBundleState, readCompileState} from '../../scripts/build-state.js';

// `npm start` builds only what is stale (scripts/start.js, build.js): these are its decisions, on
// dates made up here, then on a checkout made of empty files in a temporary folder, dated by utimes.

const node = 'v20.19.0';
const sources = ['source/cli.ts', 'source/core/plural.ts', 'source/ui/App.tsx'];

describe('compileNeeded: whether tsc has work', () => {
	const built: CompileState = {
		stamp: {date: 2_000, node, sources},
		sources,
		newestInput: 1_000,
		compiledMissing: false,
	};

	it('no, when nothing tsc reads is newer than the start of the last build', () => {
		expect(compileNeeded(built)).toBe(false);
		expect(compileNeeded({...built, newestInput: 2_000})).toBe(false);
	});

	it('yes, when a source or an option file is newer', () => {
		expect(compileNeeded({...built, newestInput: 2_001})).toBe(true);
	});

	it('yes, with no stamp: a clean clone, dist/ deleted, or a build that failed', () => {
		expect(compileNeeded({...built, stamp: undefined})).toBe(true);
	});

	it('yes, when a file of source/ was added or removed since, however it is dated', () => {
		expect(compileNeeded({...built, sources: [...sources, 'source/core/new.ts']})).toBe(true);
		expect(compileNeeded({...built, sources: sources.slice(1)})).toBe(true);
		expect(
			compileNeeded({...built, sources: ['source/cli.ts', 'source/core/other.ts', 'source/ui/App.tsx']}),
		).toBe(true);
	});

	it('yes, when a file tsc wrote is gone', () => {
		expect(compileNeeded({...built, compiledMissing: true})).toBe(true);
	});
});

describe('bundleNeeded: whether the dashboard bundle is made again', () => {
	const bundled = {bundled: 3_000, newestInput: 2_500, builtWith: node, node};

	it('no, when it and its code cache are newer than all they are made of, by this Node.js', () => {
		expect(bundleNeeded(bundled)).toBe(false);
		expect(bundleNeeded({...bundled, newestInput: 3_000})).toBe(false);
	});

	it('yes, when tsc rewrote a file of dist/ui since, or a bundling script or the lockfile changed', () => {
		expect(bundleNeeded({...bundled, newestInput: 3_001})).toBe(true);
	});

	it('yes, when the bundle or its code cache is missing', () => {
		expect(bundleNeeded({...bundled, bundled: undefined})).toBe(true);
	});

	it("yes, on another Node.js than the code cache's, or an unknown one", () => {
		expect(bundleNeeded({...bundled, node: 'v22.12.0'})).toBe(true);
		expect(bundleNeeded({...bundled, builtWith: undefined})).toBe(true);
	});
});

describe('compiledPath: the file tsc writes for a source', () => {
	it('dist/…/x.js for x.ts and x.tsx; nothing for declarations or other files', () => {
		expect(compiledPath('source/core/plural.ts')).toBe('dist/core/plural.js');
		expect(compiledPath('source/ui/App.tsx')).toBe('dist/ui/App.js');
		expect(compiledPath('source/types/thing.d.ts')).toBeUndefined();
		expect(compiledPath('source/data.json')).toBeUndefined();
	});
});

describe('buildingMessage: the one line before a build', () => {
	it('with an ellipsis in a UTF-8 terminal, with three dots elsewhere', () => {
		expect(buildingMessage({LANG: 'en_US.UTF-8', TERM: 'xterm-256color'}, 'linux')).toBe('building…');
		expect(buildingMessage({LC_ALL: 'C', LANG: 'en_US.UTF-8'}, 'linux')).toBe('building...');
		expect(buildingMessage({LANG: 'C.UTF-8', TERM: 'dumb'}, 'linux')).toBe('building...');
		expect(buildingMessage({}, 'linux')).toBe('building...');
	});
});

describe('the decisions on a checkout on disk', () => {
	let root: string;
	beforeEach(async () => {
		root = await mkdtemp(join(tmpdir(), 'flowdeck-build-plan-'));
	});
	afterEach(async () => {
		await rm(root, {recursive: true, force: true});
	});

	/** An empty file at `path` under root, modified at `seconds`. */
	const file = async (path: string, seconds: number, text = '') => {
		await mkdir(dirname(join(root, path)), {recursive: true});
		await writeFile(join(root, path), text);
		await utimes(join(root, path), seconds, seconds);
	};
	const date = (path: string, seconds: number) => utimes(join(root, path), seconds, seconds);
	const compile = () => compileNeeded(readCompileState(root));
	const bundle = () => bundleNeeded({...readBundleState(root), node});

	/** Sources and inputs at 1000 s, a build started at 1500 s, tsc's files at 1600 s, the bundle at 1700 s. */
	const built = async () => {
		for (const path of [...sources, 'tsconfig.json', 'package.json', 'package-lock.json'])
			await file(path, 1_000);
		for (const name of ['bundle-dashboard', 'bundle-as-function', 'dashboard-code-cache', 'first-frame'])
			await file(`scripts/${name}.js`, 1_000);
		for (const path of ['dist/cli.js', 'dist/core/plural.js', 'dist/ui/App.js', 'dist/ui/dashboard.js'])
			await file(path, 1_600);
		await file('dist/ui/dashboard.bundle.js', 1_700);
		await file('dist/ui/dashboard.bundle.cache', 1_710);
		await file('dist/.build-stamp', 1_500, JSON.stringify({node, sources}));
	};

	it('nothing to do right after a build; an editor swap file or a newer script of npm start changes nothing', async () => {
		await built();
		expect([compile(), bundle()]).toEqual([false, false]);
		await file('source/core/.plural.ts.swp', 3_000);
		await file('scripts/start.js', 3_000);
		expect([compile(), bundle()]).toEqual([false, false]);
	});

	it('a source saved in core: tsc; the bundle once tsc has rewritten a file of dist/ui', async () => {
		await built();
		await date('source/core/plural.ts', 2_000);
		expect([compile(), bundle()]).toEqual([true, false]);
		// What tsc does next: core/plural.js, and ui/App.js (which imports it).
		await date('dist/core/plural.js', 2_100);
		expect(bundle()).toBe(false);
		await date('dist/ui/App.js', 2_100);
		expect(bundle()).toBe(true);
	});

	it('the bundle but no tsc when a bundling script, or a file of dist/ui, is newer than bundle or code cache', async () => {
		await built();
		await date('scripts/first-frame.js', 2_000);
		expect([compile(), bundle()]).toEqual([false, true]);
		await built();
		// Newer than the bundle (1700 s), older than its code cache (1710 s): the older of the two counts.
		await date('dist/ui/dashboard.js', 1_705);
		expect([compile(), bundle()]).toEqual([false, true]);
	});

	it('both when the lockfile changed (the packages inside the bundle, the types tsc reads)', async () => {
		await built();
		await date('package-lock.json', 2_000);
		expect([compile(), bundle()]).toEqual([true, true]);
	});

	it('tsc when a file of source/ was added, removed, or one tsc wrote is gone', async () => {
		await built();
		await file('source/core/new.ts', 1_000);
		await file('dist/core/new.js', 1_600);
		expect(compile()).toBe(true);
		await rm(join(root, 'source/core/new.ts'));
		expect(compile()).toBe(false);
		await rm(join(root, 'source/core/plural.ts'));
		expect(compile()).toBe(true);
		await built();
		await rm(join(root, 'dist/core/plural.js'));
		expect(compile()).toBe(true);
	});

	it('everything when dist/ is gone, or the bundle, its code cache or the stamp is', async () => {
		await built();
		await rm(join(root, 'dist/ui/dashboard.bundle.cache'));
		expect([compile(), bundle()]).toEqual([false, true]);
		await built();
		await writeFile(join(root, 'dist/.build-stamp'), 'not JSON');
		expect(compile()).toBe(true);
		await rm(join(root, 'dist'), {recursive: true});
		expect([compile(), bundle()]).toEqual([true, true]);
	});
});

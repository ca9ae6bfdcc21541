import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, rm, utimes, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {dashboardEntry} from '../../source/dashboard-entry.js';
import {cliPath, readModuleLog, writeModuleLogHook} from '../helpers/cli.js';

// The CLI loads the dashboard from one file made by scripts/bundle-dashboard.js (global-setup builds
// it when stale), with Ink, React and the rest of its npm packages inside, and flowdeck's own modules
// outside dist/ui left out: imported from dist, one copy of each.

const ui = resolve('dist/ui');
const bundleFiles = () => readdirSync(ui).filter((name) => /^dashboard\.bundle.*\.js$/.test(name));
const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

/** `flowdeck demo` in a terminal (script(1)) until its dashboard shows; every module URL it resolved. */
async function dashboardModuleUrls(): Promise<string[]> {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-bundle-'));
	const log = join(dir, 'resolved.log');
	const hook = await writeModuleLogHook(dir, log);
	const command = `${process.execPath} --import=${hook} ${cliPath} demo --out demo`;
	const child = spawn('script', ['-qfec', command, '/dev/null'], {
		cwd: dir,
		detached: true,
		stdio: ['ignore', 'pipe', 'ignore'],
		env: {...process.env, CI: '0', LANG: 'C.UTF-8', NO_COLOR: '1', FLOWDECK_CONFIG_DIR: join(dir, 'config')},
	});
	let screen = '';
	try {
		await new Promise<void>((done, fail) => {
			const timer = setTimeout(() => fail(new Error(`no dashboard in 20 s; the screen:\n${screen}`)), 20_000);
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
				screen += chunk;
				// The account columns: the dashboard has rendered.
				if (screen.includes('demo1')) {
					clearTimeout(timer);
					done();
				}
			});
		});
	} finally {
		process.kill(-child.pid!, 'SIGKILL');
	}
	return readModuleLog(log);
}

describe('the dashboard bundle', () => {
	it.skipIf(!hasScript)(
		"the CLI's dashboard is the bundle: not dist/ui/dashboard.js, not Ink from node_modules",
		async () => {
			const urls = await dashboardModuleUrls();
			// Run as a vm.Script from V8's code cache (dashboard-code-cache.test.ts): of the bundle's files,
			// the loader sees only the chunk the bundle imports.
			expect(urls).toContain(pathToFileURL(join(ui, 'dashboard.bundle.rolldown-runtime.js')).href);
			expect(
				urls.filter((url) => url.includes('/dist/ui/') && !url.includes('/dist/ui/dashboard.bundle')),
			).toEqual([]);
			const packages = new Set(
				urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []),
			);
			for (const name of ['ink', 'react', 'react-reconciler', 'yoga-layout', 'es-toolkit', 'chalk'])
				expect(packages, name).not.toContain(name);
			// The run's own modules, which the bundle imports from dist.
			expect(urls).toContain(pathToFileURL(resolve('dist/core/run-state.js')).href);
		},
	);

	it("holds no copy of flowdeck's modules outside dist/ui: it imports them from dist, by paths that exist", () => {
		expect(bundleFiles()).toContain('dashboard.bundle.js');
		const imported: string[] = [];
		for (const name of bundleFiles()) {
			const code = readFileSync(join(ui, name), 'utf8');
			// The bundler names each module it took in a comment before its code.
			const modules = [...code.matchAll(/^\/\/ ((?:dist|source|node_modules)\/\S+)$/gm)].map(
				(match) => match[1],
			);
			if (name === 'dashboard.bundle.js') {
				expect(modules).toContain('dist/ui/dashboard.js');
				expect(modules).toContain('node_modules/ink/build/ink.js');
			}
			expect(
				modules.filter((path) => !path!.startsWith('dist/ui/') && !path!.startsWith('node_modules/')),
			).toEqual([]);
			for (const match of code.matchAll(/(?:^import|\bfrom|\bimport\()\s*["'](\.{1,2}\/[^"']+)["']/gm)) {
				const target = resolve(ui, match[1]!);
				expect(existsSync(target), `${name} imports ${match[1]}`).toBe(true);
				imported.push(match[1]!);
			}
		}
		expect(imported).toContain('../core/run-state.js');
		expect(imported.filter((path) => path.startsWith('../ui/'))).toEqual([]);
	});

	/**
	 * A fresh process that loads the bundle after `before`, as an ES module or as the CLI does (the
	 * bundle as function, from V8's code cache): what it printed, and how it ended.
	 */
	const loadBundle = (form: 'module' | 'function', before: string, env: NodeJS.ProcessEnv = {}) => {
		const load =
			form === 'module'
				? `await import(${JSON.stringify(pathToFileURL(join(ui, 'dashboard.bundle.js')).href)});`
				: `const {compileDashboardScript} = await import(${JSON.stringify(pathToFileURL(resolve('dist/dashboard-script.js')).href)});
				await compileDashboardScript(new URL(${JSON.stringify(pathToFileURL(`${ui}/`).href)})).run();`;
		const script = `${before}\n${load}\nconsole.log('loaded');`;
		return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
			encoding: 'utf8',
			env: {...process.env, ...env},
		});
	};

	for (const form of ['module', 'function'] as const) {
		it(`yoga's wasm is decoded in place: no fetch() of its data: URL, which loads undici (~45 ms) (as ${form})`, () => {
			const fetchSays = "globalThis.fetch = async () => { console.log('fetch'); throw new Error('no'); };";
			const {stdout, status} = loadBundle(form, fetchSays);
			expect({stdout, status}).toEqual({stdout: 'loaded\n', status: 0});
		});

		it(`DEV=true: Ink's React DevTools hook fails as unbundled (not installed), and the bundle still loads (as ${form})`, () => {
			const {stdout, stderr, status} = loadBundle(form, '', {DEV: 'true'});
			expect({stdout, status}).toEqual({stdout: 'loaded\n', status: 0});
			expect(stderr).toContain('react-devtools-core');
		});
	}

	it("has React's production build only, chosen when it was built: NODE_ENV is neither read nor set", () => {
		const code = readFileSync(join(ui, 'dashboard.bundle.js'), 'utf8');
		const has = (text: string) => code.includes(text);
		expect(has('// node_modules/react/cjs/react.production.js')).toBe(true);
		expect(has('// node_modules/react-reconciler/cjs/react-reconciler.production.js')).toBe(true);
		expect(has('.development.js')).toBe(false);
		expect(has('NODE_ENV')).toBe(false);
	});
});

describe('dashboardEntry: the module the CLI imports for its dashboard', () => {
	const entryIn = async (files: Record<string, number>): Promise<string> => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-entry-'));
		for (const [name, seconds] of Object.entries(files)) {
			await writeFile(join(dir, name), '');
			await utimes(join(dir, name), seconds, seconds);
		}
		const entry = dashboardEntry(pathToFileURL(`${dir}/`));
		return entry.href.slice(entry.href.lastIndexOf('/') + 1);
	};

	it('the bundle, once built after tsc (or at the same time: a package has one date for every file)', async () => {
		expect(await entryIn({'dashboard.js': 1000, 'dashboard.bundle.js': 1001})).toBe('dashboard.bundle.js');
		expect(await entryIn({'dashboard.js': 1000, 'dashboard.bundle.js': 1000})).toBe('dashboard.bundle.js');
	});

	it("tsc's dashboard when there is no bundle, or tsc ran alone since it was built", async () => {
		expect(await entryIn({'dashboard.js': 1000})).toBe('dashboard.js');
		expect(await entryIn({'dashboard.js': 1001, 'dashboard.bundle.js': 1000})).toBe('dashboard.js');
	});
});

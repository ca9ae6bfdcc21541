// The dashboard and the npm packages it loads (Ink, React, its reconciler, yoga, chalk, …) in one ESM
// file, dist/ui/dashboard.bundle.js, which the CLI imports instead of dist/ui/dashboard.js
// (dist/dashboard-entry.js). Loading its ~550 modules one by one cost the first frame ~450 ms (the
// index of es-toolkit/compat alone pulls in 415 of them, for Ink's one `throttle`); bundled and
// tree-shaken, with React's production build chosen at build time, about a quarter of that. Runs
// after tsc, on its output (`npm run build`). flowdeck's own modules outside dist/ui (core/, …) stay
// external, imported by relative path: one copy of each at run time, shared with the pipeline.
// The same bundle is also written as one function, with V8's compiled code for it beside it
// (bundle-as-function.js, dashboard-code-cache.js): that is what the CLI runs (source/dashboard-script.ts).

import {spawnSync} from 'node:child_process';
import {readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {rolldown} from 'rolldown';
import {bundleAsFunction} from './bundle-as-function.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const ui = join(dist, 'ui');
export const entry = join(ui, 'dashboard.js');
export const bundle = join(ui, 'dashboard.bundle.js');

const inside = (dir, path) => path === dir || path.startsWith(dir + sep);

/** Relative imports that leave dist/ui: external, re-pointed from the bundle's own folder. */
const flowdeckModulesExternal = {
	name: 'flowdeck-modules-external',
	resolveId(source, importer) {
		if (!importer || !(source.startsWith('./') || source.startsWith('../'))) return null;
		if (!inside(ui, importer)) return null;
		const target = resolve(dirname(importer), source);
		if (inside(ui, target)) return null;
		if (!inside(dist, target)) throw new Error(`${importer} imports ${source}, outside dist`);
		const id = relative(ui, target).split(sep).join('/');
		return {id: id.startsWith('.') ? id : `./${id}`, external: true};
	},
};

/**
 * Under DEV=true Ink reads its own package.json by a path relative to its module (for React
 * DevTools), which from the bundle would be dist/package.json: its name and version, read now.
 */
const inkPackageJsonInlined = {
	name: 'ink-package-json-inlined',
	transform: {
		filter: {id: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/},
		async handler(code, id) {
			const read = "fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')";
			if (!code.includes(read)) throw new Error(`${id}: no longer reads its package.json as expected`);
			const {name, version} = JSON.parse(await readFile(join(dirname(id), '..', 'package.json'), 'utf8'));
			return code.replace(read, JSON.stringify(JSON.stringify({name, version})));
		},
	},
};

/**
 * Yoga's Emscripten loader fetch()es its wasm, inlined as a data: URL, whenever fetch exists: on
 * Node that loads undici and decodes 120 KB through it, ~45 ms of the first frame. It decodes the
 * same bytes with atob() where there is no fetch, as here now.
 */
const yogaWasmWithoutFetch = {
	name: 'yoga-wasm-without-fetch',
	transform: {
		filter: {id: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/},
		handler(code, id) {
			const viaFetch = 'function ya(){return w||"function"!=typeof fetch?';
			if (code.split(viaFetch).length !== 2) throw new Error(`${id}: no longer loads its wasm as expected`);
			return code.replace(viaFetch, 'function ya(){return true?');
		},
	},
};

/**
 * V8's code for the bundle as function, compiled in a fresh Node.js that draws one dashboard frame
 * with it (scripts/dashboard-code-cache.js): the functions a first frame runs are in it too.
 */
function writeCodeCache() {
	const result = spawnSync(process.execPath, [join(root, 'scripts', 'dashboard-code-cache.js')], {
		encoding: 'utf8',
		// Drawn as a terminal shows it, in colour and not in CI's last-frame-only mode: the code a user's
		// first frame runs is the code that gets cached.
		env: {...process.env, CI: '0', FORCE_COLOR: '1'},
	});
	if (result.status !== 0) throw new Error(`dashboard code cache: ${result.stderr || result.error}`);
}

/**
 * Builds the bundle: dashboard.bundle.js and its chunks (Ink's DevTools hook, the bundler's runtime).
 * Each file is written beside and renamed into place, the entry last, so a CLI starting meanwhile
 * loads either the old bundle or the new one. Resolves to the entry's size in bytes.
 */
export async function bundleDashboard({minify = false} = {}) {
	const build = await rolldown({
		input: {'dashboard.bundle': entry},
		platform: 'node',
		plugins: [flowdeckModulesExternal, inkPackageJsonInlined, yogaWasmWithoutFetch],
		// React, its reconciler and scheduler pick their production build (react-production.ts).
		transform: {define: {'process.env.NODE_ENV': '"production"'}},
		// Ink's React DevTools hook (DEV=true), not installed: fails at run time as it does unbundled.
		external: ['react-devtools-core'],
		logLevel: 'warn',
	});
	const {output} = await build.generate({
		format: 'esm',
		entryFileNames: '[name].js',
		// Ink's dynamic import of its DevTools hook (and ws) is a chunk of its own, loaded under DEV=true only.
		chunkFileNames: 'dashboard.bundle.[name].js',
		minify,
		sourcemap: false,
	});
	await build.close();
	const entryChunk = output.find((file) => file.type === 'chunk' && file.isEntry);
	output.push({
		type: 'asset',
		fileName: 'dashboard.bundle.script.js',
		source: bundleAsFunction(entryChunk.code),
	});
	// V8 would refuse the old cache for the new source anyway; gone first, it is never even read.
	await rm(join(ui, 'dashboard.bundle.cache'), {force: true});
	const files = output.toSorted(
		(a, b) => Number(a.type === 'chunk' && a.isEntry) - Number(b.type === 'chunk' && b.isEntry),
	);
	for (const file of files) {
		const path = join(ui, file.fileName);
		await writeFile(`${path}.tmp`, file.type === 'chunk' ? file.code : file.source);
		await rename(`${path}.tmp`, path);
	}
	writeCodeCache();
	// Chunks of an earlier build that this one no longer has.
	const written = new Set([...files.map((file) => file.fileName), 'dashboard.bundle.cache']);
	for (const name of await readdir(ui)) {
		if (name.startsWith('dashboard.bundle') && !written.has(name)) await rm(join(ui, name));
	}
	return (await stat(bundle)).size;
}

// Silent, as tsc is, unless asked: `node scripts/bundle-dashboard.js --size`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const size = await bundleDashboard({minify: process.argv.includes('--minify')});
	if (process.argv.includes('--size'))
		console.log(`${relative(root, bundle)}: ${(size / 1024).toFixed(0)} KiB`);
}

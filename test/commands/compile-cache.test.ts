import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import module from 'node:module';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/cli.js';

// Node 22+ keeps compiled ES modules between runs once source/cli.ts asks; Node 20 cannot. On every
// version the dashboard runs from the build's own code cache, which measured faster than Node's
// (docs/performance.md, "Startup"). CI runs this file on Node 20, 22 and 24: each checks its own side.

const nodeHasCompileCache =
	typeof (module as {enableCompileCache?: unknown}).enableCompileCache === 'function';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

/** Files Node wrote to its default compile cache folder (under TMPDIR) while the CLI ran. */
function cacheFilesAfter(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
	dir = mkdtempSync(join(tmpdir(), 'flowdeck-compile-cache-'));
	const childEnv: NodeJS.ProcessEnv = {...process.env, TMPDIR: dir, ...env};
	// Either one turns the cache on by itself, without flowdeck asking.
	delete childEnv.NODE_COMPILE_CACHE;
	if (!('NODE_DISABLE_COMPILE_CACHE' in env)) delete childEnv.NODE_DISABLE_COMPILE_CACHE;
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		encoding: 'utf8',
		env: childEnv,
		timeout: 20_000,
	});
	expect(result.stderr).toBe('');
	expect(result.status).toBe(0);
	const folder = join(dir, 'node-compile-cache');
	return existsSync(folder) ? readdirSync(folder, {recursive: true}).map(String) : [];
}

/** How the CLI's dashboard module came to be in a fresh Node.js: imported as an ES module, or run as a vm.Script. */
function dashboardLoadedAs(): string {
	const entry = resolve('dist/dashboard-entry.js');
	const script = `
		const {importDashboard} = await import(${JSON.stringify(`file://${entry}`)});
		const dashboard = await importDashboard();
		if (typeof dashboard.runDashboard !== 'function') throw new Error('no runDashboard');
		process.stdout.write(Object.prototype.toString.call(dashboard));`;
	const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
		encoding: 'utf8',
		env: {...process.env, NODE_OPTIONS: ''},
		timeout: 20_000,
	});
	expect(result.status, result.stderr).toBe(0);
	return result.stdout;
}

describe('the CLI and Node.js module compile cache', () => {
	it.runIf(nodeHasCompileCache)('Node 22+: the CLI turns the cache on before its modules load', () => {
		expect(cacheFilesAfter(['--version']).length).toBeGreaterThan(0);
	});

	it.runIf(nodeHasCompileCache)('NODE_DISABLE_COMPILE_CACHE=1 keeps it off', () => {
		expect(cacheFilesAfter(['--version'], {NODE_DISABLE_COMPILE_CACHE: '1'})).toEqual([]);
	});

	it.runIf(!nodeHasCompileCache)('Node 20: no cache to turn on, and the CLI runs as ever', () => {
		expect(cacheFilesAfter(['--version'])).toEqual([]);
	});
});

describe('importDashboard on this Node.js', () => {
	it("runs the bundle as a vm.Script from the build's code cache, not as an ES module", () => {
		expect(dashboardLoadedAs()).toBe('[object Object]');
	});
});

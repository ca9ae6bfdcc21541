import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {Script} from 'node:vm';
import {afterEach, describe, expect, it} from 'vitest';
import {bundleAsFunction} from '../../scripts/bundle-as-function.js';

// The CLI runs the dashboard bundle as a vm.Script compiled from V8's code cache, which the build
// writes beside it (source/dashboard-script.ts, scripts/bundle-dashboard.js); global-setup builds it.

const ui = resolve('dist/ui');
const firstFrameScript = resolve('test/fixtures/dashboard/first-frame.mjs');

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

/** The first frame of a made-up run, drawn in a fresh Node.js by the ESM bundle or the bundle as function. */
function firstFrame(mode: 'esm' | 'script', folder?: string): {frame: string; cacheRejected?: boolean} {
	const result = spawnSync(process.execPath, [firstFrameScript, mode, ...(folder ? [folder] : [])], {
		encoding: 'utf8',
		env: {...process.env, CI: '0', FORCE_COLOR: '1', NODE_OPTIONS: ''},
		timeout: 20_000,
	});
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout);
}

describe('the dashboard from V8 code cache', () => {
	it('draws the same first frame as the ES module bundle, with the cache V8 accepted', () => {
		const esm = firstFrame('esm');
		const script = firstFrame('script');
		expect(esm.frame).toContain('flowdeck');
		expect(script.frame).toBe(esm.frame);
		expect(script.cacheRejected).toBe(false);
	});

	it('a cache V8 refuses (corrupt, or from another Node.js) costs a compile, nothing else', () => {
		dir = mkdtempSync(join(tmpdir(), 'flowdeck-code-cache-'));
		// The bundle imports flowdeck's core by relative path: the same layout, core linked.
		mkdirSync(join(dir, 'ui'));
		symlinkSync(resolve('dist/core'), join(dir, 'core'));
		for (const name of ['dashboard.bundle.script.js', 'dashboard.bundle.rolldown-runtime.js'])
			copyFileSync(join(ui, name), join(dir, 'ui', name));
		writeFileSync(join(dir, 'ui', 'dashboard.bundle.cache'), Buffer.alloc(4096, 7));
		const refused = firstFrame('script', join(dir, 'ui'));
		expect(refused.cacheRejected).toBe(true);
		expect(refused.frame).toBe(firstFrame('esm').frame);
	});
});

describe('bundleAsFunction: the ES module bundle as the source of one async function', () => {
	const run = async (code: string, modules: Record<string, unknown>) => {
		const source = bundleAsFunction(code);
		const bundle = new Script(source).runInThisContext() as (
			importer: (specifier: string) => Promise<unknown>,
			url: string,
		) => Promise<Record<string, unknown>>;
		return bundle(async (specifier) => modules[specifier], 'file:///x/dashboard.bundle.js');
	};

	it('binds every import form rolldown writes, and returns the exports', async () => {
		const code = [
			'import { n as two, t } from "./runtime.js";',
			'import fs$1, { cwd } from "node:process";',
			'import * as ns from "node:fs";',
			'import os from "node:os";',
			'const where = import.meta.url;',
			'const later = async () => (await import("./devtools.js")).hook;',
			'function sum() { return two + t + fs$1.p + cwd() + ns.x + os.y; }',
			'export { sum, where, later };',
		].join('\n');
		const exports = await run(code, {
			'./runtime.js': {n: 2, t: 3},
			'node:process': {default: {p: 4}, cwd: () => 5},
			'node:fs': {x: 6},
			'node:os': {default: {y: 7}},
			'./devtools.js': {hook: 'hooked'},
		});
		expect((exports.sum as () => number)()).toBe(27);
		expect(exports.where).toBe('file:///x/dashboard.bundle.js');
		expect(await (exports.later as () => Promise<string>)()).toBe('hooked');
	});

	it('runs in strict mode, as an ES module does', async () => {
		const exports = await run('const self = (function () { return this; })();\nexport { self };', {});
		expect(exports.self).toBeUndefined();
	});

	it('stops the build at anything it cannot carry over', () => {
		expect(() => bundleAsFunction('import "./side-effect.js";\nexport { a };')).toThrow(/export|import/);
		expect(() => bundleAsFunction('const a = 1;')).toThrow(/no export line/);
		expect(() => bundleAsFunction('const r = import.meta.resolve("x");\nexport { r };')).toThrow(
			/import\.meta/,
		);
		expect(() => bundleAsFunction('const m = import(name);\nexport { m };')).toThrow(/import/);
	});
});

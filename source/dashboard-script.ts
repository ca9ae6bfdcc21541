import {readFileSync} from 'node:fs';
import {Script} from 'node:vm';
import type * as Dashboard from './ui/dashboard.js';

export type DashboardModule = typeof Dashboard;

/** The bundle as a function (scripts/bundle-dashboard.js) and V8's compiled code for it. */
const bundleScriptName = 'dashboard.bundle.script.js';
export const bundleCodeCacheName = 'dashboard.bundle.cache';

export type CompiledDashboard = {
	script: Script;
	/** V8 refused the code cache (another Node.js, other V8 flags) and compiled the source instead. */
	cacheRejected: boolean | undefined;
	run(): Promise<DashboardModule>;
};

type BundleFunction = (
	importRelative: (specifier: string) => Promise<unknown>,
	bundleUrl: string,
) => Promise<DashboardModule>;

/**
 * The dashboard bundle compiled from V8's code cache. Node 20 keeps no compiled code for ES modules
 * between runs (Node 22's module compile cache does), but it does for a vm.Script: the build writes the
 * bundle once more as a function and the code V8 compiled for it while drawing a first frame, which
 * spares the CLI compiling ~800 KB of Ink and React before every dashboard (bench/startup.js).
 * Undefined when the build made no such file; without the cache (or if V8 refuses it) the source is
 * compiled as usual.
 */
export function compileDashboardScript(ui: URL): CompiledDashboard | undefined {
	const scriptUrl = new URL(bundleScriptName, ui);
	let source: string;
	try {
		source = readFileSync(scriptUrl, 'utf8');
	} catch {
		return undefined;
	}
	let cachedData: Buffer | undefined;
	try {
		cachedData = readFileSync(new URL(bundleCodeCacheName, ui));
	} catch {
		cachedData = undefined;
	}
	// Named as the ES module it stands for: stack traces and Ink's own paths read the same.
	const bundleUrl = new URL('dashboard.bundle.js', ui).href;
	const script = new Script(source, {filename: bundleUrl, cachedData});
	return {
		script,
		cacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected,
		run: () => {
			const bundle = script.runInThisContext() as BundleFunction;
			return bundle((specifier) => import(new URL(specifier, bundleUrl).href), bundleUrl);
		},
	};
}

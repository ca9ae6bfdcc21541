import {statSync} from 'node:fs';
import {compileDashboardScript, type DashboardModule} from './dashboard-script.js';

/**
 * Which dashboard module is current: dist/ui/dashboard.bundle.js, the dashboard with Ink, React
 * and the rest of its npm packages in one file (scripts/bundle-dashboard.js, run by `npm run build`
 * after tsc), which loads in a quarter of the time of tsc's dist/ui/dashboard.js and its ~550
 * modules. That one when there is no bundle, or when the bundle is older than it: tsc ran alone
 * since (it rewrites every file), and the bundle would show the dashboard as it was. Two stat calls.
 */
export function dashboardEntry(ui: URL = new URL('./ui/', import.meta.url)): URL {
	const bundle = new URL('dashboard.bundle.js', ui);
	const unbundled = new URL('dashboard.js', ui);
	const bundled = statSync(bundle, {throwIfNoEntry: false});
	if (!bundled) return unbundled;
	const compiled = statSync(unbundled, {throwIfNoEntry: false});
	return compiled && compiled.mtimeMs > bundled.mtimeMs ? unbundled : bundle;
}

/**
 * The dashboard module for the CLI: the bundle compiled from V8's code cache when the build made one
 * (dashboard-script.ts), else whichever module dashboardEntry picks, imported. On every Node.js,
 * 22 and 24 included: Node's own module compile cache (cli.ts) keeps only the code V8 compiles up
 * front, the build's cache also the functions a first frame runs, and measured faster side by side
 * (docs/performance.md, "Startup").
 */
export async function importDashboard(ui: URL = new URL('./ui/', import.meta.url)): Promise<DashboardModule> {
	const entry = dashboardEntry(ui);
	if (entry.href.endsWith('/dashboard.bundle.js')) {
		const compiled = compileDashboardScript(ui);
		if (compiled) return compiled.run();
	}
	return import(entry.href) as Promise<DashboardModule>;
}

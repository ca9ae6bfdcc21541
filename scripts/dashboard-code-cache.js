// Run by scripts/bundle-dashboard.js in a fresh Node.js: compiles the bundle as function
// (dist/ui/dashboard.bundle.script.js), draws one dashboard frame of a made-up run into a terminal
// that is not there, then writes the code V8 compiled for it, the functions of that frame included,
// to dist/ui/dashboard.bundle.cache (read by source/dashboard-script.ts).
import {writeFileSync} from 'node:fs';
import {drawFirstFrame} from './first-frame.js';

const ui = new URL('../dist/ui/', import.meta.url);
const {compileDashboardScript, bundleCodeCacheName} = await import('../dist/dashboard-script.js');
const {Pipeline} = await import('../dist/core/pipeline/index.js');

const compiled = compileDashboardScript(ui);
if (!compiled) throw new Error('no dist/ui/dashboard.bundle.script.js');
const {runDashboard} = await compiled.run();
setTimeout(() => {
	process.stderr.write('the dashboard drew no frame in 10 s\n');
	process.exit(1);
}, 10_000);
await drawFirstFrame({
	runDashboard,
	Pipeline,
	onFrame: () => {
		writeFileSync(new URL(bundleCodeCacheName, ui), compiled.script.createCachedData());
		process.exit(0);
	},
});

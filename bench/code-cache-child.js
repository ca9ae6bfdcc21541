// One fresh Node.js loading the pipeline and the dashboard one way, to its first frame (ms since the
// process began): `plain` imports the ES module bundle with no cache; `hand-made` runs the bundle as
// a vm.Script from the code cache `npm run build` wrote (dist/dashboard-script.js); `compile-cache`
// imports the bundle with Node's module compile cache on (Node 22+), in the folder argv[3] names;
// `both` has that cache on for every module and runs the dashboard from the hand-made one.
import module from 'node:module';
import {drawFirstFrame} from '../scripts/first-frame.js';
import {reply, replyError} from './common.js';

const [mode, cacheDir] = [process.argv[2], process.argv[3]];
if (mode === 'compile-cache' || mode === 'both') module.enableCompileCache(cacheDir);

async function loadDashboard() {
	const ui = new URL('../dist/ui/', import.meta.url);
	if (mode === 'hand-made' || mode === 'both') {
		const {compileDashboardScript} = await import('../dist/dashboard-script.js');
		const compiled = compileDashboardScript(ui);
		if (compiled?.cacheRejected !== false) throw new Error('no usable hand-made code cache');
		return compiled.run();
	}
	return import(new URL('dashboard.bundle.js', ui).href);
}

async function main() {
	const [{Pipeline}, {runDashboard}] = await Promise.all([
		import('../dist/core/pipeline/index.js'),
		loadDashboard(),
	]);
	await drawFirstFrame({
		runDashboard,
		Pipeline,
		onFrame: () => {
			const firstFrameMs = performance.now();
			// As the CLI does at exit: what this run compiled is kept for the next one.
			module.flushCompileCache?.();
			reply({firstFrameMs});
		},
	});
}

main().catch(replyError);

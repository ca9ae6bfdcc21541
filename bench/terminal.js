// ttyBytesPerSec: bytes the dashboard (runDashboard, as shipped) writes per second to a fake 120×40
// terminal during the run of pipeline-efficiency.js, beside Ink's unthrottled full redraw of the same
// run (its first `windowMs` only: rendering every change slows the whole run to a crawl).
// renderCpuShare: the dashboard run's CPU time minus the headless run's, over its wall time (share of
// one core); for the windowed unthrottled run, its CPU rate minus the headless run's.
import {quick} from './common.js';
import {measuredRun} from './pipeline-efficiency.js';

const windowMs = quick ? 10_000 : 30_000;

export async function terminalCost(headless) {
	const dashboard = await measuredRun('dashboard');
	const unthrottled = await measuredRun('unthrottled', undefined, {windowMs});
	const perSecond = (run) => run.ttyBytes / (run.wallMs / 1000);
	return {
		ttyBytesPerSec: perSecond(dashboard),
		unthrottledTtyBytesPerSec: perSecond(unthrottled),
		renderCpuShare: (dashboard.cpuMs - headless.cpuMs) / dashboard.wallMs,
		unthrottledRenderCpuShare: unthrottled.cpuMs / unthrottled.wallMs - headless.cpuMs / headless.wallMs,
		dashboardWrites: dashboard.ttyWrites,
		dashboardWallMs: Math.round(dashboard.wallMs),
		dashboardDone: dashboard.done,
		dashboardPeakRssMb: dashboard.peakRssMb,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const headless = await measuredRun('headless');
	console.log(JSON.stringify(await terminalCost(headless)));
}

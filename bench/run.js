// `npm run bench`: every case against the simulator on loopback, side by side in one run; a table,
// then one JSON line with every figure. BENCH_QUICK=1 runs a scaled-down version of each case.

import {codeCache} from './code-cache.js';
import {quick} from './common.js';
import {downloadVsCurl} from './download.js';
import {filmVsFfmpeg} from './film.js';
import {bigRunMemory} from './memory.js';
import {pipelineEfficiency, runShape} from './pipeline-efficiency.js';
import {naivePoller} from './polling-economy.js';
import {scale} from './scale.js';
import {startup} from './startup.js';
import {terminalCost} from './terminal.js';

const figures = {quick};
const step = async (label, body) => {
	const started = performance.now();
	process.stderr.write(`bench: ${label}…`);
	Object.assign(figures, await body());
	process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
};

let headless;
await step('pipeline efficiency (headless run)', async () => {
	const {headless: run, ...rest} = await pipelineEfficiency();
	headless = run;
	return {...rest, headlessCpuMs: Math.round(run.cpuMs)};
});
await step('naive poller', async () => {
	const naive = await naivePoller();
	return {
		naiveStatusCallsPerVideo: naive.statusCallsPerVideo,
		statusCallsRatio: figures.statusCallsPerVideo / naive.statusCallsPerVideo,
	};
});
await step('dashboard and unthrottled runs', () => terminalCost(headless));
await step('downloads vs curl', () => downloadVsCurl());
await step('10,000-scene run', () => bigRunMemory());
await step('100 accounts, 10,000 scenes', () => scale());
await step('startup', () => startup());
await step('dashboard code caches', () => codeCache());
await step('film vs ffmpeg by hand', () => filmVsFfmpeg());

const rows = [
	['pipelineEfficiency', figures.pipelineEfficiency, '>= 0.95', (v) => v >= 0.95],
	['statusCallsPerVideo', figures.statusCallsPerVideo, '', undefined],
	['naiveStatusCallsPerVideo', figures.naiveStatusCallsPerVideo, '', undefined],
	[
		'statusCallsRatio',
		figures.statusCallsRatio,
		`<= 1/${runShape.maxInFlight}`,
		(v) => v <= 1 / runShape.maxInFlight,
	],
	['downloadVsCurl', figures.downloadVsCurl, '>= 0.9', (v) => v >= 0.9],
	['downloadVsCurlNoFsync', figures.downloadVsCurlNoFsync, '', undefined],
	['downloadPeakRssMb', figures.downloadPeakRssMb, '<= 150', (v) => v <= 150],
	['ttyBytesPerSec', figures.ttyBytesPerSec, '<= 20000', (v) => v <= 20_000],
	['unthrottledTtyBytesPerSec', figures.unthrottledTtyBytesPerSec, '', undefined],
	['renderCpuShare', figures.renderCpuShare, '<= 0.15', (v) => v <= 0.15],
	['unthrottledRenderCpuShare', figures.unthrottledRenderCpuShare, '', undefined],
	['peakRssMb', figures.peakRssMb, '<= 250', (v) => v <= 250],
	['scaleEfficiency', figures.scaleEfficiency, '>= 0.97', (v) => v >= 0.97],
	['scaleStatusCallsPerAccountInterval', figures.scaleStatusCallsPerAccountInterval, '<= 1', (v) => v <= 1],
	['scalePeakRssMb', figures.scalePeakRssMb, '<= 250', (v) => v <= 250],
	['startupMs', figures.startupMs, '<= 400', (v) => v <= 400],
	['startupHeadlessMs', figures.startupHeadlessMs, '<= 400', (v) => v <= 400],
	['startupPtyMs', figures.startupPtyMs, '', undefined],
	['firstFramePlainMs', figures.firstFramePlainMs, '', undefined],
	['firstFrameHandMadeCacheMs', figures.firstFrameHandMadeCacheMs, '', undefined],
	['firstFrameCompileCacheMs', figures.firstFrameCompileCacheMs, '', undefined],
	['handMadeCacheVsPlain', figures.handMadeCacheVsPlain, '< 1', (v) => v < 1],
	['firstFrameBothCachesMs', figures.firstFrameBothCachesMs, '', undefined],
	['compileCacheVsHandMade', figures.compileCacheVsHandMade, '', undefined],
	['bothCachesVsCompileCache', figures.bothCachesVsCompileCache, '< 1', (v) => v < 1],
	['headlessCompileCacheVsNone', figures.headlessCompileCacheVsNone, '< 1', (v) => v < 1],
	['filmVsFfmpeg', figures.filmVsFfmpeg, '<= 1.1', (v) => v <= 1.1],
	['filmMs', figures.filmMs, '', undefined],
	['filmByHandMs', figures.filmByHandMs, '', undefined],
];
const show = (value) =>
	typeof value !== 'number'
		? String(value)
		: Number.isInteger(value)
			? String(value)
			: value.toFixed(value < 10 ? 3 : 1);
console.log(`flowdeck bench${quick ? ' (BENCH_QUICK: scaled down, not comparable with the goals)' : ''}`);
console.log(`${'figure'.padEnd(36)}${'value'.padStart(12)}  ${'goal'.padEnd(10)}`);
for (const [name, value, goal, check] of rows) {
	const verdict = check === undefined || value === null ? '' : check(value) ? 'ok' : 'MISSED';
	console.log(`${name.padEnd(36)}${show(value).padStart(12)}  ${goal.padEnd(10)}${verdict}`);
}
console.log(JSON.stringify(figures));

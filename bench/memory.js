// peakRssMb: VmHWM of a child process running the headless pipeline (journal, manifest, NDJSON) on a
// 10,000-scene run with a short generation time; the simulator runs in a process of its own.
import {quick} from './common.js';
import {measuredRun} from './pipeline-efficiency.js';

export const bigRunShape = {
	scenes: quick ? 2000 : 10_000,
	copies: 1,
	accounts: 10,
	maxInFlight: 8,
	generationMs: 100,
	pollIntervalMs: 25,
};

export async function bigRunMemory(shape = bigRunShape) {
	const run = await measuredRun('headless', shape);
	return {
		peakRssMb: run.peakRssMb,
		bigRunScenes: shape.scenes,
		bigRunDone: run.done,
		bigRunWallMs: Math.round(run.wallMs),
		bigRunCpuMs: Math.round(run.cpuMs),
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await bigRunMemory()));
}

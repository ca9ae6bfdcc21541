// pipelineEfficiency = ideal makespan ÷ actual, for scenes × copies on accounts × maxInFlight with a
// fixed generation time, against the simulator (its own process) on loopback. Ideal = ceil(scenes ×
// copies ÷ (accounts × maxInFlight)) × generation time. The same run gives statusCallsPerVideo and
// the headless CPU time the dashboard case compares against.
import {benchAccounts, quick, runChild, startSimProcess} from './common.js';

export const runShape = quick
	? {scenes: 200, copies: 2, accounts: 10, maxInFlight: 4, generationMs: 1000, pollIntervalMs: 50}
	: {scenes: 1000, copies: 2, accounts: 10, maxInFlight: 4, generationMs: 2000, pollIntervalMs: 50};

/** One run of `shape` in a child process (mode: headless | dashboard | unthrottled). */
export async function measuredRun(mode, shape = runShape, extra = {}) {
	const accounts = benchAccounts(shape.accounts);
	const sim = await startSimProcess({
		accounts,
		generationMs: shape.generationMs,
		videoBytes: 4096,
		seed: 1,
	});
	try {
		const run = await runChild('run-child.js', {...shape, ...extra, mode, accounts, ...sim});
		return {...run, sim: await sim.stats()};
	} finally {
		await sim.close();
	}
}

export async function pipelineEfficiency(shape = runShape) {
	const run = await measuredRun('headless', shape);
	const slots = shape.accounts * shape.maxInFlight;
	const idealMs = Math.ceil((shape.scenes * shape.copies) / slots) * shape.generationMs;
	return {
		pipelineEfficiency: idealMs / run.wallMs,
		idealMs,
		actualMs: Math.round(run.wallMs),
		done: run.done,
		scenes: shape.scenes,
		statusCallsPerVideo: run.sim.statusCalls / run.videos,
		headless: run,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await pipelineEfficiency()));
}

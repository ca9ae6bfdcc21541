// The scale case: 100 accounts × 4 in flight, 10,000 scenes × 1, 2 s generations. scaleEfficiency =
// ideal makespan ÷ actual, as pipelineEfficiency; scaleStatusCallsPerAccountInterval = the status calls
// of the busiest account ÷ the poll intervals the run lasted (the pipeline promises at most one per
// account per interval, docs/design.md §3); scalePeakRssMb = the child's peak memory.
import {quick} from './common.js';
import {measuredRun} from './pipeline-efficiency.js';

export const scaleShape = quick
	? {scenes: 2000, copies: 1, accounts: 100, maxInFlight: 4, generationMs: 1000, pollIntervalMs: 50}
	: {scenes: 10_000, copies: 1, accounts: 100, maxInFlight: 4, generationMs: 2000, pollIntervalMs: 50};

export async function scale(shape = scaleShape) {
	const run = await measuredRun('headless', shape, {timeStatusCalls: true});
	const slots = shape.accounts * shape.maxInFlight;
	const idealMs = Math.ceil((shape.scenes * shape.copies) / slots) * shape.generationMs;
	const intervals = run.wallMs / shape.pollIntervalMs;
	const calls = Object.values(run.statusCallTimes ?? {}).map((times) => times.length);
	return {
		scaleEfficiency: idealMs / run.wallMs,
		scaleStatusCallsPerAccountInterval: Math.max(0, ...calls) / intervals,
		scalePeakRssMb: run.peakRssMb,
		scaleDone: run.done,
		scaleScenes: shape.scenes,
		scaleWallMs: Math.round(run.wallMs),
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await scale()));
}

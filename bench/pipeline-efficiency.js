// pipelineEfficiency = ideal makespan ÷ actual, for scenes × copies on accounts × maxInFlight with a
// fixed generation time, against the simulator on loopback. Ideal = ceil(scenes × copies ÷ (accounts ×
// maxInFlight)) × generation time.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Pipeline} from '../dist/core/pipeline.js';
import {functionCaptchaProvider} from '../dist/labs/captcha.js';
import {createLabsAccountClient} from '../dist/labs/index.js';
import {startSimulator} from '../dist/labs/simulator/index.js';

export async function pipelineEfficiency({
	scenes = 1000,
	copies = 2,
	accounts = 10,
	maxInFlight = 4,
	generationMs = 2000,
	pollIntervalMs = 50,
} = {}) {
	const accountList = Array.from({length: accounts}, (_, i) => ({name: `acc${i + 1}`, cookie: `cookie-${i + 1}`}));
	const sim = await startSimulator({accounts: accountList, generationMs, videoBytes: 4096, seed: 1});
	const captcha = functionCaptchaProvider('simulator', ({account}) => sim.mintCaptchaToken(account));
	const clients = accountList.map((account) =>
		createLabsAccountClient({
			name: account.name,
			cookie: account.cookie,
			captcha,
			origins: {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: 'http://127.0.0.1:9'},
		}),
	);
	const dir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-'));
	const specs = Array.from({length: scenes}, (_, i) => ({
		index: i + 1,
		id: String(i + 1),
		prompt: `bench scene ${i + 1}`,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies,
	}));
	const pipeline = new Pipeline({
		outDir: dir,
		scenes: specs,
		accounts: clients.map((client) => ({client, maxInFlight})),
		pollIntervalMs,
		minSubmitGapMs: 0,
		downloadConcurrency: 16,
	});
	await Promise.all(clients.map((client) => client.prepare()));
	const started = performance.now();
	const state = await pipeline.start();
	const actualMs = performance.now() - started;
	const statusCalls = sim.stats.requests.filter((r) => r.path.includes('batchCheckAsync')).length;
	const videos = state.scenes.reduce((n, s) => n + s.media.length, 0);
	const slots = accounts * maxInFlight;
	const idealMs = Math.ceil((scenes * copies) / slots) * generationMs;
	await Promise.all(clients.map((client) => client.close()));
	await sim.close();
	await rm(dir, {recursive: true, force: true});
	const done = state.scenes.filter((s) => s.state === 'done').length;
	return {
		pipelineEfficiency: idealMs / actualMs,
		idealMs,
		actualMs: Math.round(actualMs),
		done,
		scenes,
		statusCallsPerVideo: statusCalls / videos,
		naiveStatusCallsPerVideo: Math.ceil(generationMs / pollIntervalMs),
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const scenes = Number(process.argv[2] ?? 1000);
	const generationMs = Number(process.argv[3] ?? 2000);
	console.log(JSON.stringify(await pipelineEfficiency({scenes, generationMs})));
}

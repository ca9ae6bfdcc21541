// The naive poller flowdeck is measured against: the same accounts, slots, generation time and poll
// interval, but one status call per media per interval. Run for real on a smaller sample against the
// simulator; statusCallsPerVideo of it and of flowdeck's own run make the polling-economy ratio.
import {benchAccounts, benchCaptcha, quick, sceneSpecs, startSimProcess} from './common.js';
import {runShape} from './pipeline-efficiency.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function naivePoller(shape = {...runShape, scenes: quick ? 40 : 80}) {
	const {createLabsAccountClient} = await import('../dist/labs/index.js');
	const accounts = benchAccounts(shape.accounts);
	const sim = await startSimProcess({accounts, generationMs: shape.generationMs, videoBytes: 4096, seed: 1});
	const captcha = await benchCaptcha();
	const clients = accounts.map((account) =>
		createLabsAccountClient({
			name: account.name,
			cookie: account.cookie,
			captcha,
			origins: {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: 'http://127.0.0.1:9'},
		}),
	);
	try {
		await Promise.all(clients.map((client) => client.prepare()));
		const queue = sceneSpecs(shape.scenes, shape.copies);
		let statusCalls = 0;
		let videos = 0;
		const started = performance.now();
		await Promise.all(
			clients.map(async (client) => {
				const generating = new Set();
				let tick = performance.now();
				for (;;) {
					while (generating.size + shape.copies <= shape.maxInFlight && queue.length > 0) {
						const scene = queue.shift();
						const result = await client.submit({...scene});
						for (const ref of result.media) generating.add(ref);
					}
					if (generating.size === 0) return;
					// A fixed rate, like flowdeck's interval timer; a round longer than the interval skips ticks.
					const now = performance.now();
					tick += Math.max(1, Math.ceil((now - tick) / shape.pollIntervalMs)) * shape.pollIntervalMs;
					await sleep(tick - now);
					// Naive: every media asks on its own.
					await Promise.all(
						[...generating].map(async (ref) => {
							statusCalls++;
							const {media} = await client.status([ref]);
							if (media[0]?.state === 'succeeded' || media[0]?.state === 'failed') {
								generating.delete(ref);
								videos++;
							}
						}),
					);
				}
			}),
		);
		const wallMs = performance.now() - started;
		const served = (await sim.stats()).statusCalls;
		return {statusCallsPerVideo: served / videos, statusCalls, served, videos, wallMs: Math.round(wallMs)};
	} finally {
		await Promise.allSettled(clients.map((client) => client.close()));
		await sim.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await naivePoller()));
}

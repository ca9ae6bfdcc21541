// downloadVsCurl = aggregate throughput of N parallel downloads through flowdeck's downloader ÷ that of
// N parallel `curl -s -o file <signed url> && sync file` (the same work: flowdeck fsyncs every video
// before calling it done), on the same simulator CDN (its own process). downloadVsCurlNoFsync: against
// plain curl, whose files may still sit in the page cache when it exits.
// The flowdeck downloads run in a child process that does nothing else; its peak RSS is reported.
import {spawn, spawnSync} from 'node:child_process';
import {mkdir, mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {request} from 'undici';
import {benchAccounts, benchCaptcha, quick, runChild, startSimProcess} from './common.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function clear(dir) {
	await rm(dir, {recursive: true, force: true});
	await mkdir(dir);
}

/**
 * N curl processes at once. With `fsync`, each then fsyncs its file (coreutils `sync FILE`), the work
 * flowdeck's downloader does before it calls a video done: the same work on both sides.
 */
async function curlAll(urls, dir, {fsync}) {
	const started = performance.now();
	await Promise.all(
		urls.map(
			(url, i) =>
				new Promise((resolve, reject) => {
					const file = join(dir, `curl-${i}.mp4`);
					const curl = fsync
						? spawn('sh', ['-c', 'curl -s -o "$1" "$2" && sync "$1"', 'sh', file, url], {stdio: 'ignore'})
						: spawn('curl', ['-s', '-o', file, url], {stdio: 'ignore'});
					curl.once('error', reject);
					curl.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited ${code}`))));
				}),
		),
	);
	return performance.now() - started;
}

/**
 * 800 MB written by one side leaves dirty pages that the kernel writes back during the next side's
 * run: flush them (untimed) before each timed run. flowdeck's own fsync of each finished file stays
 * in its time; curl does none.
 */
const settleDisk = () => spawnSync('sync');

export async function downloadVsCurl({files = 8, megabytes = quick ? 20 : 100, rounds = 4} = {}) {
	const {createLabsAccountClient} = await import('../dist/labs/index.js');
	const {labsPaths, sessionCookieName} = await import('../dist/labs/wire/labs/protocol.js');
	const [account] = benchAccounts(1);
	const videoBytes = megabytes * 1024 * 1024;
	const sim = await startSimProcess({accounts: [account], generationMs: 0, videoBytes, seed: 1});
	const client = createLabsAccountClient({
		name: account.name,
		cookie: account.cookie,
		captcha: await benchCaptcha(),
		origins: {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: 'http://127.0.0.1:9'},
	});
	const dir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-dl-'));
	try {
		const {projectId} = await client.prepare();
		const refs = [];
		for (let i = 0; i < files / 2; i++) {
			const submitted = await client.submit({
				prompt: `download ${i}`,
				model: 'veo_3_1_t2v_fast',
				aspect: '16:9',
				copies: 2,
			});
			refs.push(...submitted.media);
		}
		while (!(await client.status(refs)).media.every((media) => media.state === 'succeeded')) await sleep(20);
		const names = refs.map((ref) => ref.name);
		// curl gets what flowdeck resolves with the cookie: the signed CDN URL.
		const signedUrl = async (name) => {
			const response = await request(sim.labsUrl + labsPaths.mediaRedirect(name), {
				headers: {cookie: `${sessionCookieName}=${account.cookie}`},
			});
			await response.body.dump();
			return response.headers.location;
		};
		const total = videoBytes * files;
		const curlMs = [];
		const curlNoFsyncMs = [];
		const flowdeck = [];
		const curlRound = async () => {
			for (const fsync of [true, false]) {
				const urls = await Promise.all(names.map(signedUrl));
				settleDisk();
				(fsync ? curlMs : curlNoFsyncMs).push(await curlAll(urls, dir, {fsync}));
				for (let i = 0; i < files; i++) {
					if ((await stat(join(dir, `curl-${i}.mp4`))).size !== videoBytes)
						throw new Error('curl: short file');
				}
				await clear(dir);
			}
		};
		const flowdeckRound = async () => {
			settleDisk();
			flowdeck.push(
				await runChild('download-child.js', {
					apiUrl: sim.apiUrl,
					labsUrl: sim.labsUrl,
					cookie: account.cookie,
					projectId,
					names,
					dir,
				}),
			);
			if (flowdeck.at(-1).bytes !== total) throw new Error('flowdeck: short download');
			await clear(dir);
		};
		// Each side goes first every other round, so neither always inherits the other's writeback.
		for (let round = 0; round < rounds; round++) {
			for (const side of round % 2 === 0 ? [curlRound, flowdeckRound] : [flowdeckRound, curlRound])
				await side();
		}
		// The best round of each: loopback throughput only ever loses to noise.
		const bestCurlMs = Math.min(...curlMs);
		const bestFlowdeckMs = Math.min(...flowdeck.map((run) => run.wallMs));
		const mbps = (ms) => total / (1024 * 1024) / (ms / 1000);
		return {
			downloadVsCurl: bestCurlMs / bestFlowdeckMs,
			downloadVsCurlNoFsync: Math.min(...curlNoFsyncMs) / bestFlowdeckMs,
			curlNoFsyncMBps: mbps(Math.min(...curlNoFsyncMs)),
			flowdeckMBps: mbps(bestFlowdeckMs),
			curlMBps: mbps(bestCurlMs),
			downloadPeakRssMb: Math.max(...flowdeck.map((run) => run.peakRssMb)),
			files,
			megabytes,
		};
	} finally {
		await client.close();
		await sim.close();
		await rm(dir, {recursive: true, force: true});
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await downloadVsCurl()));
}

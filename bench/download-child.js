// The flowdeck side of downloadVsCurl, alone in its process: one AccountClient downloads every media
// at once (AccountClient.download: resolve with the cookie, stream the signed URL to disk), then
// reports the wall time and this process's peak RSS.
import {join} from 'node:path';
import {benchCaptcha, childInput, peakRssMb, reply, replyError} from './common.js';

async function main() {
	const input = childInput();
	const {createLabsAccountClient} = await import('../dist/labs/index.js');
	const client = createLabsAccountClient({
		name: 'acc1',
		cookie: input.cookie,
		projectId: input.projectId,
		captcha: await benchCaptcha(),
		origins: {apiUrl: input.apiUrl, labsUrl: input.labsUrl, flowUrl: 'http://127.0.0.1:9'},
	});
	await client.prepare();
	const started = performance.now();
	const results = await Promise.all(
		input.names.map((name, i) =>
			client.download({name, projectId: input.projectId}, join(input.dir, `flowdeck-${i}.mp4`), {
				onProgress: () => {},
			}),
		),
	);
	const wallMs = performance.now() - started;
	await client.close();
	reply({wallMs, bytes: results.reduce((sum, result) => sum + result.bytes, 0), peakRssMb: peakRssMb()});
}

main().catch(replyError);

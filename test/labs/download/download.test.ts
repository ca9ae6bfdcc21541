import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Agent} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {downloadSignedUrl} from '../../../source/labs/download/download.js';
import {WritebackGate} from '../../../source/labs/download/writeback.js';

const megabyte = 1024 * 1024;

/** An MP4-looking body of `size` bytes whose content depends on `seed`, sent in 64 KiB writes. */
function videoBytes(size: number, seed: number): Buffer {
	const bytes = Buffer.alloc(size, seed);
	bytes.write('\0\0\0\x18ftypisom', 0, 'latin1');
	return bytes;
}

let server: Server | undefined;
let dir: string | undefined;
const dispatcher = new Agent();
afterEach(async () => {
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
	server = undefined;
	if (dir) await rm(dir, {recursive: true, force: true});
});

async function serve(videos: Buffer[]): Promise<string> {
	server = createServer((request, response) => {
		const video = videos[Number(request.url?.slice(1))]!;
		response.writeHead(200, {'content-type': 'video/mp4', 'content-length': video.length});
		let at = 0;
		const next = () => {
			while (at < video.length) {
				const chunk = video.subarray(at, at + 64 * 1024);
				at += chunk.length;
				if (!response.write(chunk)) return void response.once('drain', next);
			}
			response.end();
		};
		next();
	});
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('downloadSignedUrl early writeback', () => {
	it('hands each file to the disk while it downloads, one file at a time, and keeps every byte', async () => {
		const videos = [videoBytes(6 * megabyte, 1), videoBytes(6 * megabyte, 2), videoBytes(6 * megabyte, 3)];
		const origin = await serve(videos);
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-download-'));
		const gate = new WritebackGate({everyBytes: megabyte});
		const results = await Promise.all(
			videos.map((_, i) =>
				downloadSignedUrl(`${origin}/${i}`, join(dir!, `${i}.mp4`), {dispatcher, writeback: gate}),
			),
		);
		expect(results.map((result) => result.bytes)).toEqual(videos.map((video) => video.length));
		for (const [i, video] of videos.entries())
			expect((await readFile(join(dir, `${i}.mp4`))).equals(video)).toBe(true);
		expect(gate.stats.started).toBeGreaterThan(0);
		expect(gate.stats.mostAtOnce).toBe(1);
	});

	it('starts none for a file smaller than one writeback step', async () => {
		const origin = await serve([videoBytes(megabyte / 2, 7)]);
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-download-'));
		const gate = new WritebackGate({everyBytes: megabyte});
		await downloadSignedUrl(`${origin}/0`, join(dir, 'small.mp4'), {dispatcher, writeback: gate});
		expect(gate.stats.started).toBe(0);
	});
});

// Which bytes downloadSignedUrl keeps: only a complete MP4 of the announced and the expected length is
// renamed into place; a body that breaks off, stalls, is short, has another length than Flow's record
// or is no MP4 is refused with the code the caller retries on, and its .part is removed.
import {open, readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {MockAgent} from 'undici';
import {describe, expect, it, vi} from 'vitest';
import {downloadSignedUrl} from '../../../source/labs/download/download.js';
import type {DownloadProgress} from '../../../source/labs/types.js';
import {cdn, dispatcher, filesIn, flowErrorOf, mp4, scratch} from './helpers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A CDN that sends `pieces` one by one, a pause between them, then ends (or drops) the answer. */
const sending = (
	pieces: Buffer[],
	headers: Record<string, string | number>,
	end: 'end' | 'drop' | 'stall' = 'end',
) =>
	cdn(async (_request, response) => {
		response.writeHead(200, {'content-type': 'video/mp4', ...headers});
		for (const piece of pieces) {
			response.write(piece);
			await pause(30);
		}
		if (end === 'end') response.end();
		if (end === 'drop') response.destroy();
	});

/** A dispatcher answering every request with exactly these headers and body, whatever they claim. */
function mockCdn(body: Buffer, headers: Record<string, string>) {
	const agent = new MockAgent();
	agent.disableNetConnect();
	agent.get('https://cdn.example').intercept({path: /.*/, method: 'GET'}).reply(200, body, {headers});
	return agent;
}

describe('downloadSignedUrl: length', () => {
	it('refuses a body that breaks off before its announced length', async () => {
		const url = await sending([mp4(500)], {'content-length': 1000}, 'drop');
		const where = await scratch();
		const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(error.message).toBe('the download broke off after 500 of 1000 bytes');
		expect(error.cause).toBeDefined();
		expect(await filesIn(where)).toEqual([]);
	});

	it('says "?" for the length when a chunked body breaks off', async () => {
		const url = await sending([mp4(300)], {}, 'drop');
		const where = await scratch();
		const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(error.message).toBe('the download broke off after 300 of ? bytes');
	});

	it('refuses a body that stalls for longer than timeoutMs', async () => {
		const url = await sending([mp4(100)], {'content-length': 1000}, 'stall');
		const where = await scratch();
		const error = await flowErrorOf(
			downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, timeoutMs: 200}),
		);
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(error.message).toBe('the download broke off after 100 of 1000 bytes');
		expect(await filesIn(where)).toEqual([]);
	});

	it('checks the length itself when the connection does not (shorter body than Content-Length)', async () => {
		const where = await scratch();
		const agent = mockCdn(mp4(50), {'content-type': 'video/mp4', 'content-length': '100'});
		const error = await flowErrorOf(
			downloadSignedUrl('https://cdn.example/v?Signature=s', join(where, 'v.mp4'), {dispatcher: agent}),
		);
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(error.message).toBe('the download is truncated: 50 of 100 bytes');
		expect(await filesIn(where)).toEqual([]);
	});

	it('ignores a Content-Length that is no number', async () => {
		const where = await scratch();
		const video = mp4(50, 3);
		const agent = mockCdn(video, {'content-type': 'video/mp4', 'content-length': 'fifty'});
		const progress: DownloadProgress[] = [];
		const result = await downloadSignedUrl('https://cdn.example/v?Signature=s', join(where, 'v.mp4'), {
			dispatcher: agent,
			onProgress: (step) => progress.push(step),
		});
		expect(result).toEqual({bytes: 50, contentType: 'video/mp4'});
		expect((await readFile(join(where, 'v.mp4'))).equals(video)).toBe(true);
		expect(progress.at(-1)?.receivedBytes).toBe(50);
	});

	it("refuses a body of another length than Flow's record, even when Content-Length agrees", async () => {
		const url = await sending([mp4(2000)], {'content-length': 2000});
		const where = await scratch();
		const error = await flowErrorOf(
			downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, expectedBytes: 2048}),
		);
		expect([error.kind, error.code]).toEqual(['transient', 'SIZE_MISMATCH']);
		expect(error.message).toBe('the download has 2000 bytes but Flow says the video has 2048');
		expect(await filesIn(where)).toEqual([]);
	});

	it("keeps a body of exactly Flow's length", async () => {
		const video = mp4(2048, 5);
		const url = await sending([video.subarray(0, 1000), video.subarray(1000)], {});
		const where = await scratch();
		const result = await downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, expectedBytes: 2048});
		expect(result).toEqual({bytes: 2048, contentType: 'video/mp4'});
		expect((await readFile(join(where, 'v.mp4'))).equals(video)).toBe(true);
		expect(await filesIn(where)).toEqual(['v.mp4']);
	});
});

describe('downloadSignedUrl: durability', () => {
	it('fsyncs the finished video before it takes the final name', async () => {
		const video = mp4(3000, 6);
		const url = await sending([video], {'content-length': video.length});
		const where = await scratch();
		const probe = await open(join(where, 'probe'), 'w');
		const sync = vi.spyOn(Object.getPrototypeOf(probe), 'sync');
		await probe.close();
		await rm(join(where, 'probe'));
		try {
			await downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher});
			expect(sync).toHaveBeenCalledTimes(1);
		} finally {
			sync.mockRestore();
		}
	});
});

describe('downloadSignedUrl: cleanup', () => {
	it("reports the download's own failure when its .part is already gone", async () => {
		const where = await scratch();
		const part = join(where, 'v.mp4.part');
		const url = await cdn(async (_request, response) => {
			response.writeHead(200, {'content-type': 'video/mp4', 'content-length': 1000});
			response.write(mp4(100));
			while (!(await filesIn(where)).includes('v.mp4.part')) await pause(10);
			await rm(part);
			response.destroy();
		});
		const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(await filesIn(where)).toEqual([]);
	});
});

describe('downloadSignedUrl: MP4 signature', () => {
	it('refuses a body without an ftyp box as soon as its first 8 bytes are in, reporting no progress', async () => {
		const zip = Buffer.alloc(4000, 7);
		zip.write('PK\x03\x04ziparchive', 0, 'latin1');
		const url = await sending([zip], {'content-length': zip.length});
		const where = await scratch();
		const progress: DownloadProgress[] = [];
		const error = await flowErrorOf(
			downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, onProgress: (step) => progress.push(step)}),
		);
		expect([error.kind, error.code]).toEqual(['protocol', 'NOT_MP4']);
		expect(error.message).toBe('the download is not an MP4 (no ftyp box)');
		expect(progress).toEqual([]);
		expect(await filesIn(where)).toEqual([]);
	});

	it('reads the signature across chunks of a few bytes', async () => {
		const video = mp4(64, 2);
		const pieces = [video.subarray(0, 3), video.subarray(3, 6), video.subarray(6, 7), video.subarray(7)];
		const url = await sending(pieces, {'content-length': video.length});
		const where = await scratch();
		const progress: DownloadProgress[] = [];
		const result = await downloadSignedUrl(url, join(where, 'v.mp4'), {
			dispatcher,
			onProgress: (step) => progress.push(step),
		});
		expect(result.bytes).toBe(64);
		expect((await readFile(join(where, 'v.mp4'))).equals(video)).toBe(true);
		expect(progress).toEqual([
			{receivedBytes: 3, totalBytes: 64},
			{receivedBytes: 6, totalBytes: 64},
			{receivedBytes: 7, totalBytes: 64},
			{receivedBytes: 64, totalBytes: 64},
		]);
	});

	it('refuses a wrong signature split across chunks', async () => {
		const fake = mp4(64, 2);
		fake.write('fryp', 4, 'latin1');
		const url = await sending([fake.subarray(0, 5), fake.subarray(5)], {'content-length': fake.length});
		const where = await scratch();
		const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
		expect(error.code).toBe('NOT_MP4');
		expect(await filesIn(where)).toEqual([]);
	});

	it('refuses a body too short to hold an ftyp box', async () => {
		for (const body of [Buffer.from('\0\0\0\x18ftyp'.slice(0, 7), 'latin1'), Buffer.alloc(0)]) {
			const url = await sending(body.length ? [body] : [], {'content-length': body.length});
			const where = await scratch();
			const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
			expect([error.kind, error.code]).toEqual(['protocol', 'NOT_MP4']);
			expect(error.message).toBe('the download is not an MP4 (no ftyp box)');
			expect(await filesIn(where)).toEqual([]);
		}
	});

	it('reports progress against the announced length, or none when the body is chunked', async () => {
		const video = mp4(5000, 4);
		const url = await sending([video.subarray(0, 2000), video.subarray(2000)], {});
		const where = await scratch();
		const progress: DownloadProgress[] = [];
		await downloadSignedUrl(url, join(where, 'v.mp4'), {
			dispatcher,
			onProgress: (step) => progress.push(step),
		});
		expect(progress).toEqual([
			{receivedBytes: 2000, totalBytes: undefined},
			{receivedBytes: 5000, totalBytes: undefined},
		]);
	});
});

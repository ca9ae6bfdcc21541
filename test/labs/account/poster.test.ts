// The poster JPEG beside a clip (issue 19): fetched from its signed URL with no credentials, checked
// (200, image/jpeg, a JPEG's SOI, at most a small size, whole), written to .part, synced and renamed;
// and through the account client, scoped to the account, on the flow.google.com stand-in.
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import type {IncomingHttpHeaders} from 'node:http';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fetchPoster, maxPosterBytes} from '../../../source/labs/account/poster.js';
import {caughtFlowError} from '../../helpers/flow-error.js';
import {waitForMedia} from '../../helpers/sim.js';
import {cdn, dispatcher, filesIn, flowErrorOf, scratch} from '../download/helpers.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../wire/flow/harness.js';

const jpeg = Buffer.concat([
	Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
	Buffer.alloc(600, 7),
	Buffer.from([0xff, 0xd9]),
]);

const answering = (status: number, headers: Record<string, string>, body: string | Buffer) =>
	cdn((_request, response) => {
		response.writeHead(status, headers);
		response.end(body);
	});

/** The error of a poster fetch that must leave nothing behind in its folder. */
async function refused(url: string, maxBytes?: number) {
	const where = await scratch();
	const error = await flowErrorOf(fetchPoster(url, join(where, 'p.jpg'), {dispatcher, maxBytes}));
	expect(await filesIn(where)).toEqual([]);
	return error;
}

describe('fetchPoster', () => {
	it('saves a JPEG whole, with no credentials sent, and leaves no .part', async () => {
		const headers: IncomingHttpHeaders[] = [];
		const url = await cdn((request, response) => {
			headers.push({...request.headers});
			response.writeHead(200, {'content-type': 'image/jpeg', 'content-length': jpeg.length});
			response.end(jpeg);
		});
		const where = await scratch();
		const result = await fetchPoster(url, join(where, 'p.jpg'), {dispatcher});
		expect(result).toEqual({bytes: jpeg.length});
		expect((await readFile(join(where, 'p.jpg'))).equals(jpeg)).toBe(true);
		expect(await filesIn(where)).toEqual(['p.jpg']);
		expect(headers).toHaveLength(1);
		expect(headers[0]?.cookie).toBeUndefined();
		expect(headers[0]?.authorization).toBeUndefined();
	});

	it('refuses another content type, or bytes that are no JPEG', async () => {
		for (const type of ['text/html; charset=utf-8', 'video/mp4', 'image/png']) {
			const error = await refused(await answering(200, {'content-type': type}, jpeg));
			expect([error.kind, error.code, error.message]).toEqual([
				'protocol',
				'NOT_JPEG',
				`the poster is not a JPEG (content type ${type})`,
			]);
		}
		const none = await refused(await answering(200, {}, jpeg));
		expect(none.message).toBe('the poster is not a JPEG (content type none)');
		const text = await refused(await answering(200, {'content-type': 'image/jpeg'}, 'not a jpeg at all'));
		expect([text.code, text.message]).toEqual(['NOT_JPEG', 'the poster is not a JPEG (no SOI marker)']);
	});

	it('refuses a poster larger than the cap, announced or streamed', async () => {
		expect(maxPosterBytes).toBe(4 * 1024 * 1024);
		const announced = await refused(
			await answering(200, {'content-type': 'image/jpeg', 'content-length': String(jpeg.length)}, jpeg),
			100,
		);
		expect([announced.kind, announced.code, announced.message]).toEqual([
			'protocol',
			'POSTER_TOO_LARGE',
			'the poster is larger than 100 bytes',
		]);
		// No length header: the bytes are counted as they come.
		const streamed = await cdn((_request, response) => {
			response.writeHead(200, {'content-type': 'image/jpeg'});
			response.write(jpeg.subarray(0, 300));
			setTimeout(() => response.end(jpeg.subarray(300)), 20);
		});
		expect((await refused(streamed, 400)).code).toBe('POSTER_TOO_LARGE');
		// At the cap exactly, it is kept.
		const where = await scratch();
		const exact = await answering(200, {'content-type': 'image/jpeg'}, jpeg);
		await expect(
			fetchPoster(exact, join(where, 'p.jpg'), {dispatcher, maxBytes: jpeg.length}),
		).resolves.toEqual({
			bytes: jpeg.length,
		});
	});

	it('a poster cut short is refused as transient, and an earlier file of that name stays as it was', async () => {
		const url = await cdn((_request, response) => {
			response.writeHead(200, {'content-type': 'image/jpeg', 'content-length': String(jpeg.length)});
			response.write(jpeg.subarray(0, 200));
			setTimeout(() => response.socket?.destroy(), 20);
		});
		const where = await scratch();
		await writeFile(join(where, 'p.jpg'), 'earlier');
		const error = await flowErrorOf(fetchPoster(url, join(where, 'p.jpg'), {dispatcher}));
		expect([error.kind, error.code]).toEqual(['transient', 'TRUNCATED']);
		expect(await filesIn(where)).toEqual(['p.jpg']);
		expect(await readFile(join(where, 'p.jpg'), 'utf8')).toBe('earlier');
	});

	it('writes through <dest>.part: where that cannot be made, the earlier file stays as it was', async () => {
		const url = await answering(200, {'content-type': 'image/jpeg'}, jpeg);
		const where = await scratch();
		await writeFile(join(where, 'p.jpg'), 'earlier');
		// A folder where the .part would go: opening it for writing fails.
		await mkdir(join(where, 'p.jpg.part'));
		await expect(fetchPoster(url, join(where, 'p.jpg'), {dispatcher})).rejects.toThrow(/EISDIR|directory/i);
		expect(await readFile(join(where, 'p.jpg'), 'utf8')).toBe('earlier');
	});

	it('reads the CDN refusals as the clip download does, naming the poster', async () => {
		const expired = await refused(await answering(403, {'content-type': 'application/xml'}, '<Error/>'));
		expect([expired.kind, expired.code]).toEqual(['transient', 'SIGNED_URL_EXPIRED']);
		const gone = await refused(await answering(404, {'content-type': 'text/plain'}, 'Not Found'));
		expect([gone.kind, gone.message]).toEqual(['not-found', 'the poster is gone from the CDN (HTTP 404)']);
		const busy = await refused(await answering(503, {}, ''));
		expect(busy.kind).toBe('transient');
	});
});

let harness: FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

describe('AccountClient.downloadPoster on flow.google.com', () => {
	const accounts = [{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one')}];
	const request = {prompt: 'a red kite', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 1};

	it('saves the poster the download answered, byte-exact, without credentials; errors name the account', async () => {
		harness = await startFlowHarness({accounts, generationMs: 40});
		const client = harness.clients[0]!;
		await client.prepare();
		const [media] = (await client.submit(request)).media;
		await waitForMedia(client, [media!]);
		const result = await client.download(media!, join(harness.dir, 'clip.mp4'));
		expect(result.posterUrl).toMatch(/\/image\//);
		const saved = await client.downloadPoster(result.posterUrl!, join(harness.dir, 'clip.jpg'));
		const bytes = await readFile(join(harness.dir, 'clip.jpg'));
		expect(bytes.equals(harness.sim.posterBytesFor(media!.name))).toBe(true);
		expect(saved.bytes).toBe(bytes.length);
		const cdnCalls = harness.sim.stats.requests.filter((r) => r.origin === 'cdn');
		expect(cdnCalls.map((r) => r.path.split('/')[1])).toEqual(['video', 'image']);
		expect(cdnCalls.every((r) => !r.hadCookie && !r.hadAuthorization)).toBe(true);
		const tampered = result.posterUrl!.replace(
			/Signature=(.)/,
			(_, c) => `Signature=${c === 'x' ? 'y' : 'x'}`,
		);
		const error = await caughtFlowError(client.downloadPoster(tampered, join(harness.dir, 'other.jpg')));
		expect(error.code).toBe('SIGNED_URL_EXPIRED');
		expect(error.message).toMatch(/^acc1: /);
	});
});

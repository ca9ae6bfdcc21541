// What downloadSignedUrl makes of each CDN answer before any byte is kept: an expired URL, a gone
// video, a redirect, overload, a web page or another content type each become the FlowError kind and
// code the caller acts on, and no file (not even a .part) is left behind.
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {downloadSignedUrl, signedUrlExpiredCode} from '../../../source/labs/download/download.js';
import {cdn, dispatcher, filesIn, flowErrorOf, mp4, scratch} from './helpers.js';

/** A CDN that answers every request with `status`, `headers` and `body`. */
const answering = (status: number, headers: Record<string, string> = {}, body: string | Buffer = '') =>
	cdn((_request, response) => {
		response.writeHead(status, headers);
		response.end(body);
	});

async function refusal(status: number, headers: Record<string, string> = {}, body: string | Buffer = '') {
	const url = await answering(status, headers, body);
	const where = await scratch();
	const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
	expect(await filesIn(where)).toEqual([]);
	return error;
}

describe('downloadSignedUrl: answers that are not the video', () => {
	it('reads 403 and 410 as an expired signed URL the caller may resolve again', async () => {
		expect(signedUrlExpiredCode).toBe('SIGNED_URL_EXPIRED');
		for (const status of [403, 410]) {
			const error = await refusal(status, {'content-type': 'application/xml'}, '<Error>AccessDenied</Error>');
			expect([error.kind, error.code, error.httpStatus]).toEqual(['transient', 'SIGNED_URL_EXPIRED', status]);
			expect(error.message).toBe('the signed download URL expired');
		}
	});

	it('reads 404 as a video gone from the CDN', async () => {
		const error = await refusal(404, {'content-type': 'text/plain'}, 'Not Found');
		expect([error.kind, error.httpStatus, error.code]).toEqual(['not-found', 404, undefined]);
		expect(error.message).toBe('the video is gone from the CDN (HTTP 404)');
	});

	it('refuses to follow a redirect (the signed URL is the video itself)', async () => {
		for (const status of [300, 302, 307, 399]) {
			const error = await refusal(status, {location: 'https://elsewhere.example/'});
			expect([error.kind, error.httpStatus]).toEqual(['protocol', status]);
			expect(error.message).toBe(`the CDN answered a redirect (HTTP ${status})`);
		}
	});

	it('reads 5xx as transient and 429 as throttling', async () => {
		for (const status of [500, 503, 599]) {
			const error = await refusal(status, {}, 'backend error');
			expect([error.kind, error.httpStatus]).toEqual(['transient', status]);
			expect(error.message).toBe(`the CDN answered HTTP ${status}`);
		}
		const throttled = await refusal(429, {'retry-after': '3'}, 'slow down');
		expect([throttled.kind, throttled.httpStatus]).toEqual(['throttle', 429]);
		expect(throttled.message).toBe('the CDN answered HTTP 429');
	});

	it('reads any other status as a protocol error quoting the body', async () => {
		for (const status of [201, 204, 400, 401, 428, 430, 499]) {
			const body = status === 204 ? '' : `nope   ${status}\n`;
			const error = await refusal(status, {'content-type': 'text/plain'}, body);
			expect([error.kind, error.httpStatus]).toEqual(['protocol', status]);
			expect(error.message).toBe(`the CDN answered HTTP ${status}: ${body.replace(/\s+/g, ' ').trim()}`);
		}
	});

	it('still reads a status whose error body breaks off, quoting nothing', async () => {
		const url = await cdn((_request, response) => {
			response.writeHead(400, {'content-type': 'text/plain', 'content-length': 100});
			response.write('partial');
			setTimeout(() => response.destroy(), 30);
		});
		const where = await scratch();
		const error = await flowErrorOf(downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher}));
		expect([error.kind, error.httpStatus, error.message]).toEqual([
			'protocol',
			400,
			'the CDN answered HTTP 400: ',
		]);
	});

	it('reads a web page as HTML instead of the video, not as a rejected account', async () => {
		for (const contentType of ['text/html', 'TEXT/HTML; charset=utf-8', 'application/xhtml, text/html']) {
			const error = await refusal(
				200,
				{'content-type': contentType},
				'<!doctype html><title>Sign in</title>',
			);
			expect([error.kind, error.code]).toEqual(['protocol', 'HTML_INSTEAD_OF_VIDEO']);
			expect(error.message).toBe('the download answered a web page instead of a video');
		}
	});

	it('refuses a content type that is not a video', async () => {
		for (const contentType of ['application/json', 'text/plain; x=video/mp4', 'image/png']) {
			const error = await refusal(200, {'content-type': contentType}, mp4(64));
			expect([error.kind, error.code]).toEqual(['protocol', undefined]);
			expect(error.message).toBe(`the download is not a video (content type ${contentType})`);
		}
		const long = `application/${'x'.repeat(100)}`;
		const error = await refusal(200, {'content-type': long}, mp4(64));
		expect(error.message).toBe(`the download is not a video (content type ${long.slice(0, 60)}…)`);
	});

	it('keeps a video, an octet stream or an untyped body, and reports the type it got', async () => {
		const video = mp4(4096, 9);
		for (const [contentType, reported] of [
			['video/mp4', 'video/mp4'],
			['Video/WebM', 'Video/WebM'],
			['application/octet-stream', 'application/octet-stream'],
			['APPLICATION/OCTET-STREAM; x=1', 'APPLICATION/OCTET-STREAM; x=1'],
			[undefined, 'video/mp4'],
		] as const) {
			const url = await answering(200, contentType ? {'content-type': contentType} : {}, video);
			const where = await scratch();
			const result = await downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher});
			expect(result).toEqual({bytes: video.length, contentType: reported});
			expect(await filesIn(where)).toEqual(['v.mp4']);
		}
	});

	it('sends no cookie, no bearer, no header of its own: a plain GET', async () => {
		let seen: {method?: string; headers: string[]} = {headers: []};
		const video = mp4(100);
		const url = await cdn((request, response) => {
			seen = {method: request.method, headers: Object.keys(request.headers).sort()};
			response.writeHead(200, {'content-type': 'video/mp4'});
			response.end(video);
		});
		const where = await scratch();
		await downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher});
		expect(seen.method).toBe('GET');
		expect(seen.headers).not.toContain('cookie');
		expect(seen.headers).not.toContain('authorization');
	});
});

describe('downloadSignedUrl: no answer at all', () => {
	it('reads a refused connection as a transient network error that never reached the server', async () => {
		const where = await scratch();
		const dead = 'http://127.0.0.1:1/video.mp4?Expires=1';
		const error = await flowErrorOf(downloadSignedUrl(dead, join(where, 'v.mp4'), {dispatcher}));
		expect([error.kind, error.code, error.ambiguous]).toEqual(['transient', 'ECONNREFUSED', false]);
		expect(await filesIn(where)).toEqual([]);
	});

	it('gives up after timeoutMs when the CDN sends no headers, and is not ambiguous (a GET)', async () => {
		const url = await cdn(() => {});
		const where = await scratch();
		const started = Date.now();
		const error = await flowErrorOf(
			downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, timeoutMs: 150}),
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect([error.kind, error.code, error.ambiguous]).toEqual([
			'transient',
			'UND_ERR_HEADERS_TIMEOUT',
			false,
		]);
	});

	it('stops when the caller aborts', async () => {
		const url = await cdn(() => {});
		const where = await scratch();
		const controller = new AbortController();
		const download = downloadSignedUrl(url, join(where, 'v.mp4'), {dispatcher, signal: controller.signal});
		setTimeout(() => controller.abort(), 50);
		const error = await flowErrorOf(download);
		expect(error.kind).toBe('transient');
		expect(error.ambiguous).toBe(false);
	});
});

/** The media CDN: signed expiring URLs, no credentials, mp4 bytes (media-bytes.ts) streamed in chunks. */
import type {ServerResponse} from 'node:http';
import {type Ctx, send, writeHead} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import type {SimDownload} from '../types.js';
import {mediaChunks, mediaSize} from './media-bytes.js';

function xmlError(ctx: Ctx, status: number, code: string, message: string, details: string): void {
	const body =
		`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code>` +
		`<Message>${message}</Message><Details>${details}</Details></Error>`;
	send(ctx, status, 'application/xml; charset=UTF-8', body);
}

/** A single `bytes=` range, [start, end) within size; 'invalid' when unsatisfiable, undefined when absent. */
function parseRange(
	header: string | undefined,
	size: number,
): {start: number; end: number} | 'invalid' | undefined {
	if (!header) return undefined;
	const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
	if (match[1] === '') {
		const suffix = Math.min(Number(match[2]), size);
		return suffix === 0 ? 'invalid' : {start: size - suffix, end: size};
	}
	const start = Number(match[1]);
	const end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1);
	return start >= size || end <= start ? 'invalid' : {start, end};
}

function drained(res: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

export async function handleCdn(world: World, ctx: Ctx): Promise<void> {
	const method = ctx.req.method;
	const match = /^\/video\/([^/]+)$/.exec(ctx.url.pathname);
	if (!match?.[1] || (method !== 'GET' && method !== 'HEAD')) {
		return xmlError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', ctx.url.pathname);
	}
	const name = decodeURIComponent(match[1]);
	ctx.record.mediaNames.push(name);
	const verdict = world.signer.verify(ctx.url, world.state.now());
	if (verdict === 'bad-signature') {
		return xmlError(ctx, 403, 'SignatureDoesNotMatch', 'Access denied.', 'The signature does not match.');
	}
	if (verdict === 'expired') {
		const expires = ctx.url.searchParams.get('Expires') ?? '';
		return xmlError(ctx, 403, 'ExpiredToken', 'Access denied.', `Request has expired: ${expires}`);
	}
	if (!world.state.media(name)) {
		return xmlError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', name);
	}
	const short = world.shortLeft > 0 && ctx.req.headers.range === undefined;
	if (short) world.shortLeft--;
	const full = mediaSize(world.config.videoBytes, name);
	const size = short ? Math.floor((full * 3) / 4) : full;
	const range = parseRange(ctx.req.headers.range, size);
	if (range === 'invalid') {
		writeHead(ctx, 416, {'content-range': `bytes */${size}`, 'content-length': 0});
		ctx.res.end();
		return;
	}
	const {start, end} = range ?? {start: 0, end: size};
	const headers: Record<string, string | number> = {
		'content-type': 'video/mp4',
		'content-length': end - start,
		'accept-ranges': 'bytes',
		'cache-control': 'private, max-age=300',
	};
	if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
	writeHead(ctx, range ? 206 : 200, headers);
	if (method === 'HEAD') {
		ctx.res.end();
		return;
	}
	await stream(world, ctx, name, start, end);
}

async function stream(world: World, ctx: Ctx, name: string, start: number, end: number): Promise<void> {
	const truncate = world.truncationsLeft > 0;
	if (truncate) world.truncationsLeft--;
	const stop = truncate ? start + Math.floor((end - start) / 2) : end;
	const download: SimDownload = {mediaName: name, bytes: 0, complete: false};
	world.stats.downloads.push(download);
	const {res} = ctx;
	for (const chunk of mediaChunks(world.config.videoBytes, name, start, stop)) {
		if (res.destroyed) return;
		download.bytes += chunk.length;
		if (!res.write(chunk)) await drained(res);
	}
	if (truncate) {
		// Headers promised the full length; closing the connection once the half is flushed is the fault.
		const socket = res.socket;
		if (socket) {
			socket.once('finish', () => socket.destroy());
			socket.end();
		}
		return;
	}
	res.end();
	download.complete = !res.destroyed;
}

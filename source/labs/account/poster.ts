/**
 * A media's poster JPEG, fetched like its clip (docs/design.md §3, Download): the signed URL its record
 * gave (flow.google.com DETAILS[10], docs/protocol-flow.md §0) with no credentials at all, checked (a
 * 200 image/jpeg of at most maxPosterBytes that starts with a JPEG's SOI marker), written to
 * `<dest>.part`, synced, then renamed. A poster is a frame of the clip: small enough to hold whole.
 */
import {open, rename, rm} from 'node:fs/promises';
import {requestSignedUrl, type SignedRequestOptions} from '../download/download.js';
import {excerpt, FlowError} from '../errors/index.js';
import {headerValue} from '../wire/http.js';
import type {Dispatcher} from '../wire/undici.js';

/** A 1080p frame is a few hundred KB; anything far bigger is not a poster. */
export const maxPosterBytes = 4 * 1024 * 1024;

export type PosterOptions = SignedRequestOptions & {maxBytes?: number};

export type PosterResult = {bytes: number};

/** SOI then the first marker's 0xFF: every JPEG starts so. */
const isJpeg = (bytes: Buffer): boolean =>
	bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

const tooLarge = (max: number) =>
	new FlowError('protocol', `the poster is larger than ${max} bytes`, {code: 'POSTER_TOO_LARGE'});

export async function fetchPoster(url: string, dest: string, options: PosterOptions): Promise<PosterResult> {
	const {headers, body} = await requestSignedUrl(url, options, 'poster');
	const contentType = headerValue(headers['content-type']) ?? '';
	if (!/^image\/jpeg\b/i.test(contentType)) {
		await body.dump();
		const type = excerpt(contentType || 'none', 60);
		throw new FlowError('protocol', `the poster is not a JPEG (content type ${type})`, {code: 'NOT_JPEG'});
	}
	const max = options.maxBytes ?? maxPosterBytes;
	const length = headerValue(headers['content-length']);
	const total = length === undefined ? undefined : Number(length);
	if (total !== undefined && total > max) {
		await body.dump();
		throw tooLarge(max);
	}
	const bytes = await readAtMost(body, max);
	if (total !== undefined && Number.isFinite(total) && bytes.length !== total) {
		throw new FlowError('transient', `the poster is truncated: ${bytes.length} of ${total} bytes`, {
			code: 'TRUNCATED',
		});
	}
	if (!isJpeg(bytes)) {
		throw new FlowError('protocol', 'the poster is not a JPEG (no SOI marker)', {code: 'NOT_JPEG'});
	}
	await writeAtomically(dest, bytes);
	return {bytes: bytes.length};
}

async function readAtMost(body: Dispatcher.ResponseData['body'], max: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			size += (chunk as Buffer).length;
			// Leaving the loop destroys the body: the rest is never read.
			if (size > max) throw tooLarge(max);
			chunks.push(chunk as Buffer);
		}
	} catch (error) {
		if (error instanceof FlowError) throw error;
		throw new FlowError('transient', `the poster broke off after ${size} bytes`, {
			code: 'TRUNCATED',
			cause: error,
		});
	}
	return Buffer.concat(chunks);
}

/** `<dest>.part`, synced, renamed: a poster file is whole or absent, never half written. */
async function writeAtomically(dest: string, bytes: Buffer): Promise<void> {
	const part = `${dest}.part`;
	try {
		const file = await open(part, 'w');
		try {
			await file.writeFile(bytes);
			await file.sync();
		} finally {
			await file.close();
		}
		await rename(part, dest);
	} catch (error) {
		// Whatever is left of the .part, the error worth telling is the write's.
		await rm(part, {force: true}).catch(() => undefined);
		throw error;
	}
}

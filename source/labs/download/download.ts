import {open, rename, rm} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import {classifyNetworkError, excerpt, FlowError} from '../errors/index.js';
import type {DownloadProgress, DownloadResult} from '../types.js';
import {headerValue} from '../wire/http.js';
import {type Dispatcher, request} from '../wire/undici.js';
import {processWritebackGate, type WritebackGate} from './writeback.js';

/** What a signed fetch needs: the credential-free dispatcher, a way to stop it, and a time limit. */
export type SignedRequestOptions = {
	dispatcher: Dispatcher;
	signal?: AbortSignal;
	timeoutMs?: number;
};

export type SignedDownloadOptions = SignedRequestOptions & {
	/** Early writeback while downloading; the process-wide gate unless a test brings its own. */
	writeback?: WritebackGate;
	onProgress?: (progress: DownloadProgress) => void;
	/**
	 * The size the server's record gives the finished video. A download of another length is not the
	 * video, even when the CDN's own length header agrees with it (docs/wire-captures.md).
	 */
	expectedBytes?: number;
};

/** MP4 (ISO-BMFF) files start with a box whose type, at bytes 4-7, is `ftyp` (shorter: no MP4). */
const isMp4Signature = (head: Buffer): boolean => head.toString('latin1', 4, 8) === 'ftyp';

export const signedUrlExpiredCode = 'SIGNED_URL_EXPIRED';

/** What a download may hold in memory on its way to disk. */
// Stryker disable next-line ArithmeticOperator: a buffer size only; the same bytes reach the file in the same order
const writeBufferBytes = 1024 * 1024;

/**
 * GETs a signed URL with no credentials at all. Resolves to a 200 answer; any other is thrown as what
 * it means (an expired URL, the file gone, a redirect, a busy CDN), its body drained. `what` names the
 * file in the 404 message; the poster download (labs/account/poster.ts) shares this.
 */
export async function requestSignedUrl(
	url: string,
	options: SignedRequestOptions,
	what = 'video',
): Promise<Dispatcher.ResponseData> {
	const timeoutMs = options.timeoutMs ?? 60_000;
	let response: Dispatcher.ResponseData;
	try {
		// Deliberately no headers: the CDN must never see a cookie or a bearer.
		response = await request(url, {
			method: 'GET',
			dispatcher: options.dispatcher,
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
			signal: options.signal,
		});
	} catch (error) {
		// Stryker disable next-line ObjectLiteral: without `write` the error is not ambiguous either (a GET is never a write)
		throw classifyNetworkError(error, {write: false});
	}
	const {statusCode, body} = response;
	if (statusCode === 403 || statusCode === 410) {
		await body.dump();
		throw new FlowError('transient', 'the signed download URL expired', {
			code: signedUrlExpiredCode,
			httpStatus: statusCode,
		});
	}
	if (statusCode === 404) {
		await body.dump();
		throw new FlowError('not-found', `the ${what} is gone from the CDN (HTTP 404)`, {httpStatus: 404});
	}
	if (statusCode >= 300 && statusCode < 400) {
		await body.dump();
		throw new FlowError('protocol', `the CDN answered a redirect (HTTP ${statusCode})`, {
			httpStatus: statusCode,
		});
	}
	if (statusCode >= 500 || statusCode === 429) {
		await body.dump();
		throw new FlowError(
			statusCode === 429 ? 'throttle' : 'transient',
			`the CDN answered HTTP ${statusCode}`,
			{
				httpStatus: statusCode,
			},
		);
	}
	if (statusCode !== 200) {
		const text = await body.text().catch(() => '');
		throw new FlowError('protocol', `the CDN answered HTTP ${statusCode}: ${excerpt(text)}`, {
			httpStatus: statusCode,
		});
	}
	return response;
}

/**
 * Fetches a signed URL with no credentials at all and streams it to `<dest>.part`; only a complete,
 * verified MP4 (content type, length, ftyp box) is fsynced and renamed to `dest`. Nothing is held
 * whole in memory.
 */
export async function downloadSignedUrl(
	url: string,
	dest: string,
	options: SignedDownloadOptions,
): Promise<DownloadResult> {
	const response = await requestSignedUrl(url, options);
	const {headers, body} = response;
	const contentType = headerValue(headers['content-type']) ?? '';
	if (/text\/html/i.test(contentType)) {
		await body.dump();
		// Not 'auth': the signed URL carries no credentials, so a web page here says nothing about the
		// account's cookie. The caller may try a freshly resolved URL.
		throw new FlowError('protocol', 'the download answered a web page instead of a video', {
			code: 'HTML_INSTEAD_OF_VIDEO',
		});
	}
	if (contentType && !/^(video\/|application\/octet-stream)/i.test(contentType)) {
		await body.dump();
		throw new FlowError('protocol', `the download is not a video (content type ${excerpt(contentType, 60)})`);
	}

	const lengthHeader = headerValue(headers['content-length']);
	const totalBytes = lengthHeader === undefined ? undefined : Number(lengthHeader);
	const part = `${dest}.part`;
	const file = await open(part, 'w');
	const writeback = (options.writeback ?? processWritebackGate).track(file);
	let received = 0;
	let head = Buffer.alloc(0);
	// The stream fsyncs the file and closes it before the pipeline resolves.
	const sink = file.createWriteStream({flush: true, highWaterMark: writeBufferBytes});
	const onData = (chunk: Buffer) => {
		if (head.length < 8) {
			// Stryker disable next-line ArithmeticOperator: bytes kept past the 8th never change the ftyp check (bytes 4-7)
			head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
			if (head.length >= 8 && !isMp4Signature(head)) {
				body.destroy(
					new FlowError('protocol', 'the download is not an MP4 (no ftyp box)', {code: 'NOT_MP4'}),
				);
				return;
			}
		}
		received += chunk.length;
		writeback.written(sink.bytesWritten);
		options.onProgress?.({receivedBytes: received, totalBytes});
	};
	try {
		try {
			// Piped, not a write awaited per 64 KiB chunk: chunks that arrive while a write is under way go
			// out together in one writev, which made 8 parallel downloads 25 % faster (bench/download.js).
			const written = pipeline(body, sink);
			// After pipeline() has attached the file: a 'data' listener alone would start the flow.
			body.on('data', onData);
			await written;
			await writeback.settle();
		} catch (error) {
			await writeback.settle();
			if (error instanceof FlowError) throw error;
			throw new FlowError(
				'transient',
				`the download broke off after ${received} of ${totalBytes ?? '?'} bytes`,
				{code: 'TRUNCATED', cause: error},
			);
		}
		if (Number.isFinite(totalBytes) && received !== totalBytes) {
			throw new FlowError('transient', `the download is truncated: ${received} of ${totalBytes} bytes`, {
				code: 'TRUNCATED',
			});
		}
		const expected = options.expectedBytes;
		if (expected !== undefined && received !== expected) {
			throw new FlowError(
				'transient',
				`the download has ${received} bytes but Flow says the video has ${expected}`,
				{code: 'SIZE_MISMATCH'},
			);
		}
		if (!isMp4Signature(head)) {
			throw new FlowError('protocol', 'the download is not an MP4 (no ftyp box)', {code: 'NOT_MP4'});
		}
	} catch (error) {
		await file.close().catch(() => {});
		await rm(part, {force: true});
		throw error;
	}
	await file.close();
	await rename(part, dest);
	return {bytes: received, contentType: contentType || 'video/mp4'};
}

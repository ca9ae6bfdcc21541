// A local CDN for the download tests: one request handler per test, a scratch directory, and the
// FlowError a download rejects with.
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Agent} from 'undici';
import {afterEach, expect} from 'vitest';
import {FlowError} from '../../../source/labs/errors/index.js';

/** An MP4-looking body of `size` bytes (an ftyp box first). */
export function mp4(size: number, fill = 1): Buffer {
	const bytes = Buffer.alloc(size, fill);
	bytes.write('\0\0\0\x18ftypisom', 0, 'latin1');
	return bytes;
}

export const dispatcher = new Agent();

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
	server?.closeAllConnections();
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
	server = undefined;
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

/** Serves every request with `handler`; the URL to fetch. */
export async function cdn(
	handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
	server = createServer(handler);
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/video.mp4?Expires=1&Signature=s`;
}

/** A fresh directory for one test; removed after it. */
export async function scratch(): Promise<string> {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-download-verify-'));
	return dir;
}

/** The files left in `where` (a refused download leaves neither the video nor its .part). */
export const filesIn = (where: string): Promise<string[]> => readdir(where);

/** The FlowError `promise` rejects with; fails the test when it rejects with anything else or resolves. */
export async function flowErrorOf(promise: Promise<unknown>): Promise<FlowError> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(FlowError);
	return error as FlowError;
}

/**
 * One ffmpeg run into a file, atomically as downloads are written (docs/design.md §3): ffmpeg writes
 * `<target>.part`, which is synced and renamed over `<target>` only when ffmpeg exits 0. A failed or
 * aborted run (Ctrl-C kills ffmpeg) removes the `.part`, so there is never a half film.
 */

import {spawn} from 'node:child_process';
import {open, rename, rm} from 'node:fs/promises';
import {basename, dirname} from 'node:path';
import {fsyncDirectory} from '../core/atomic-file.js';
import {FfmpegFailure} from './errors.js';

/** How far ffmpeg has got, in seconds of output, from its `-progress` blocks. */
export type OnProgress = (seconds: number) => void;

/** ffmpeg stopped by the signal: the caller's interruption, not a failure of ffmpeg. */
export class Aborted extends Error {
	override readonly name = 'Aborted';
}

/** stderr lines kept for the failure message: the last ones say what went wrong. */
const tailLines = 8;

/** Runs `ffmpeg args… <target>.part` and renames the part over `target` when it succeeds. */
export async function ffmpegInto(
	ffmpeg: string,
	args: readonly string[],
	target: string,
	{signal, onProgress}: {signal?: AbortSignal; onProgress?: OnProgress} = {},
): Promise<void> {
	const part = `${target}.part`;
	await rm(part, {force: true});
	try {
		await run(ffmpeg, [...args, part], signal, onProgress);
		await syncFile(part);
		await rename(part, target);
	} catch (error) {
		await rm(part, {force: true});
		throw error;
	}
	await fsyncDirectory(dirname(target));
}

async function syncFile(path: string): Promise<void> {
	const handle = await open(path, 'r+');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

function run(ffmpeg: string, args: string[], signal?: AbortSignal, onProgress?: OnProgress): Promise<void> {
	if (signal?.aborted) return Promise.reject(new Aborted('interrupted'));
	return new Promise((resolve, reject) => {
		const child = spawn(ffmpeg, args, {stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		let progress = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			progress += chunk;
			const lines = progress.split('\n');
			progress = lines.pop() ?? '';
			for (const line of lines) {
				// out_time_us, and out_time_ms which despite its name is microseconds too (ffmpeg's own quirk).
				const match = /^out_time_[um]s=(\d+)/.exec(line);
				if (match) onProgress?.(Number(match[1]) / 1e6);
			}
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			// Only the tail is ever shown: keep a bounded amount.
			stderr = (stderr + chunk).slice(-16_384);
		});
		const abort = () => child.kill('SIGKILL');
		signal?.addEventListener('abort', abort, {once: true});
		child.once('error', (error) => {
			signal?.removeEventListener('abort', abort);
			reject(new FfmpegFailure(`could not start ${ffmpeg} (${error.message})`, []));
		});
		child.once('close', (code, killedBy) => {
			signal?.removeEventListener('abort', abort);
			if (signal?.aborted) return reject(new Aborted('interrupted'));
			if (code === 0) return resolve();
			const tail = stderr.trim().split('\n').filter(Boolean).slice(-tailLines);
			const how = code === null ? `was killed by ${killedBy}` : `exited with code ${code}`;
			reject(new FfmpegFailure(`${basename(ffmpeg)} ${how}`, tail));
		});
	});
}

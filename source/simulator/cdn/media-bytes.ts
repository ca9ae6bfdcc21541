/**
 * What the CDN serves for a media: a playable clip (playable.ts) unless the simulator was given a
 * size (`videoBytes`), then the synthetic file of exactly that size (video-bytes.ts), which tests of
 * big or exact downloads need. The record's byte size (flow DETAILS[13]), the Content-Length and
 * `Simulator.videoBytesFor` all read it here, so they never disagree.
 */
import {playableClip, playableClipSize} from './playable.js';
import {videoBytes, videoChunks} from './video-bytes.js';

/** undefined: playable clips. */
export type MediaSize = number | undefined;

const chunkBytes = 64 * 1024;

export function mediaSize(size: MediaSize, mediaName: string): number {
	return size ?? playableClipSize(mediaName);
}

/** Bytes [start, end) of the media's file, in chunks of at most 64 KiB. */
export function* mediaChunks(
	size: MediaSize,
	mediaName: string,
	start: number,
	end: number,
): Generator<Buffer> {
	if (size !== undefined) {
		yield* videoChunks(mediaName, size, start, end);
		return;
	}
	const clip = playableClip(mediaName);
	for (let at = start; at < end; at += chunkBytes) yield clip.subarray(at, Math.min(end, at + chunkBytes));
}

export function mediaBytes(size: MediaSize, mediaName: string): Buffer {
	return size === undefined ? playableClip(mediaName) : videoBytes(mediaName, size);
}

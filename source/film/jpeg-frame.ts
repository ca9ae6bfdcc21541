/**
 * The picture format of a JPEG, from its start-of-frame marker (ITU T.81 B.2.2): precision, size and
 * each component's sampling. Posters that all share one can be read by ffmpeg as one stream (the
 * concat demuxer), a third of the work of opening each as an input of its own (bench/film.js); a
 * change of size or sampling mid-stream would make ffmpeg rebuild its filters and lose the tiles so far.
 */

import {open} from 'node:fs/promises';

/** The start-of-frame marker sits after the tables: a poster's first 64 KiB hold it. */
const headBytes = 64 * 1024;

/** SOF0…SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
const isStartOfFrame = (marker: number): boolean =>
	marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

export type JpegFrame = {
	/** "8:1280x720:3:22,11,11": precision, size, components and their sampling. */
	format: string;
	width: number;
	height: number;
};

/** The frame header of the JPEG at `path`, or undefined when the file is not a JPEG this can read. */
export async function jpegFrame(path: string): Promise<JpegFrame | undefined> {
	let head: Buffer;
	try {
		const handle = await open(path, 'r');
		try {
			head = Buffer.alloc(headBytes);
			head = head.subarray(0, (await handle.read(head, 0, headBytes, 0)).bytesRead);
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
	if (head[0] !== 0xff || head[1] !== 0xd8) return undefined;
	for (let at = 2; at + 4 <= head.length; ) {
		if (head[at] !== 0xff) return undefined;
		const marker = head[at + 1] as number;
		// Fill bytes before a marker.
		if (marker === 0xff) {
			at++;
			continue;
		}
		const length = head.readUInt16BE(at + 2);
		if (isStartOfFrame(marker)) {
			if (at + 4 + length - 2 > head.length || length < 8) return undefined;
			const precision = head[at + 4];
			const height = head.readUInt16BE(at + 5);
			const width = head.readUInt16BE(at + 7);
			const components = head[at + 9] as number;
			const sampling = Array.from({length: components}, (_, i) => (head[at + 11 + i * 3] ?? 0).toString(16));
			return {format: `${precision}:${width}x${height}:${components}:${sampling.join(',')}`, width, height};
		}
		at += 2 + length;
	}
	return undefined;
}

/**
 * What kind of encoding a clip is, read from its MP4 `moov` box without running anything (ISO/IEC
 * 14496-12 boxes). ffprobe costs a process of some 150 ms per clip, ten times the stream copy of a
 * clip (bench/film.js): probe.ts asks it once per kind of clip, and this says which clips are of one
 * kind. Two clips share a signature only when every byte that decides codec, size, pixel format,
 * frame rate and audio format is the same, so the one ffprobe answer holds for all of them; a file
 * this cannot read gets no signature and is probed on its own.
 */

import {type FileHandle, open} from 'node:fs/promises';

export type Mp4Header = {
	/** Equal for clips that ffprobe would describe alike (codec, size, pixel format, rate, audio). */
	signature: string;
	/** From `mvhd`: the clip's duration in seconds. */
	durationSec: number;
	/** The first video track's coded size: the contact sheet's aspect before ffprobe answers. */
	width: number;
	height: number;
};

/** A moov larger than this is not a clip's: the file is left to ffprobe. */
const moovLimit = 64 * 1024 * 1024;

type Box = {type: string; body: Buffer};

/** The boxes in `data`, one level deep. */
function boxes(data: Buffer): Box[] {
	const found: Box[] = [];
	for (let at = 0; at + 8 <= data.length; ) {
		let size = data.readUInt32BE(at);
		let header = 8;
		if (size === 1 && at + 16 <= data.length) {
			size = Number(data.readBigUInt64BE(at + 8));
			header = 16;
		} else if (size === 0) size = data.length - at;
		if (size < header || at + size > data.length) break;
		found.push({type: data.toString('latin1', at + 4, at + 8), body: data.subarray(at + header, at + size)});
		at += size;
	}
	return found;
}

const child = (body: Buffer | undefined, type: string): Buffer | undefined =>
	body && boxes(body).find((box) => box.type === type)?.body;

/** The header of the MP4 at `path`, or undefined when it has no readable `moov`. */
export async function readMp4Header(path: string): Promise<Mp4Header | undefined> {
	let handle: FileHandle | undefined;
	try {
		handle = await open(path, 'r');
		const moov = await findMoov(handle, (await handle.stat()).size);
		return moov && headerOf(moov);
	} catch {
		return undefined;
	} finally {
		await handle?.close();
	}
}

/** Walks the top-level boxes by their headers alone: `mdat` is skipped, never read. */
async function findMoov(handle: FileHandle, fileSize: number): Promise<Buffer | undefined> {
	const head = Buffer.alloc(16);
	for (let at = 0; at + 8 <= fileSize; ) {
		const {bytesRead} = await handle.read(head, 0, 16, at);
		if (bytesRead < 8) return undefined;
		let size = head.readUInt32BE(0);
		let header = 8;
		if (size === 1 && bytesRead === 16) {
			size = Number(head.readBigUInt64BE(8));
			header = 16;
		} else if (size === 0) size = fileSize - at;
		if (size < header) return undefined;
		if (head.toString('latin1', 4, 8) === 'moov') {
			if (size > moovLimit || at + size > fileSize) return undefined;
			const moov = Buffer.alloc(size - header);
			await handle.read(moov, 0, moov.length, at + header);
			return moov;
		}
		at += size;
	}
	return undefined;
}

function headerOf(moov: Buffer): Mp4Header | undefined {
	const mvhd = child(moov, 'mvhd');
	if (!mvhd) return undefined;
	const v1 = mvhd[0] === 1;
	const timescale = mvhd.readUInt32BE(v1 ? 20 : 12);
	const duration = v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
	if (timescale === 0) return undefined;
	const tracks = boxes(moov)
		.filter((box) => box.type === 'trak')
		.map((trak) => trackSignature(trak.body));
	const video = tracks.find((track) => track?.width !== undefined);
	if (!video || tracks.includes(undefined)) return undefined;
	return {
		signature: tracks.map((track) => track?.text).join('|'),
		durationSec: duration / timescale,
		width: video.width as number,
		height: video.height as number,
	};
}

type Track = {text: string; width?: number; height?: number};

/** handler, timescale, timing (video) and the first sample entry, bitrates left out. */
function trackSignature(trak: Buffer): Track | undefined {
	const mdia = child(trak, 'mdia');
	const hdlr = child(mdia, 'hdlr');
	const mdhd = child(mdia, 'mdhd');
	const stbl = child(child(mdia, 'minf'), 'stbl');
	const stsd = child(stbl, 'stsd');
	if (!hdlr || !mdhd || !stsd || hdlr.length < 12 || stsd.length < 8) return undefined;
	const handler = hdlr.toString('latin1', 8, 12);
	const timescale = mdhd.readUInt32BE(mdhd[0] === 1 ? 20 : 12);
	const [entry] = boxes(stsd.subarray(8));
	if (!entry) return undefined;
	const parts = [handler, String(timescale), entry.type];
	const track: Track = {text: ''};
	if (handler === 'vide') {
		const timing = videoTiming(child(stbl, 'stts'));
		if (timing === undefined || entry.body.length < 78) return undefined;
		// Width, height and depth; then codec configuration (avcC, hvcC, colr, pasp…).
		parts.push(
			timing,
			entry.body.subarray(24, 28).toString('hex'),
			entry.body.subarray(74, 76).toString('hex'),
		);
		parts.push(configBoxes(entry.body.subarray(78)));
		track.width = entry.body.readUInt16BE(24);
		track.height = entry.body.readUInt16BE(26);
	} else if (handler === 'soun') {
		// QuickTime sound descriptions v1/v2 add fields: kept whole, compared byte for byte.
		if (entry.body.length < 28 || entry.body.readUInt16BE(8) !== 0) parts.push(entry.body.toString('hex'));
		else parts.push(entry.body.subarray(16, 28).toString('hex'), configBoxes(entry.body.subarray(28)));
	} else {
		parts.push(entry.body.toString('hex'));
	}
	track.text = parts.join(':');
	return track;
}

/**
 * The frame rate as ffmpeg's mov demuxer reads it: one sample duration (or one and a shorter last
 * sample) gives timescale / duration; anything else is guessed from the packets, so every duration
 * the clip uses counts.
 */
function videoTiming(stts: Buffer | undefined): string | undefined {
	if (!stts || stts.length < 8) return undefined;
	const count = stts.readUInt32BE(4);
	if (stts.length < 8 + count * 8) return undefined;
	const entries = Array.from({length: count}, (_, i) => ({
		samples: stts.readUInt32BE(8 + i * 8),
		delta: stts.readUInt32BE(12 + i * 8),
	}));
	const [first] = entries;
	if (first && (count === 1 || (count === 2 && entries[1]?.samples === 1))) return `cfr${first.delta}`;
	return `vfr${[...new Set(entries.map((entry) => entry.delta))].sort((a, b) => a - b).join(',')}`;
}

/** A sample entry's child boxes, each as type and bytes; `btrt` and the bitrates in `esds` vary per clip. */
function configBoxes(data: Buffer): string {
	return boxes(data)
		.filter((box) => box.type !== 'btrt')
		.map(
			(box) =>
				`${box.type}=${(box.type === 'esds' ? esdsConfig(box.body) : undefined) ?? box.body.toString('hex')}`,
		)
		.join(',');
}

/**
 * An `esds` (ISO/IEC 14496-1 descriptors) without its bitrates: the object type, stream type and the
 * decoder's own configuration (AAC's AudioSpecificConfig). Undefined when unreadable: the raw box.
 */
function esdsConfig(esds: Buffer): string | undefined {
	let at = 4;
	const descriptor = (tag: number): number | undefined => {
		if (esds[at] !== tag) return undefined;
		at++;
		let length = 0;
		for (let i = 0; i < 4; i++) {
			const byte = esds[at++];
			if (byte === undefined) return undefined;
			length = (length << 7) | (byte & 0x7f);
			if ((byte & 0x80) === 0) break;
		}
		return length;
	};
	if (descriptor(0x03) === undefined || at + 3 > esds.length) return undefined;
	const flags = esds[at + 2] as number;
	at += 3;
	if (flags & 0x80) at += 2;
	if (flags & 0x40) at += 1 + (esds[at] ?? 0);
	if (flags & 0x20) at += 2;
	if (descriptor(0x04) === undefined || at + 13 > esds.length) return undefined;
	const types = esds.subarray(at, at + 2).toString('hex');
	at += 13;
	const specific = descriptor(0x05);
	if (specific === undefined) return types;
	return `${types}/${esds.subarray(at, at + specific).toString('hex')}`;
}

/**
 * The bytes served for a media: an ISO-BMFF `ftyp` box (so content sniffing sees an mp4) and one `mdat`
 * box whose payload is derived from the media name (see payload()). Any byte range can be produced on
 * its own, so 100 MB files stream in small chunks and videoBytesFor() rebuilds them exactly.
 */

const ftyp = Buffer.from('\0\0\0\x18ftypisom\0\0\x02\0isomiso2', 'latin1');
const headerBytes = ftyp.length + 8;
const chunkBytes = 64 * 1024;

export const minVideoBytes = headerBytes;

function header(size: number): Buffer {
	const mdat = Buffer.alloc(8);
	mdat.writeUInt32BE(size - ftyp.length, 0);
	mdat.write('mdat', 4, 'latin1');
	return Buffer.concat([ftyp, mdat]);
}

/** The hash of a media name: seeds its bytes here, and picks its clip in playable.ts. */
export function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash >>> 0;
}

/** lowbias32: a bijective 32-bit mix, so distinct word indices never collide for one seed. */
function mix(x: number): number {
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `count` bytes of the hash stream of `seed`, from word 0. */
function hashStream(seed: number, count: number): Buffer {
	const wordCount = Math.ceil(count / 4);
	if (littleEndian) {
		// The same little-endian words, written as 32-bit integers: 4x the speed of writeUInt32LE.
		const words = new Uint32Array(wordCount);
		for (let w = 0; w < wordCount; w++) words[w] = mix(seed ^ Math.imul(w, 0x9e3779b9));
		return Buffer.from(words.buffer, 0, count);
	}
	const words = Buffer.allocUnsafe(wordCount * 4);
	for (let w = 0; w < wordCount; w++) words.writeUInt32LE(mix(seed ^ Math.imul(w, 0x9e3779b9)), w * 4);
	return words.subarray(0, count);
}

/**
 * A payload is a 64 KiB tile of the media's hash stream, repeated, each repetition stamped with its
 * number in its first 8 bytes: distinct for every media and every position, yet served at memcpy
 * speed. Hashing every word cost the simulator's CDN a core at 1 GB/s, so on two cores a benchmark
 * measured the simulator instead of the downloader (bench/download.js).
 */
const tileBytes = 64 * 1024;
const tiles = new Map<number, Buffer>();

function tileFor(seed: number): Buffer {
	let tile = tiles.get(seed);
	if (!tile) {
		tile = hashStream(seed, tileBytes);
		// A few hundred media at most in a test or a demo; the oldest tile goes first.
		if (tiles.size >= 256) tiles.delete(tiles.keys().next().value as number);
		tiles.set(seed, tile);
	}
	return tile;
}

function stamp(seed: number, block: number): Buffer {
	const bytes = Buffer.allocUnsafe(8);
	bytes.writeUInt32LE(mix(seed ^ Math.imul(block + 1, 0x85ebca6b)), 0);
	bytes.writeUInt32LE(block >>> 0, 4);
	return bytes;
}

function payload(seed: number, from: number, to: number): Buffer {
	const out = Buffer.allocUnsafe(to - from);
	const tile = tileFor(seed);
	for (let at = from; at < to; ) {
		const block = Math.floor(at / tileBytes);
		const blockStart = block * tileBytes;
		const stop = Math.min(to, blockStart + tileBytes);
		tile.copy(out, at - from, at - blockStart, stop - blockStart);
		if (at - blockStart < 8) {
			stamp(seed, block).copy(out, at - from, at - blockStart, Math.min(8, stop - blockStart));
		}
		at = stop;
	}
	return out;
}

/** Bytes [start, end) of the file for `mediaName`, in chunks of at most 64 KiB. */
export function* videoChunks(mediaName: string, size: number, start = 0, end = size): Generator<Buffer> {
	const seed = fnv1a(mediaName);
	const head = header(size);
	for (let at = start; at < end; ) {
		const stop = Math.min(end, at + chunkBytes);
		if (at < headerBytes) {
			const headStop = Math.min(stop, headerBytes);
			yield head.subarray(at, headStop);
			at = headStop;
			continue;
		}
		yield payload(seed, at - headerBytes, stop - headerBytes);
		at = stop;
	}
}

export function videoBytes(mediaName: string, size: number): Buffer {
	return Buffer.concat([...videoChunks(mediaName, size)]);
}

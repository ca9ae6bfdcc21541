/**
 * The bytes served for a media: an ISO-BMFF `ftyp` box (so content sniffing sees an mp4) and one `mdat`
 * box whose payload is a counter-based hash stream seeded by the media name. Any byte range can be
 * produced on its own, so 100 MB files stream in small chunks and videoBytesFor() rebuilds them exactly.
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

function fnv1a(text: string): number {
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

function payload(seed: number, from: number, to: number): Buffer {
	const firstWord = Math.floor(from / 4);
	const lastWord = Math.ceil(to / 4);
	const skip = from - firstWord * 4;
	if (littleEndian) {
		// The same little-endian words, written as 32-bit integers: 4x the speed of writeUInt32LE, so
		// the simulator's CDN outruns the downloaders it is measured against (bench/download.js).
		const words = new Uint32Array(lastWord - firstWord);
		for (let i = 0, w = firstWord; i < words.length; i++, w++)
			words[i] = mix(seed ^ Math.imul(w, 0x9e3779b9));
		return Buffer.from(words.buffer, skip, to - from);
	}
	const words = Buffer.allocUnsafe((lastWord - firstWord) * 4);
	for (let w = firstWord, offset = 0; w < lastWord; w++, offset += 4) {
		words.writeUInt32LE(mix(seed ^ Math.imul(w, 0x9e3779b9)), offset);
	}
	return words.subarray(skip, skip + (to - from));
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

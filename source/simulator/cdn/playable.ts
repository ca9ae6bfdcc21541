/**
 * The playable clips and posters (issue 19): three small real MP4s and a JPEG frame of each, made by
 * scripts/make-clip-fixtures.sh and kept in ./fixtures, which the build copies beside this module in
 * dist/. A media name always picks the same clip; a top-level ISO-BMFF `free` box after it carries the
 * name, and the name follows the poster's EOI marker. Players and decoders skip both, so every media
 * is a file of its own, byte for byte, and still plays.
 */
import {readFileSync} from 'node:fs';
import {fnv1a} from './video-bytes.js';

type Fixtures = {clips: Buffer[]; posters: Buffer[]};

const fixtureCount = 3;
let fixtures: Fixtures | undefined;

/** Read once, on first use: a run with sized synthetic videos never touches the files. */
function loaded(): Fixtures {
	fixtures ??= {
		clips: read((i) => `clip-${i}.mp4`),
		posters: read((i) => `poster-${i}.jpg`),
	};
	return fixtures;
}

function read(file: (i: number) => string): Buffer[] {
	return Array.from({length: fixtureCount}, (_, i) =>
		readFileSync(new URL(`./fixtures/${file(i + 1)}`, import.meta.url)),
	);
}

const pick = (mediaName: string): number => fnv1a(mediaName) % fixtureCount;

/** `[size][free][name]`: a box players skip (ISO/IEC 14496-12 §8.1.2). */
function freeBox(mediaName: string): Buffer {
	const name = Buffer.from(mediaName, 'utf8');
	const head = Buffer.alloc(8);
	head.writeUInt32BE(head.length + name.length, 0);
	head.write('free', 4, 'latin1');
	return Buffer.concat([head, name]);
}

/** The size of playableClip(mediaName), without building it (the record's DETAILS[13]). */
export function playableClipSize(mediaName: string): number {
	const clip = loaded().clips[pick(mediaName)] as Buffer;
	return clip.length + 8 + Buffer.byteLength(mediaName, 'utf8');
}

/** The media's clip, its name in a trailing `free` box. */
export function playableClip(mediaName: string): Buffer {
	return Buffer.concat([loaded().clips[pick(mediaName)] as Buffer, freeBox(mediaName)]);
}

/** The poster of the media's clip, its name after the JPEG's end-of-image marker. */
export function posterFor(mediaName: string): Buffer {
	return Buffer.concat([loaded().posters[pick(mediaName)] as Buffer, Buffer.from(mediaName, 'utf8')]);
}

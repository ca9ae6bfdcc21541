// The simulator's default media are playable (issue 19): each a small real MP4 picked from the media
// name, its name in a trailing `free` box, served whole as its record's byte size says, with a JPEG
// poster of the same clip. ffprobe reads both (it must be installed: see ffprobe.ts).
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../../source/simulator/index.js';
import {googleCookiesOf} from '../../labs/wire/flow/harness.js';
import {contextOf, type Payload, session} from '../flow/flow-calls.js';
import {probe} from './ffprobe.js';

const started: Simulator[] = [];
afterEach(async () => {
	await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const cookie = googleCookiesOf('one');

async function start(options: Partial<SimulatorOptions> = {}) {
	let clock = Date.UTC(2026, 11, 1, 12);
	const sim = await startSimulator({
		accounts: [{name: 'acc1', cookie: 'labs-one', googleCookies: cookie}],
		generationMs: 1000,
		now: () => clock,
		...options,
	});
	started.push(sim);
	return {sim, advance: (ms: number) => (clock += ms)};
}

const item = (prompt: string) => [
	[null, null, [[[prompt]]]],
	'veo_3_1_t2v_fast',
	2,
	null,
	[null, null, null, null, 'A', 'B'],
];

/** `count` finished media of one generate call, each with its as29s record (docs/protocol-flow.md §0). */
async function finished(sim: Simulator, advance: (ms: number) => void, count: number) {
	const flow = await session(sim, cookie);
	const projectId = await flow.project();
	const items = Array.from({length: count}, (_, i) => item(`a lighthouse ${i}`));
	const token = sim.mintCaptchaToken('acc1');
	const created: Payload = await flow.data('YhhmEf', [items, contextOf(projectId, token), ['T', 2]]);
	advance(2000);
	const names = (created[2] as Payload[]).map((heading) => heading[3][4] as string);
	return Promise.all(
		names.map(async (name) => {
			const record: Payload = await flow.data('as29s', [name]);
			return {
				name,
				byteSize: record[5][13] as number,
				poster: record[5][10] as string,
				video: record[7][0][8] as string,
			};
		}),
	);
}

const fixture = (file: string) =>
	readFileSync(new URL(`../../../source/simulator/cdn/fixtures/${file}`, import.meta.url));
const clips = [1, 2, 3].map((i) => fixture(`clip-${i}.mp4`));
const posters = [1, 2, 3].map((i) => fixture(`poster-${i}.jpg`));

describe('the CDN stand-in: playable clips and posters', () => {
	it('serves each media a playable 2 s H.264 clip, distinct, byte-exact, as long as its record says', async () => {
		const {sim, advance} = await start();
		const media = await finished(sim, advance, 3);
		const served: Buffer[] = [];
		for (const {name, byteSize, video} of media) {
			const answer = await fetch(video);
			expect(answer.headers.get('content-type')).toBe('video/mp4');
			const bytes = Buffer.from(await answer.arrayBuffer());
			expect(Number(answer.headers.get('content-length'))).toBe(bytes.length);
			expect(byteSize).toBe(bytes.length);
			expect(bytes.equals(sim.videoBytesFor(name))).toBe(true);
			// The media's name rides in a top-level `free` box after the clip.
			const tail = 8 + Buffer.byteLength(name);
			expect(bytes.readUInt32BE(bytes.length - tail)).toBe(tail);
			expect(bytes.toString('latin1', bytes.length - tail + 4, bytes.length - tail + 8)).toBe('free');
			expect(bytes.subarray(bytes.length - tail + 8).toString('utf8')).toBe(name);
			const info = probe(bytes, 'clip.mp4');
			const videos = info.streams.filter((stream) => stream.codec_type === 'video');
			expect(videos).toEqual([expect.objectContaining({codec_name: 'h264', width: 320, height: 180})]);
			expect(info.streams.map((stream) => stream.codec_name).sort()).toEqual(['aac', 'h264']);
			expect(Number(info.format.duration)).toBeCloseTo(2, 1);
			served.push(bytes);
		}
		expect(new Set(served.map((bytes) => bytes.toString('base64'))).size).toBe(3);
		// A range is a slice of the same file.
		const ranged = await fetch(media[0]!.video, {headers: {range: 'bytes=100-199'}});
		expect(ranged.status).toBe(206);
		expect(Buffer.from(await ranged.arrayBuffer()).equals(served[0]!.subarray(100, 200))).toBe(true);
	});

	it("serves each media the poster of its own clip: a JPEG with the media's name after its EOI", async () => {
		const {sim, advance} = await start();
		for (const {name, poster} of await finished(sim, advance, 3)) {
			const answer = await fetch(poster);
			expect(answer.headers.get('content-type')).toBe('image/jpeg');
			const bytes = Buffer.from(await answer.arrayBuffer());
			expect(Number(answer.headers.get('content-length'))).toBe(bytes.length);
			expect(bytes.equals(sim.posterBytesFor(name))).toBe(true);
			expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
			const jpeg = bytes.subarray(0, bytes.length - Buffer.byteLength(name));
			expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
			expect(bytes.subarray(jpeg.length).toString('utf8')).toBe(name);
			const [image] = probe(bytes, 'poster.jpg').streams;
			expect(image).toMatchObject({codec_type: 'video', codec_name: 'mjpeg', width: 320, height: 180});
			// The poster is a frame of the clip served for the same media.
			const clip = sim.videoBytesFor(name);
			const which = clips.findIndex((fixtureClip) =>
				clip.subarray(0, fixtureClip.length).equals(fixtureClip),
			);
			expect(which).toBeGreaterThanOrEqual(0);
			expect(jpeg.equals(posters[which]!)).toBe(true);
		}
	});

	it('picks the clip from the name alone: the same name, the same clip; every clip in use', async () => {
		const {sim} = await start();
		const other = (await start()).sim;
		const used = new Set<number>();
		for (let i = 0; i < 30; i++) {
			const name = `media-${i}`;
			const bytes = sim.videoBytesFor(name);
			expect(bytes.equals(other.videoBytesFor(name))).toBe(true);
			expect(sim.posterBytesFor(name).equals(other.posterBytesFor(name))).toBe(true);
			used.add(clips.findIndex((clip) => bytes.subarray(0, clip.length).equals(clip)));
		}
		expect([...used].sort()).toEqual([0, 1, 2]);
	});

	it('serves the synthetic bytes of exactly the size a test asks for, and the record says so', async () => {
		const {sim, advance} = await start({videoBytes: 5000});
		const [media] = await finished(sim, advance, 1);
		const bytes = Buffer.from(await (await fetch(media!.video)).arrayBuffer());
		expect(bytes).toHaveLength(5000);
		expect(media!.byteSize).toBe(5000);
		expect(bytes.equals(sim.videoBytesFor(media!.name))).toBe(true);
		expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
		// The poster is still a real one.
		expect(
			Buffer.from(await (await fetch(media!.poster)).arrayBuffer()).equals(sim.posterBytesFor(media!.name)),
		).toBe(true);
	});
});

import {describe, expect, it} from 'vitest';
import {videoBytes, videoChunks} from '../../../source/simulator/cdn/video-bytes.js';

describe('simulator video bytes', () => {
	const size = 300 * 1024 + 13;

	it('is an mp4 head, and any byte range is the same bytes as the whole file', () => {
		const whole = videoBytes('media-a', size);
		expect(whole).toHaveLength(size);
		expect(whole.toString('latin1', 4, 8)).toBe('ftyp');
		expect(whole.toString('latin1', 28, 32)).toBe('mdat');
		for (const [from, to] of [
			[0, size],
			[3, 40],
			[31, 65_600],
			[65_560, 65_580],
			[200_001, size],
		] as const) {
			expect(
				Buffer.concat([...videoChunks('media-a', size, from, to)]).equals(whole.subarray(from, to)),
			).toBe(true);
		}
	});

	it('differs between media and between every 64 KiB block of one file', () => {
		const a = videoBytes('media-a', size);
		expect(a.equals(videoBytes('media-b', size))).toBe(false);
		expect(a.equals(videoBytes('media-a', size))).toBe(true);
		const blocks = new Set<string>();
		for (let at = 32; at + 65_536 <= size; at += 65_536) blocks.add(a.toString('hex', at, at + 65_536));
		expect(blocks.size).toBe(Math.floor((size - 32) / 65_536));
		// Not a constant fill: the bytes look random.
		expect(new Set(a.subarray(32, 4128)).size).toBeGreaterThan(200);
	});
});

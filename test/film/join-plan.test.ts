import {describe, expect, it} from 'vitest';
import {concatList, posterListSheetArgs} from '../../source/film/ffmpeg-args.js';
import {fps, planJoin} from '../../source/film/join-plan.js';
import type {ClipInfo} from '../../source/film/probe.js';

// Stream copy or re-encode, and the one line that says why (readme: Making the film).

const clip = (
	video: Partial<ClipInfo['video']> = {},
	audio: ClipInfo['audio'] | null = undefined,
): ClipInfo => ({
	video: {codec: 'h264', width: 320, height: 180, pixFmt: 'yuv420p', frameRate: '24/1', ...video},
	...(audio === null ? {} : {audio: audio ?? {codec: 'aac', sampleRate: 48000, channels: 2}}),
	durationSec: 8,
});

describe('planJoin', () => {
	it('copies the streams when codec, size, pixel format, rate and audio all match', () => {
		expect(planJoin([clip(), clip(), clip()])).toEqual({
			method: 'copy',
			reason: 'stream copy: 3 clips share h264 320x180 at 24 fps, aac audio',
		});
		expect(planJoin([clip({}, null), clip({}, null)]).reason).toBe(
			'stream copy: 2 clips share h264 320x180 at 24 fps',
		);
	});

	it('re-encodes when one differs, naming it and what the others are', () => {
		expect(planJoin([clip(), clip(), clip({width: 1280, height: 720}), clip()])).toEqual({
			method: 'encode',
			reason: 're-encoding: clip 3 is 1280x720, the others 320x180',
		});
		expect(planJoin([clip(), clip({codec: 'hevc'}), clip({codec: 'hevc'}), clip()]).reason).toBe(
			're-encoding: clips 2 and 3 are hevc, the others h264',
		);
		expect(planJoin([clip(), clip({pixFmt: 'yuv420p10le'})]).reason).toBe(
			're-encoding: clip 2 is yuv420p10le, the others yuv420p',
		);
		expect(planJoin([clip({frameRate: '30000/1001'}), clip(), clip()]).reason).toBe(
			're-encoding: clip 1 is 29.97 fps, the others 24 fps',
		);
	});

	it('the most common value is "the others", the first clip breaking a tie; several odd values each said', () => {
		expect(planJoin([clip({width: 640, height: 360}), clip()]).reason).toBe(
			're-encoding: clip 2 is 320x180, the others 640x360',
		);
		expect(
			planJoin([clip(), clip({width: 640, height: 360}), clip(), clip({width: 1280, height: 720})]).reason,
		).toBe('re-encoding: clip 2 is 640x360, clip 4 is 1280x720, the others 320x180');
		const many = Array.from({length: 12}, (_, i) => (i % 2 === 0 ? clip() : clip({width: 160, height: 90})));
		many.push(clip());
		expect(planJoin(many).reason).toBe(
			're-encoding: clips 2, 4, 6, 8 and 2 more are 160x90, the others 320x180',
		);
	});

	it('silent clips among clips with sound are re-encoded with silence; different audio formats too', () => {
		expect(planJoin([clip(), clip({}, null), clip()]).reason).toBe(
			're-encoding: clip 2 has no audio, the others do (silence is added)',
		);
		expect(planJoin([clip({}, null), clip(), clip({}, null)]).reason).toBe(
			're-encoding: clip 2 has audio, the others have none (silence is added to them)',
		);
		expect(planJoin([clip(), clip({}, {codec: 'aac', sampleRate: 44100, channels: 2})]).reason).toBe(
			're-encoding: clip 2 has aac 44.1 kHz 2 ch audio, the others aac 48 kHz 2 ch',
		);
	});

	it('writes frame rates as people say them', () => {
		expect([fps('24/1'), fps('30000/1001'), fps('25/1'), fps('0/0')]).toEqual(['24', '29.97', '25', '0/0']);
	});
});

describe('concatList', () => {
	it("quotes every path, a ' inside one closed, escaped and reopened (ffmpeg-formats: concat)", () => {
		expect(concatList(['/out/001-a-1.mp4', "/it's/002-b-1.mp4"])).toBe(
			"ffconcat version 1.0\nfile '/out/001-a-1.mp4'\nfile '/it'\\''s/002-b-1.mp4'\n",
		);
	});

	it('probeFirstOnly: every clip after the first is opened without the stream probe', () => {
		expect(concatList(['/a.mp4', '/b.mp4', '/c.mp4'], true)).toBe(
			[
				'ffconcat version 1.0',
				"file '/a.mp4'",
				"file '/b.mp4'",
				'option probesize 32',
				'option analyzeduration 0',
				"file '/c.mp4'",
				'option probesize 32',
				'option analyzeduration 0',
				'',
			].join('\n'),
		);
	});
});

describe('posterListSheetArgs', () => {
	const lowres = (width: number, height: number) => {
		const args = posterListSheetArgs('/tmp/list.txt', {count: 4, width, height}, {width: 16, height: 9});
		return args[args.indexOf('-lowres') + 1];
	};

	it('decodes posters at the smallest size still at least the 320x180 thumbnail', () => {
		expect([
			lowres(160, 90),
			lowres(640, 360),
			lowres(1280, 720),
			lowres(1920, 1080),
			lowres(3840, 2160),
		]).toEqual(['0', '1', '2', '2', '3']);
		expect(lowres(1280, 90)).toBe('0');
	});

	it('tiles the posters two by two for four, in thumbnails of the film aspect', () => {
		const args = posterListSheetArgs(
			'/tmp/list.txt',
			{count: 4, width: 720, height: 1280},
			{width: 9, height: 16},
		);
		expect(args[args.indexOf('-filter_complex') + 1]).toBe(
			'[0:v:0]scale=180:320:force_original_aspect_ratio=decrease,pad=180:320:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,tile=2x2:padding=4:margin=4[sheet]',
		);
		expect(args.slice(args.indexOf('-i') - 6, args.indexOf('-i') + 2)).toEqual([
			'-lowres',
			'2',
			'-f',
			'concat',
			'-safe',
			'0',
			'-i',
			'/tmp/list.txt',
		]);
	});
});

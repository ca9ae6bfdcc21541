import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {safeJoin, slugify, videoFileName} from '../../source/core/filenames.js';

describe('slugify', () => {
	it.each([
		['Cảnh một con mèo', 'canh-mot-con-meo'],
		['Đường phố', 'duong-pho'],
		['đêm Đà Lạt', 'dem-da-lat'],
		['Người bán phở múc nước dùng', 'nguoi-ban-pho-muc-nuoc-dung'],
		['  A cat, on a ROOF!  ', 'a-cat-on-a-roof'],
		['Tom & Jerry', 'tom-and-jerry'],
		['Cảnh một con mèo'.normalize('NFD'), 'canh-mot-con-meo'],
		['A 4K drone shot', 'a-4k-drone-shot'],
		['1080P or 8K HDR, in 3D', '1080p-or-8k-hdr-in-3d'],
		['fooBar', 'foo-bar'],
	])('%s → %s', (prompt, expected) => {
		expect(slugify(prompt)).toBe(expected);
	});

	it('cuts at a word boundary to at most 40 characters, with no trailing dash', () => {
		const prompt = 'Một con mèo ngủ trên mái nhà lúc bình minh ở Hà Nội';
		expect(slugify(prompt)).toBe('mot-con-meo-ngu-tren-mai-nha-luc-binh');
		expect(slugify(prompt).length).toBeLessThanOrEqual(40);
	});

	it('keeps a cut that lands exactly on a word end', () => {
		// 'aaaa-bbbb' is 9 characters; the tenth is the separator.
		expect(slugify('aaaa bbbb cccc', 9)).toBe('aaaa-bbbb');
		expect(slugify('aaaa bbbb cccc', 10)).toBe('aaaa-bbbb');
		expect(slugify('aaaa bbbb cccc', 8)).toBe('aaaa');
	});

	it('cuts a single overlong word mid-word rather than returning nothing', () => {
		expect(slugify('a'.repeat(60))).toBe('a'.repeat(40));
		expect(slugify(`${'b'.repeat(45)} tail`, 40)).toBe('b'.repeat(40));
	});

	it('falls back to "scene" when nothing transliterates', () => {
		expect(slugify('🎬🎥')).toBe('scene');
		expect(slugify('   ')).toBe('scene');
		expect(slugify('---')).toBe('scene');
		expect(slugify('日本語')).toBe('scene');
	});

	it('always yields lowercase ASCII words joined by single dashes', () => {
		for (const prompt of [
			'Ça va? Ünïcödé — ok',
			'Phố cổ Hội An về đêm, đèn lồng 🏮 rực rỡ',
			'../../etc/passwd',
		]) {
			const slug = slugify(prompt);
			expect(slug).toMatch(/^[a-z\d]+(?:-[a-z\d]+)*$/);
			expect(slug.length).toBeLessThanOrEqual(40);
		}
	});
});

describe('videoFileName', () => {
	it('pads the index to three digits and appends the copy', () => {
		expect(videoFileName(7, 'Cảnh một con mèo', 1)).toBe('007-canh-mot-con-meo-1.mp4');
		expect(videoFileName(42, 'Đường phố', 3)).toBe('042-duong-pho-3.mp4');
		expect(videoFileName(1, '🎬', 2)).toBe('001-scene-2.mp4');
	});

	it('lets indices past 999 grow', () => {
		expect(videoFileName(1000, 'x', 1)).toBe('1000-x-1.mp4');
		expect(videoFileName(12_345, 'x', 4)).toBe('12345-x-4.mp4');
	});

	it('limits the slug part to 40 characters', () => {
		const name = videoFileName(1, 'word '.repeat(50), 1);
		expect(name).toBe(`001-${'word-'.repeat(7)}word-1.mp4`);
		expect(name.length).toBeLessThanOrEqual('001-'.length + 40 + '-1.mp4'.length);
	});

	it('rejects indices and copies that are not whole numbers from 1', () => {
		expect(() => videoFileName(0, 'x', 1)).toThrow(RangeError);
		expect(() => videoFileName(1.5, 'x', 1)).toThrow(RangeError);
		expect(() => videoFileName(1, 'x', 0)).toThrow(RangeError);
		expect(() => videoFileName(1, 'x', Number.NaN)).toThrow(RangeError);
	});
});

describe('safeJoin', () => {
	const dir = path.resolve('/tmp/flowdeck-out');

	it('joins names that stay inside the folder', () => {
		expect(safeJoin(dir, '001-cat-1.mp4')).toBe(path.join(dir, '001-cat-1.mp4'));
		expect(safeJoin(dir, '..not-a-parent.mp4')).toBe(path.join(dir, '..not-a-parent.mp4'));
		expect(safeJoin(dir, 'sub/../001.mp4')).toBe(path.join(dir, '001.mp4'));
		expect(safeJoin('relative/out', 'a.mp4')).toBe(path.join('relative/out', 'a.mp4'));
	});

	it.each([['../escape.mp4'], ['..'], ['sub/../../escape.mp4'], [''], ['.'], ['a\0b.mp4']])(
		'refuses %j',
		(name) => {
			expect(() => safeJoin(dir, name)).toThrow(/^refusing to write outside the output folder: /);
		},
	);

	it('refuses to climb out of a relative folder too', () => {
		expect(() => safeJoin('out', '../../x.mp4')).toThrow(/outside the output folder/);
	});
});

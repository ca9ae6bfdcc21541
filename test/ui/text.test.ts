import {describe, expect, it} from 'vitest';
import {
	displayWidth,
	fitParts,
	oneLine,
	padTo,
	toAscii,
	truncate,
	truncateStart,
	wrapText,
} from '../../source/ui/text.js';

describe('text', () => {
	it('measures cells: combining marks take none, CJK two', () => {
		expect(displayWidth('abc')).toBe(3);
		expect(displayWidth('Hội An')).toBe(6);
		expect(displayWidth('Ho\u0302\u0323i')).toBe(3);
		expect(displayWidth('東京')).toBe(4);
	});

	it('cuts to a width with the given ellipsis and pads to exactly that width', () => {
		expect(truncate('A lighthouse at dusk', 10, '…')).toBe('A lightho…');
		expect(truncate('A lighthouse at dusk', 10, '~')).toBe('A lightho~');
		expect(truncate('short', 10, '…')).toBe('short');
		expect(truncate('東京タワー', 5, '…')).toBe('東京…');
		expect(padTo('ab', 4, '…')).toBe('ab  ');
		expect(displayWidth(padTo('Phố cổ Hội An về đêm', 8, '…'))).toBe(8);
	});

	it('one line: NFC, no newlines or control characters', () => {
		expect(oneLine('a\nb\t c\u0007')).toBe('a b c');
		expect(oneLine('Ho\u0302\u0323i')).toBe('Hội');
	});

	it('transliterates to ASCII for a terminal that shows nothing else', () => {
		expect(toAscii('Phố cổ Hội An về đêm, đèn lồng')).toBe('Pho co Hoi An ve dem, den long');
		expect(toAscii('“quoted” – dash…')).toBe('"quoted" - dash...');
		expect(toAscii('東京')).toBe('??');
	});

	it('fitParts keeps the most important parts that fit, in their own order', () => {
		const parts = [
			{text: 'aaaa', priority: 2},
			{text: 'bbbb', priority: 0},
			{text: 'cccc', priority: 1},
		];
		expect(fitParts(parts, 100)).toEqual([0, 1, 2]);
		expect(fitParts(parts, 10)).toEqual([1, 2]);
		expect(fitParts(parts, 4)).toEqual([1]);
	});

	it('wrapText breaks at spaces within the width; a word wider than a line is split', () => {
		expect(wrapText('a lighthouse on a basalt cliff', 12)).toEqual(['a lighthouse', 'on a basalt', 'cliff']);
		expect(wrapText('see https://example.com/a/very/long/path now', 10)).toEqual([
			'see',
			'https://ex',
			'ample.com/',
			'a/very/lon',
			'g/path now',
		]);
		expect(wrapText('東京タワー 夜', 4)).toEqual(['東京', 'タワ', 'ー 夜']);
		expect(wrapText('', 10)).toEqual([]);
		const prompt = oneLine(
			'Phố cổ Hội An về đêm, đèn lồng lung linh phản chiếu trên sông Thu Bồn. '.repeat(20),
		);
		const lines = wrapText(prompt, 30);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
		expect(lines.join(' ')).toBe(prompt.trim());
	});
});

describe('truncateStart', () => {
	it('keeps the end of a path, the ellipsis first, within the width (wide letters counted twice)', () => {
		expect(truncateStart('shots/dawn.png', 20, '…')).toBe('shots/dawn.png');
		expect(truncateStart('very/deep/shots/dawn.png', 12, '…')).toBe('…ts/dawn.png');
		expect(truncateStart('写真/夜明け.png', 10, '~')).toBe('~明け.png');
		expect(displayWidth(truncateStart('写真/夜明け.png', 10, '~'))).toBeLessThanOrEqual(10);
		expect(truncateStart('abc', 0, '…')).toBe('');
	});
});

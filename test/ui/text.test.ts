import {describe, expect, it} from 'vitest';
import {displayWidth, fitParts, oneLine, padTo, toAscii, truncate} from '../../source/ui/text.js';

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
});

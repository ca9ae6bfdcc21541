import {describe, expect, it} from 'vitest';
import {capLines, type DetailsLayout, detailsLayout, maxErrorLines} from '../../source/ui/details-layout.js';

const used = (layout: DetailsLayout) =>
	Number(layout.hint) +
	layout.header +
	Number(layout.promptLabel) +
	layout.prompt +
	layout.media +
	layout.error +
	layout.inputs;

describe('detailsLayout', () => {
	it('80×24 (18 rows in the pane): everything shows in full, the prompt gets the rest', () => {
		expect(detailsLayout(18, {promptLines: 61, media: 1, errorLines: 1})).toEqual({
			hint: true,
			header: 4,
			promptLabel: true,
			prompt: 10,
			media: 1,
			error: 1,
			inputs: 0,
		});
		// Four copies and a long error still leave the prompt a window.
		expect(detailsLayout(18, {promptLines: 61, media: 4, errorLines: 7})).toMatchObject({
			media: 4,
			error: maxErrorLines,
			prompt: 5,
		});
	});

	it('a scene made from images (issue 18): its mode and inputs show in full at 80×24, the prompt gives way', () => {
		expect(detailsLayout(18, {promptLines: 61, media: 2, errorLines: 1, inputs: 5})).toMatchObject({
			header: 4,
			media: 2,
			error: 1,
			inputs: 5,
			prompt: 4,
		});
		// Short of rows, the inputs come after the header and before the rest of the error.
		expect(detailsLayout(9, {promptLines: 61, media: 1, errorLines: 3, inputs: 5})).toMatchObject({
			header: 4,
			inputs: 0,
			error: 1,
		});
		expect(detailsLayout(11, {promptLines: 61, media: 1, errorLines: 3, inputs: 5})).toMatchObject({
			inputs: 2,
			error: 1,
		});
		expect(detailsLayout(16, {promptLines: 61, media: 1, errorLines: 3, inputs: 5})).toMatchObject({
			inputs: 5,
			error: 3,
			prompt: 1,
		});
	});

	it('a short prompt takes only its own lines', () => {
		expect(detailsLayout(18, {promptLines: 2, media: 1, errorLines: 0})).toMatchObject({
			prompt: 2,
			header: 4,
			error: 0,
		});
	});

	it('at every height: never more rows than there are, the hint first, then the error, then the media', () => {
		for (let rows = 0; rows <= 30; rows++) {
			for (const media of [0, 1, 4]) {
				for (const errorLines of [0, 1, 5]) {
					const layout = detailsLayout(rows, {promptLines: 61, media, errorLines});
					expect(used(layout)).toBeLessThanOrEqual(rows);
					if (rows >= 1) expect(layout.hint).toBe(true);
					if (rows >= 2 && errorLines > 0) expect(layout.error).toBeGreaterThanOrEqual(1);
					if (rows >= 1 + Math.min(1, errorLines) + media) expect(layout.media).toBe(media);
					// The prompt's label never shows without a line of the prompt under it.
					expect(layout.promptLabel).toBe(layout.prompt > 0);
				}
			}
		}
	});
});

describe('capLines', () => {
	it('keeps what fits; a cut ends with the ellipsis', () => {
		expect(capLines(['one two', 'three'], 3, 10, '~')).toEqual(['one two', 'three']);
		expect(capLines(['one two', 'three four', 'five'], 2, 10, '~')).toEqual(['one two', 'three fou~']);
		expect(capLines(['one'], 0, 10, '~')).toEqual([]);
	});
});

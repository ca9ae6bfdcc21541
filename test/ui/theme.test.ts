import {describe, expect, it} from 'vitest';
import {sceneStates} from '../../source/core/events.js';
import {bindingLabel, keyHints, scrollHelpRows, scrollHints} from '../../source/ui/key-labels.js';
import {keyTable} from '../../source/ui/keys.js';
import {displayWidth} from '../../source/ui/text.js';
import {createTheme, displayFromEnv} from '../../source/ui/theme.js';

const utf8 = {LANG: 'en_US.UTF-8'};

describe('displayFromEnv', () => {
	it('turns colour off for any non-empty NO_COLOR, and for FORCE_COLOR=0', () => {
		expect(displayFromEnv({...utf8}).color).toBe(true);
		expect(displayFromEnv({...utf8, NO_COLOR: '1'}).color).toBe(false);
		expect(displayFromEnv({...utf8, NO_COLOR: 'yes please'}).color).toBe(false);
		// no-color.org: an empty value does not count.
		expect(displayFromEnv({...utf8, NO_COLOR: ''}).color).toBe(true);
		expect(displayFromEnv({...utf8, FORCE_COLOR: '0'}).color).toBe(false);
	});

	it('goes ASCII with --ascii or a locale that is not UTF-8 (LC_ALL over LC_CTYPE over LANG)', () => {
		expect(displayFromEnv({...utf8}).ascii).toBe(false);
		expect(displayFromEnv({...utf8}, {ascii: true}).ascii).toBe(true);
		expect(displayFromEnv({LANG: 'C'}, {}, 'linux').ascii).toBe(true);
		expect(displayFromEnv({LANG: 'de_DE.ISO-8859-1'}, {}, 'linux').ascii).toBe(true);
		expect(displayFromEnv({LANG: 'C.utf8'}, {}, 'linux').ascii).toBe(false);
		expect(displayFromEnv({LANG: 'en_US.UTF-8', LC_ALL: 'POSIX'}, {}, 'linux').ascii).toBe(true);
		expect(displayFromEnv({LANG: 'C', LC_CTYPE: 'en_US.UTF-8'}, {}, 'linux').ascii).toBe(false);
		expect(displayFromEnv({}, {}, 'linux').ascii).toBe(true);
	});
});

describe('createTheme', () => {
	const nonAscii = /[^\x00-\x7F]/;

	it('ASCII theme: every glyph, border and key label is ASCII', () => {
		const theme = createTheme({color: true, ascii: true});
		const texts = [
			...sceneStates.flatMap((state) => [0, 1, 2, 3].map((tick) => theme.glyph(state, tick))),
			theme.glyphs.cursor,
			theme.glyphs.ellipsis,
			theme.glyphs.folded,
			...Object.values(theme.glyphs.more),
			...Object.values(theme.glyphs.keys),
			...Object.values(theme.border),
			...Object.values(theme.borderFocused),
			theme.glyphs.tableChar('┌──┬──┐│├┼┤└┴┘'),
			...keyTable.map((binding) => bindingLabel(binding, theme.glyphs)),
			...keyHints(theme.glyphs).map((hint) => hint.keys),
			...scrollHelpRows(theme.glyphs).map((row) => row.keys),
			...scrollHints(theme.glyphs).map((hint) => hint.keys),
		];
		for (const text of texts) expect(text).not.toMatch(nonAscii);
		// The unicode theme really is different, so the check above means something.
		expect(createTheme({color: true, ascii: false}).glyph('done', 0)).toMatch(nonAscii);
	});

	it('no colour: no style at all (bold and inverse are escapes too)', () => {
		const plain = createTheme({color: false, ascii: false});
		for (const tone of ['title', 'muted', 'accent', 'good', 'bad', 'warn', 'key', 'selected'] as const)
			expect(plain.text(tone)).toEqual({});
		for (const state of sceneStates) expect(plain.scene(state)).toEqual({});
		expect(plain.borderColor(true)).toBeUndefined();
		expect(createTheme({color: true, ascii: false}).scene('failed')).toEqual({color: 'red'});
	});

	it('a glyph for each state, and they differ (a skipped scene never looks like a spinning one)', () => {
		for (const ascii of [true, false]) {
			const theme = createTheme({color: false, ascii});
			const still = sceneStates.filter((state) => state !== 'polling').map((state) => theme.glyph(state, 0));
			expect(new Set(still).size).toBe(still.length);
			for (const frame of theme.glyphs.spinner) expect(still).not.toContain(frame);
		}
	});
});

describe('scene mode glyphs (issue 18)', () => {
	it('one cell each, all different, none a state glyph; ASCII on an ASCII terminal', () => {
		for (const ascii of [true, false]) {
			const theme = createTheme({color: false, ascii});
			const modes = Object.values(theme.glyphs.mode);
			expect(modes).toHaveLength(5);
			for (const glyph of modes) expect(displayWidth(glyph)).toBe(1);
			expect(new Set(modes).size).toBe(modes.length);
			const states = sceneStates.flatMap((state) => [0, 1, 2].map((tick) => theme.glyph(state, tick)));
			for (const glyph of modes) expect(states).not.toContain(glyph);
			if (ascii) for (const glyph of modes) expect(glyph).toMatch(/^[A-Za-z]$/);
			else for (const glyph of modes) expect(glyph).toMatch(/[^\x00-\x7F]/);
		}
	});
});

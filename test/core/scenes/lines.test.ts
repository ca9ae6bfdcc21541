// Proves a .txt line is a comment only when it starts with "#" (after indentation), so prompts that
// merely contain or end with "#" are kept, each with its own line number.
import {expect, it} from 'vitest';
import {parseScenes} from '../../../source/core/scenes.js';

it('skips lines starting with "#" and keeps prompts that contain or end with one', () => {
	const text = '# title\n  # indented note\nshot #1\nwide angle #\nA # B\n';
	const scenes = parseScenes(text, 'scenes.txt', {aspect: '16:9', model: 'veo', copies: 1});
	expect(scenes.map((s) => [s.line, s.id, s.prompt])).toStrictEqual([
		[3, '001', 'shot #1'],
		[4, '002', 'wide angle #'],
		[5, '003', 'A # B'],
	]);
});

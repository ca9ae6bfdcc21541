import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';

// docs/design.md §1 is the map of the house: every folder of source/ is on it, and every folder it
// names is in the tree, so the map cannot drift from the code unnoticed.

const root = join(import.meta.dirname, '../..');
const design = readFileSync(join(root, 'docs/design.md'), 'utf8');
const house = /<!-- house:start -->([\s\S]*?)<!-- house:end -->/.exec(design)?.[1] ?? '';

function foldersUnder(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true})
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) => {
			const path = join(dir, entry.name);
			return [relative(root, path), ...foldersUnder(path)];
		});
}

/** `source/x/` at the start of a line, or an indented `x/` naming a sub-folder. */
const namedFolders = (text: string): string[] =>
	[...text.matchAll(/(?:^|\s)((?:source\/)?[a-z][\w-]*)\/(?=\s)/gm)].map((match) => match[1] as string);

describe('the house map in docs/design.md', () => {
	it('is there', () => {
		expect(house.length).toBeGreaterThan(500);
	});

	it('names every folder of source/', () => {
		const named = new Set(namedFolders(house).map((name) => name.replace(/^source\//, '')));
		const missing = foldersUnder(join(root, 'source')).filter((folder) => {
			const parts = folder.split('/').slice(1);
			return !named.has(parts.join('/')) && !named.has(parts.at(-1) as string);
		});
		expect(missing).toEqual([]);
	});

	it('names no folder the tree does not have', () => {
		const folders = foldersUnder(join(root, 'source')).map((folder) => folder.replace(/^source\//, ''));
		const basenames = new Set(folders.map((folder) => folder.split('/').at(-1)));
		const unknown = namedFolders(house)
			.filter((name) => name.startsWith('source/') || !['test', 'bench', 'scripts'].includes(name))
			.map((name) => name.replace(/^source\//, ''))
			.filter((name) => !folders.includes(name) && !basenames.has(name));
		expect(unknown).toEqual([]);
	});
});

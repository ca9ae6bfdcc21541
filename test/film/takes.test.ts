import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {FilmRefusal} from '../../source/film/errors.js';
import {filmTakes} from '../../source/film/takes.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {clipName, writeManifest} from './manifest-fixture.js';

// Which file each scene gives the film (readme: Making the film): done scenes in index order, the
// chosen take or the first clip, upscaled copies only when every take has one. The files are empty:
// nothing here reads them.

const workspace = perTestWorkspace();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-takes-');
});

const touch = (...names: string[]) => Promise.all(names.map((name) => writeFile(join(dir, name), '')));

async function refusal(): Promise<FilmRefusal> {
	const error = await filmTakes(dir).then(
		() => undefined,
		(failure: unknown) => failure,
	);
	expect(error).toBeInstanceOf(FilmRefusal);
	return error as FilmRefusal;
}

describe('filmTakes', () => {
	it('takes done scenes in index order, the chosen take or else the first clip that is no upscaled copy', async () => {
		await touch(
			clipName(1),
			clipName(2),
			clipName(2, 2),
			clipName(3),
			clipName(3, 2),
			'003-scene-3-1-1080p.mp4',
		);
		await writeManifest(dir, [
			{index: 3, files: ['003-scene-3-1-1080p.mp4', clipName(3), clipName(3, 2)], chosen: null},
			{index: 1, files: [clipName(1)]},
			{index: 2, files: [clipName(2), clipName(2, 2)], chosen: clipName(2, 2)},
		]);
		const {takes, leftOut, copies} = await filmTakes(dir);
		expect(takes.map((take) => [take.scene, take.file])).toEqual([
			[1, clipName(1)],
			[2, clipName(2, 2)],
			[3, clipName(3)],
		]);
		expect(leftOut).toEqual([]);
		expect(copies).toBe('clips');
	});

	it('leaves out every scene that is not done, saying why, and a done scene whose clip is gone', async () => {
		await touch(clipName(1));
		await writeManifest(dir, [
			{index: 1, files: [clipName(1)]},
			{index: 2, state: 'failed', error: 'blocked by policy:\nthe prompt'},
			{index: 3, state: 'skipped'},
			{index: 4, state: 'in-doubt'},
			{index: 5, state: 'polling'},
			{index: 6, files: [clipName(6)]},
			{index: 7, files: []},
			{index: 8, files: ['../elsewhere.mp4']},
		]);
		const {takes, leftOut} = await filmTakes(dir);
		expect(takes.map((take) => take.scene)).toEqual([1]);
		expect(leftOut).toEqual([
			{scene: 2, why: 'failed: blocked by policy: the prompt'},
			{scene: 3, why: 'skipped'},
			{scene: 4, why: 'in doubt'},
			{scene: 5, why: 'polling, not finished'},
			{scene: 6, why: `its clip ${clipName(6)} is missing`},
			{scene: 7, why: 'done, but the manifest names no clip'},
			{scene: 8, why: 'its clip ../elsewhere.mp4 is missing'},
		]);
	});

	it('uses the upscaled copies when every take has one of the same resolution, the best when all have both', async () => {
		await touch(clipName(1), clipName(2), '001-scene-1-1-1080p.mp4', '002-scene-2-1-1080p.mp4');
		await writeManifest(dir, [
			{index: 1, files: [clipName(1), '001-scene-1-1-1080p.mp4']},
			{index: 2, files: [clipName(2)]},
		]);
		const both = await filmTakes(dir);
		expect(both.copies).toBe('1080p');
		expect(both.takes.map((take) => take.file)).toEqual([
			'001-scene-1-1-1080p.mp4',
			'002-scene-2-1-1080p.mp4',
		]);
		expect(both.takes.map((take) => take.clip)).toEqual([clipName(1), clipName(2)]);
		await touch('001-scene-1-1-4k.mp4', '002-scene-2-1-4k.mp4');
		expect((await filmTakes(dir)).copies).toBe('4k');
	});

	it('keeps the clips when one take has no upscaled copy, or a copy of another resolution, and says which', async () => {
		await touch(clipName(1), clipName(2), clipName(3), '001-scene-1-1-1080p.mp4', '003-scene-3-1-4k.mp4');
		await writeManifest(
			dir,
			[1, 2, 3].map((index) => ({index, files: [clipName(index)]})),
		);
		const mixed = await filmTakes(dir);
		expect(mixed.copies).toBe('clips');
		expect(mixed.takes.map((take) => take.file)).toEqual([clipName(1), clipName(2), clipName(3)]);
		expect(mixed.note).toBe('scenes 2 and 3 have no 1080p copy');
		await touch('002-scene-2-1-1080p.mp4');
		expect((await filmTakes(dir)).note).toBe('scene 3 has no 1080p copy');
	});

	it('a chosen upscaled name stands for its clip; the poster beside the clip is found', async () => {
		await touch(clipName(1, 2), '001-scene-1-2.jpg', clipName(2));
		await writeManifest(dir, [
			{index: 1, files: [clipName(1), clipName(1, 2)], chosen: '001-scene-1-2-4k.mp4'},
			{index: 2, files: [clipName(2)]},
		]);
		const {takes} = await filmTakes(dir);
		expect(takes).toEqual([
			{scene: 1, file: clipName(1, 2), clip: clipName(1, 2), poster: '001-scene-1-2.jpg'},
			{scene: 2, file: clipName(2), clip: clipName(2)},
		]);
	});

	it('refuses a folder without a manifest, a manifest it cannot read, and one with no done scene', async () => {
		expect(await refusal()).toMatchObject({
			reason: 'no-manifest',
			message: expect.stringContaining('no manifest.json'),
		});
		await writeFile(join(dir, 'manifest.json'), '{"scenes": [');
		expect(await refusal()).toMatchObject({
			reason: 'no-manifest',
			message: expect.stringContaining('not valid JSON'),
		});
		await writeFile(join(dir, 'manifest.json'), '{"scenes": [{"index": "one"}]}');
		expect((await refusal()).message).toContain('not a flowdeck manifest');
		await writeManifest(dir, [{index: 1, state: 'failed', error: 'quota'}]);
		expect(await refusal()).toMatchObject({
			reason: 'no-scene',
			message: expect.stringContaining('no scene is done'),
		});
	});
});

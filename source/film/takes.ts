/**
 * Which file each scene gives the film, read from `<out>/manifest.json` (docs/design.md §4): scenes in
 * index order, `done` ones only; a scene's take is its `chosen` file, else its first file that is not
 * an upscaled copy. The upscaled copies (`NNN-slug-1-1080p.mp4`, `-4k`) replace the clips only when
 * every take has one of the same resolution, so the film never switches sharpness mid-way.
 */

import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {FilmRefusal} from './errors.js';
import {numbered} from './words.js';

export type Resolution = '4k' | '1080p';
/** Best first: when every take has both, the film uses 4k. */
const resolutions: readonly Resolution[] = ['4k', '1080p'];
const upscaledName = /-(?:1080p|4k)\.mp4$/;

/** One scene's part of the film. */
export type Take = {
	scene: number;
	/** The file joined into the film: the clip, or its upscaled copy. */
	file: string;
	/** The clip as generated (a contact sheet frame is grabbed from it, the smaller file). */
	clip: string;
	/** The poster beside the clip (`NNN-slug-<copy>.jpg`), when there is one. */
	poster?: string;
};

export type LeftOut = {scene: number; why: string};

export type FilmTakes = {
	takes: Take[];
	leftOut: LeftOut[];
	/** What the takes are: the clips as generated, or their upscaled copies. */
	copies: 'clips' | Resolution;
	/** Why the clips were used although some takes have an upscaled copy. */
	note?: string;
};

/** A manifest scene as far as the film reads it; `chosen` is new and may be absent or null. */
type Entry = {index: number; state: string; files: string[]; chosen?: string | null; error?: string | null};

const isFile = (path: string): Promise<boolean> =>
	stat(path).then(
		(found) => found.isFile(),
		() => false,
	);

/** A bare name in the output folder: a manifest that names a path elsewhere is not followed. */
const isBareName = (name: string): boolean =>
	name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);

/** The takes of the film in `outDir`; a FilmRefusal when there is no manifest or no usable done scene. */
export async function filmTakes(outDir: string): Promise<FilmTakes> {
	// Every scene's files are looked for at once: a hundred scenes are some four hundred stat calls.
	const looked = await Promise.all((await readEntries(outDir)).map((entry) => lookUp(outDir, entry)));
	const found = looked.filter((scene): scene is Found => 'take' in scene);
	const leftOut = looked.filter((scene): scene is LeftOut => 'why' in scene);
	if (found.length === 0) {
		throw new FilmRefusal('no-scene', `${outDir}: no scene is done yet, so there is nothing to join`);
	}
	const everyTake = resolutions.find((resolution) => found.every(({upscaled}) => upscaled.has(resolution)));
	if (everyTake) {
		const takes = found.map(({take}) => ({...take, file: upscaledFile(take.clip, everyTake)}));
		return {takes, leftOut, copies: everyTake};
	}
	return {takes: found.map(({take}) => take), leftOut, copies: 'clips', ...noteOf(found)};
}

type Found = {take: Take; upscaled: Set<Resolution>};

/** A scene's take, its upscaled copies and its poster; or why it is left out. */
async function lookUp(outDir: string, entry: Entry): Promise<Found | LeftOut> {
	if (entry.state !== 'done') return {scene: entry.index, why: whyNotDone(entry)};
	const clip = clipOf(entry);
	if (clip === undefined) return {scene: entry.index, why: 'done, but the manifest names no clip'};
	const poster = clip.replace(/\.mp4$/, '.jpg');
	const [present, hasPoster, ...copies] = await Promise.all([
		isBareName(clip) && isFile(join(outDir, clip)),
		poster !== clip && isBareName(poster) && isFile(join(outDir, poster)),
		...resolutions.map(
			(resolution) => isBareName(clip) && isFile(join(outDir, upscaledFile(clip, resolution))),
		),
	]);
	if (!present) return {scene: entry.index, why: `its clip ${clip} is missing`};
	const take: Take = {scene: entry.index, file: clip, clip};
	if (hasPoster) take.poster = poster;
	return {take, upscaled: new Set(resolutions.filter((_, i) => copies[i]))};
}

const upscaledFile = (clip: string, resolution: Resolution): string =>
	clip.replace(/\.mp4$/, `-${resolution}.mp4`);

/** The chosen take (an upscaled name stands for its clip), else the first file that is not a copy. */
function clipOf(entry: Entry): string | undefined {
	if (typeof entry.chosen === 'string' && entry.chosen !== '')
		return entry.chosen.replace(upscaledName, '.mp4');
	return entry.files.find((file) => !upscaledName.test(file));
}

function whyNotDone(entry: Entry): string {
	if (entry.state === 'failed') {
		const error = (entry.error ?? '').replace(/\s+/g, ' ').trim();
		return error === '' ? 'failed' : `failed: ${error}`;
	}
	if (entry.state === 'in-doubt') return 'in doubt';
	if (entry.state === 'skipped') return 'skipped';
	return `${entry.state}, not finished`;
}

/** "scenes 3 and 5 have no 1080p copy": said when some takes have an upscaled copy but not all. */
function noteOf(found: readonly Found[]): {note?: string} {
	const counts = resolutions.map((resolution) => ({
		resolution,
		count: found.filter(({upscaled}) => upscaled.has(resolution)).length,
	}));
	// A tie goes to 1080p, the copy every paid tier can ask for (labs/mode-models.ts).
	const best = counts.reduce((a, b) => (b.count >= a.count ? b : a));
	if (best.count === 0) return {};
	const without = found.filter(({upscaled}) => !upscaled.has(best.resolution)).map(({take}) => take.scene);
	const names = `${numbered('scene', without)} ${without.length === 1 ? 'has' : 'have'}`;
	return {note: `${names} no ${best.resolution} copy`};
}

async function readEntries(outDir: string): Promise<Entry[]> {
	const path = join(outDir, 'manifest.json');
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		throw new FilmRefusal('no-manifest', `${outDir}: no manifest.json here (not the output folder of a run)`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new FilmRefusal('no-manifest', `${path} is not valid JSON (${(error as Error).message})`);
	}
	const scenes = (parsed as {scenes?: unknown} | null)?.scenes;
	if (!Array.isArray(scenes) || !scenes.every(isEntry)) {
		throw new FilmRefusal('no-manifest', `${path} is not a flowdeck manifest (no "scenes" list of scenes)`);
	}
	return [...scenes].sort((a, b) => a.index - b.index);
}

function isEntry(value: unknown): value is Entry {
	const entry = value as Partial<Entry> | null;
	return (
		typeof entry === 'object' &&
		entry !== null &&
		Number.isSafeInteger(entry.index) &&
		typeof entry.state === 'string' &&
		Array.isArray(entry.files) &&
		entry.files.every((file) => typeof file === 'string')
	);
}

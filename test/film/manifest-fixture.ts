import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';

// A hand-made output folder's manifest, for the film tests; no ffmpeg needed (test/film/helpers.ts has
// the clips).

export type SceneEntry = {
	index: number;
	state?: string;
	files?: string[];
	chosen?: string | null;
	error?: string | null;
};

/** manifest.json as a run writes it (docs/design.md §4), with `chosen` when the entry has one. */
export async function writeManifest(dir: string, scenes: SceneEntry[]): Promise<void> {
	const full = scenes.map(({index, state = 'done', files = [], error = null, ...rest}) => ({
		index,
		id: String(index),
		prompt: `scene ${index}`,
		mode: 'text',
		inputs: null,
		state,
		account: 'acc1',
		files,
		error,
		...rest,
	}));
	await writeFile(join(dir, 'manifest.json'), JSON.stringify({scenes: full}, null, 2));
}

/** `NNN-scene-<index>-1.mp4`, the name a run gives scene `index`'s first copy. */
export const clipName = (index: number, copy = 1): string =>
	`${String(index).padStart(3, '0')}-scene-${index}-${copy}.mp4`;

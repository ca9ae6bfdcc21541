import {join} from 'node:path';
import {writeFileAtomic} from './atomic-file.js';
import type {SceneState} from './events.js';
import {filesOf, type RunState} from './run-state.js';

export const manifestFileName = 'manifest.json';

/** One scene as manifest.json shows it (DESIGN.md §4): these keys, in this order, nothing else. */
export type ManifestScene = {
	index: number;
	id: string;
	prompt: string;
	state: SceneState;
	account: string | null;
	/** File names relative to the output folder, in copy order. */
	files: string[];
	error: string | null;
};

export type Manifest = {scenes: ManifestScene[]};

/** Built field by field, so that nothing else a SceneView carries (project ids, media names) leaks out. */
export function buildManifest(state: RunState): Manifest {
	return {
		scenes: state.scenes.map((scene) => ({
			index: scene.index,
			id: scene.id,
			prompt: scene.prompt,
			state: scene.state,
			account: scene.account ?? null,
			files: filesOf(scene),
			error: scene.error ?? null,
		})),
	};
}

export async function writeManifest(outDir: string, state: RunState): Promise<void> {
	await writeFileAtomic(join(outDir, manifestFileName), `${JSON.stringify(buildManifest(state), null, 2)}\n`);
}

import {join} from 'node:path';
import {writeFileAtomic} from './atomic-file.js';
import type {SceneMode, SceneState} from './events.js';
import {chosenFileOf, filesOf, type RunState, type SceneView} from './run-state.js';
import {inputFields, modeOf, type SceneInputs} from './scenes/inputs.js';

const manifestFileName = 'manifest.json';

/**
 * A scene's inputs under the names the scene file gives them (CSV columns, JSON keys), in that order;
 * only the ones it has. Image paths as the scene file wrote them.
 */
export type ManifestInputs = {
	[Key in keyof typeof inputFields]?: SceneInputs[(typeof inputFields)[Key]];
};

/** One scene as manifest.json shows it (docs/design.md §4): these keys, in this order, nothing else. */
export type ManifestScene = {
	index: number;
	id: string;
	prompt: string;
	/** How the video is made: `text` for a prompt alone (an upscale does not change it). */
	mode: SceneMode;
	/** Null when the scene has none: a text scene that is not upscaled. */
	inputs: ManifestInputs | null;
	state: SceneState;
	account: string | null;
	/** File names relative to the output folder, in copy order. */
	files: string[];
	/** The chosen take's file (its clip, never an upscaled copy); null until one is chosen. */
	chosen: string | null;
	error: string | null;
};

export type Manifest = {scenes: ManifestScene[]};

/** Built field by field, so that nothing else a SceneView carries (project ids, media names) leaks out. */
export function buildManifest(state: RunState): Manifest {
	return {scenes: state.scenes.map(manifestScene)};
}

const manifestScene = (scene: SceneView): ManifestScene => ({
	index: scene.index,
	id: scene.id,
	prompt: scene.prompt,
	mode: modeOf(scene.inputs),
	inputs: manifestInputs(scene.inputs),
	state: scene.state,
	account: scene.account ?? null,
	files: filesOf(scene),
	chosen: chosenFileOf(scene),
	error: scene.error ?? null,
});

/**
 * Key by key from the scene file's names, so a field added to SceneInputs never leaks out unnamed.
 * The manifest and the NDJSON stream both show inputs this way.
 */
export function manifestInputs(inputs: SceneInputs | undefined): ManifestInputs | null {
	if (inputs === undefined) return null;
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(inputFields)) {
		const value = inputs[field];
		if (value !== undefined) out[key] = Array.isArray(value) ? [...value] : value;
	}
	return out as ManifestInputs;
}

/**
 * The text of `JSON.stringify(buildManifest(state), null, 2)` and a newline, a scene at a time (JSON
 * escapes a newline inside a string, so indenting every line break only indents the structure).
 */
export function* manifestText(state: RunState): Generator<string> {
	const {scenes} = state;
	if (scenes.length === 0) {
		yield '{\n  "scenes": []\n}\n';
		return;
	}
	yield '{\n  "scenes": [\n';
	for (const [i, scene] of scenes.entries()) {
		const entry = JSON.stringify(manifestScene(scene), null, 2).replaceAll('\n', '\n    ');
		yield `    ${entry}${i < scenes.length - 1 ? ',' : ''}\n`;
	}
	yield '  ]\n}\n';
}

export async function writeManifest(outDir: string, state: RunState): Promise<void> {
	await writeFileAtomic(join(outDir, manifestFileName), {chunks: () => manifestText(state)});
}

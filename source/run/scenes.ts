import {basename} from 'node:path';
import {resolveSceneModels} from '../core/plan/index.js';
import {checkSceneImages, parseScenes, readSceneText, type Scene, SceneFileError} from '../core/scenes.js';
import {knownModelKeys, modelInfo} from '../labs/index.js';
import type {RunOptions} from './options.js';
import {UsageError} from './usage-error.js';

/**
 * The scene file read and parsed with the run's defaults, each scene's model key checked against the
 * catalogue. Every problem is one line (exit 2) and nothing has touched the network yet.
 */
export async function loadScenes(
	sceneFile: string,
	options: RunOptions,
): Promise<{text: string; scenes: Scene[]}> {
	// Strict UTF-8 (SceneFileError naming the line otherwise): a file saved in a legacy code page must
	// fail here, not send mojibake prompts to Flow.
	const text = await readSceneText(sceneFile);
	const scenes = parseScenes(text, sceneFile, {
		model: options.model,
		aspect: options.aspect,
		copies: options.copies,
	});
	await checkSceneImages(scenes, sceneFile);
	refuseInputsNotMadeYet(scenes, sceneFile);
	return {text, scenes: checkSceneModels(scenes, options, sceneFile)};
}

/**
 * Frames, references, extend and upscale are read and checked (issue 18), but the pipeline makes
 * text-to-video only so far: such a scene is refused on its line rather than made as text-to-video.
 */
function refuseInputsNotMadeYet(scenes: Scene[], sceneFile: string): void {
	const scene = scenes.find((candidate) => candidate.inputs !== undefined);
	if (scene === undefined) return;
	throw new SceneFileError(
		sceneFile,
		scene.line,
		'image, end_image, refs, extend and upscale are checked but not made yet: this flowdeck makes text-to-video only',
	);
}

/**
 * Each scene's model key as it will be sent (a portrait twin for 9:16, …). An unknown key, or one with
 * no key for the scene's aspect, is bad input: refused before anything touches the network.
 */
function checkSceneModels(scenes: Scene[], options: RunOptions, sceneFile: string): Scene[] {
	const resolution = resolveSceneModels(scenes, {
		models: modelInfo,
		knownKeys: knownModelKeys,
		trusted: new Set(options.explicitModel === undefined ? [] : [options.explicitModel]),
		sceneFile: basename(sceneFile),
	});
	const [problem, ...more] = resolution.problems;
	if (problem !== undefined) {
		throw new UsageError(more.length > 0 ? `${problem} (and ${more.length} more)` : problem);
	}
	return resolution.scenes;
}

import {basename} from 'node:path';
import {resolveSceneModels} from '../core/plan/index.js';
import {modeOf} from '../core/scenes/inputs.js';
import {checkSceneImages, parseScenes, readSceneText, type Scene, SceneFileError} from '../core/scenes.js';
import {knownModelKeys, modelForMode, modelInfo, type VideoMode} from '../labs/index.js';
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
	return {text, scenes: withModeModels(checkSceneModels(scenes, options, sceneFile), sceneFile)};
}

/**
 * A scene made from images or continuing a clip is sent with its mode's key of the same family
 * (veo_3_1_t2v_fast → veo_3_1_i2v_s_fast_fl for a start and an end frame; docs/protocol-labs.md §3.3).
 * A family flowdeck knows no such key for is refused on the scene's line, never sent with a guess.
 */
function withModeModels(scenes: Scene[], sceneFile: string): Scene[] {
	return scenes.map((scene) => {
		const mode = videoModeOf(scene.inputs);
		if (mode === 'text') return scene;
		const key = modelForMode(scene.model, mode, scene.aspect);
		if (key === undefined) {
			throw new SceneFileError(
				sceneFile,
				scene.line,
				`model ${scene.model} has no key flowdeck knows for ${modeWords[mode]} (use veo_3_1_t2v_fast or its Ultra keys)`,
			);
		}
		return key === scene.model ? scene : Object.assign({}, scene, {model: key});
	});
}

const modeWords: Record<Exclude<VideoMode, 'text'>, string> = {
	frames: 'a start frame',
	'frames-last': 'a start and an end frame',
	references: 'reference images',
	extend: 'extending a clip',
};

function videoModeOf(inputs: Scene['inputs']): VideoMode {
	const mode = modeOf(inputs);
	if (mode === 'frames') return inputs?.endImage === undefined ? 'frames' : 'frames-last';
	return mode;
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

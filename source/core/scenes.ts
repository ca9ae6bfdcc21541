import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Aspect} from '../labs/types.js';
import {SceneBuilder} from './scenes/builder.js';
import {parseCsvScenes} from './scenes/csv.js';
import {type Fail, SceneFileError} from './scenes/errors.js';
import {checkSceneImages} from './scenes/images.js';
import type {SceneInputs} from './scenes/inputs.js';
import {parseJson} from './scenes/json.js';
import {parseJsonl, parseTxt} from './scenes/lines.js';
import {describeReadError, firstInvalidUtf8, lineAt} from './scenes/read.js';

// One definition of Aspect for the whole house: the wire types own it.
export type {Aspect} from '../labs/types.js';

export type SceneInput = {
	line: number;
	id?: string;
	prompt: string;
	aspect?: Aspect;
	model?: string;
	copies?: number;
	seed?: number;
	inputs?: SceneInputs;
};

export type Scene = {
	/** 1-based, in file order. */
	index: number;
	/** The id given in the file, else the index padded to three digits. */
	id: string;
	prompt: string;
	aspect: Aspect;
	model: string;
	copies: number;
	seed?: number;
	/** Frames, references, the clip it extends, its upscale: absent for text-to-video. */
	inputs?: SceneInputs;
	line: number;
};

export type SceneDefaults = {aspect: Aspect; model: string; copies: number};

export {SceneFileError} from './scenes/errors.js';
export {checkSceneImages, type ImageFile, maxImageBytes} from './scenes/images.js';
export type {SceneInputs, UpscaleTarget} from './scenes/inputs.js';

/** Parse a scene file's text; the format follows the file name's extension. Throws SceneFileError. */
export function parseScenes(text: string, fileName: string, defaults: SceneDefaults): Scene[] {
	const fail: Fail = (line, problem) => {
		throw new SceneFileError(fileName, line, problem);
	};

	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const extension = path.extname(fileName).toLowerCase();
	const builder = new SceneBuilder(defaults, fail);
	switch (extension) {
		case '.txt': {
			parseTxt(body, builder, fail);
			break;
		}

		case '.jsonl': {
			parseJsonl(body, builder, fail);
			break;
		}

		case '.json': {
			parseJson(body, builder, fail);
			break;
		}

		case '.csv': {
			parseCsvScenes(body, builder, fail);
			break;
		}

		default: {
			fail(undefined, `unsupported scene file type "${extension}" (use .txt, .jsonl, .json or .csv)`);
		}
	}

	if (builder.scenes.length === 0) {
		fail(undefined, 'no scenes found');
	}

	return builder.scenes;
}

/** Read and parse a scene file. Every problem, including I/O, surfaces as SceneFileError. */
export async function readSceneFile(filePath: string, defaults: SceneDefaults): Promise<Scene[]> {
	const scenes = parseScenes(await readSceneText(filePath), filePath, defaults);
	await checkSceneImages(scenes, filePath);
	return scenes;
}

/**
 * The file's text, strictly decoded as UTF-8 (a leading BOM dropped). For callers that need the text
 * as well as the scenes, e.g. to hash it for run.json.
 */
export async function readSceneText(filePath: string): Promise<string> {
	let bytes: Buffer;
	try {
		bytes = await readFile(filePath);
	} catch (error) {
		throw new SceneFileError(filePath, undefined, `cannot read: ${describeReadError(error)}`);
	}

	try {
		// Fatal, so a file saved in a legacy code page fails loudly instead of sending mojibake prompts.
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		throw new SceneFileError(filePath, lineAt(bytes, firstInvalidUtf8(bytes)), 'not valid UTF-8');
	}
}

/** sha256 hex of the scene text, so a resumed run can tell whether the file changed. */
export function hashSceneText(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

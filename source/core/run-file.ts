import {access, mkdir, readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {type Aspect, isAspect} from '../labs/aspect.js';
import {writeFileAtomic} from './atomic-file.js';
import {type PickRule, pickRules, type SceneSpec} from './events.js';
import {journalDirName, journalPath} from './journal/index.js';

export type RunSettings = {
	model: string;
	aspect: Aspect;
	copies: number;
	maxInFlight: number;
	pollIntervalMs: number;
	mode: 'parallel' | 'sequential';
	maxCredits?: number;
	/** The take a scene with copies keeps unless a person picks one; absent (a run.json from before takes): first. */
	pick?: PickRule;
};

/**
 * What a run was asked to do. It holds the scene list itself, so `resume` does not depend on the
 * scene file staying put and unchanged; accounts by name only, never a credential.
 */
export type RunFile = {
	version: 1;
	runId: string;
	createdAt: string;
	sceneFile: string;
	sceneHash: string;
	settings: RunSettings;
	accounts: string[];
	scenes: SceneSpec[];
};

/** The run's rule for takes: a resumed run keeps the one it was started with. */
export const pickRuleOf = (run: RunFile): PickRule => run.settings.pick ?? 'first';

export const runFilePath = (outDir: string): string => join(outDir, journalDirName, 'run.json');

/** Written first thing in a new run, so it also makes the .flowdeck folder. */
export async function writeRunFile(outDir: string, run: RunFile): Promise<void> {
	const path = runFilePath(outDir);
	await mkdir(dirname(path), {recursive: true});
	await writeFileAtomic(path, `${JSON.stringify(run, null, 2)}\n`);
}

/** The run in `outDir`, or undefined when it holds none; a damaged run.json is an error naming it. */
export async function readRunFile(outDir: string): Promise<RunFile | undefined> {
	const path = runFilePath(outDir);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw notARunFile(path, `invalid JSON: ${(error as Error).message}`);
	}
	const problem = runFileProblem(value);
	if (problem) throw notARunFile(path, problem);
	return value as RunFile;
}

/** Whether `outDir` holds a run already: either half of its bookkeeping is enough to say so. */
export async function hasRun(outDir: string): Promise<boolean> {
	const exists = (path: string) =>
		access(path).then(
			() => true,
			() => false,
		);
	return (await exists(runFilePath(outDir))) || (await exists(journalPath(outDir)));
}

const notARunFile = (path: string, reason: string): Error =>
	new Error(`${path}: not a flowdeck run file (${reason})`);

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;

/** The first thing wrong with a parsed run.json, in words; undefined when it is sound. */
function runFileProblem(value: unknown): string | undefined {
	if (!isObject(value)) return 'not a JSON object';
	if (value.version !== 1) return `unsupported version ${JSON.stringify(value.version)}`;
	for (const key of ['runId', 'createdAt', 'sceneFile', 'sceneHash'] as const) {
		if (!isString(value[key])) return `${key} is missing or not a string`;
	}
	if (!Array.isArray(value.accounts) || !value.accounts.every(isString))
		return 'accounts is not a list of names';
	const settings = settingsProblem(value.settings);
	if (settings) return settings;
	if (!Array.isArray(value.scenes)) return 'scenes is not a list';
	for (const [position, scene] of value.scenes.entries()) {
		const problem = sceneProblem(scene, position + 1);
		if (problem) return `scene ${position + 1}: ${problem}`;
	}
	return undefined;
}

function settingsProblem(settings: unknown): string | undefined {
	if (!isObject(settings)) return 'settings is missing';
	if (!isString(settings.model)) return 'settings.model is not a string';
	if (!isAspect(settings.aspect)) return 'settings.aspect is not 16:9 or 9:16';
	if (settings.mode !== 'parallel' && settings.mode !== 'sequential')
		return 'settings.mode is not parallel or sequential';
	for (const key of ['copies', 'maxInFlight'] as const) {
		if (!isCount(settings[key])) return `settings.${key} is not a positive whole number`;
	}
	if (typeof settings.pollIntervalMs !== 'number' || !(settings.pollIntervalMs > 0)) {
		return 'settings.pollIntervalMs is not a positive number';
	}
	if (settings.maxCredits !== undefined && typeof settings.maxCredits !== 'number') {
		return 'settings.maxCredits is not a number';
	}
	if (settings.pick !== undefined && !(pickRules as readonly unknown[]).includes(settings.pick)) {
		return 'settings.pick is not first or largest';
	}
	return undefined;
}

function sceneProblem(scene: unknown, expectedIndex: number): string | undefined {
	if (!isObject(scene)) return 'not an object';
	// The reducer finds a scene at scenes[index - 1]: the list must be 1, 2, 3, ... in order.
	if (scene.index !== expectedIndex)
		return `index is ${JSON.stringify(scene.index)}, expected ${expectedIndex}`;
	if (!isString(scene.id)) return 'id is not a string';
	if (!isString(scene.prompt)) return 'prompt is not a string';
	if (!isString(scene.model)) return 'model is not a string';
	if (!isAspect(scene.aspect)) return 'aspect is not 16:9 or 9:16';
	if (!isCount(scene.copies)) return 'copies is not a positive whole number';
	if (scene.seed !== undefined && typeof scene.seed !== 'number') return 'seed is not a number';
	return undefined;
}

import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../source/simulator/index.js';

/** A simulator and a fresh temp folder; close() closes the simulator, then removes the folder. */
export type Workspace = {sim: Simulator; dir: string; close(): Promise<void>};

/** A fresh folder `<parent>/<prefix>XXXXXX`. */
export const makeTempDir = (prefix: string, parent = tmpdir()): Promise<string> =>
	mkdtemp(join(parent, prefix));

export const removeDir = (dir: string): Promise<void> => rm(dir, {recursive: true, force: true});

/** Starts a simulator with `options`, then makes a temp folder named after `prefix` (in `parent`). */
export async function startWorkspace(
	options: SimulatorOptions,
	prefix: string,
	parent = tmpdir(),
): Promise<Workspace> {
	const sim = await startSimulator(options);
	let dir: string;
	try {
		dir = await makeTempDir(prefix, parent);
	} catch (error) {
		await sim.close();
		throw error;
	}
	return {
		sim,
		dir,
		async close() {
			await sim.close();
			await removeDir(dir);
		},
	};
}

type Closable = {close(): Promise<void>};

/** What a test opened through perTestWorkspace(); all of it is closed after the test. */
export type Workspaces = {
	/** The simulator last started in this test (by start or simulator); undefined outside one. */
	readonly sim: Simulator | undefined;
	/** The folder last made in this test (by start or tempDir); undefined outside one. */
	readonly dir: string | undefined;
	/** startWorkspace, closed after the test. */
	start(options: SimulatorOptions, prefix: string): Promise<Workspace>;
	/** A temp folder alone, removed after the test. */
	tempDir(prefix: string): Promise<string>;
	/** A simulator alone, closed after the test. */
	simulator(options: SimulatorOptions): Promise<Simulator>;
	/** Anything else that closes (a harness, a client), closed after the test. */
	closeAfter<T extends Closable>(resource: T): T;
};

/**
 * Registers an afterEach (in the current describe, or the file) that closes what each test opened
 * through the returned object, last opened first: a harness, then its simulator, then the folder.
 */
export function perTestWorkspace(): Workspaces {
	let open: Closable[] = [];
	let sim: Simulator | undefined;
	let dir: string | undefined;
	afterEach(async () => {
		const closing = open.reverse();
		open = [];
		sim = undefined;
		dir = undefined;
		const failed: unknown[] = [];
		for (const resource of closing) await resource.close().catch((error: unknown) => failed.push(error));
		if (failed.length > 0) throw failed[0];
	});
	const closeAfter = <T extends Closable>(resource: T): T => {
		open.push(resource);
		return resource;
	};
	return {
		get sim() {
			return sim;
		},
		get dir() {
			return dir;
		},
		closeAfter,
		async start(options, prefix) {
			const workspace = closeAfter(await startWorkspace(options, prefix));
			sim = workspace.sim;
			dir = workspace.dir;
			return workspace;
		},
		async tempDir(prefix) {
			const made = await makeTempDir(prefix);
			closeAfter({close: () => removeDir(made)});
			dir = made;
			return made;
		},
		async simulator(options) {
			const started = closeAfter(await startSimulator(options));
			sim = started;
			return started;
		},
	};
}

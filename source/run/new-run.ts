import {randomUUID} from 'node:crypto';
import {resolve} from 'node:path';
import type {AccountConfig} from '../config/accounts-file.js';
import type {RunFile} from '../core/run-file.js';
import {hashSceneText, type Scene} from '../core/scenes.js';
import type {RunOptions} from './options.js';

function newRunId(): string {
	return randomUUID();
}

/** What `flowdeck run` writes to run.json: all that `resume` needs to carry the run on. */
export function newRunFile({
	sceneFile,
	text,
	scenes,
	options,
	accounts,
}: {
	sceneFile: string;
	text: string;
	scenes: Scene[];
	options: RunOptions;
	accounts: AccountConfig[];
}): RunFile {
	return {
		version: 1,
		runId: newRunId(),
		createdAt: new Date().toISOString(),
		sceneFile: resolve(sceneFile),
		sceneHash: hashSceneText(text),
		settings: {
			model: options.model,
			aspect: options.aspect,
			copies: options.copies,
			maxInFlight: options.maxInFlight,
			pollIntervalMs: options.pollIntervalMs,
			mode: options.mode,
			...(options.maxCredits === undefined ? {} : {maxCredits: options.maxCredits}),
			// Kept with the run: `resume` goes on choosing takes as the run began (core/pipeline/takes.ts).
			pick: options.pick,
		},
		accounts: accounts.map((account) => account.name),
		scenes,
	};
}

import {readJournal, replay} from '../core/journal/index.js';
import type {RunFile} from '../core/run-file.js';
import {initialRunState} from '../core/run-state.js';

/**
 * The Flow project each account of a run worked in, from its journal. A resumed run goes on in the
 * same projects: the images it uploaded and the clips it will extend or upscale live there, and an
 * account without a configured project would otherwise make a new one (docs/design.md §3).
 */
export async function projectsOfRun(outDir: string, run: RunFile): Promise<ReadonlyMap<string, string>> {
	const {events} = await readJournal(outDir);
	const state = replay(initialRunState(run.scenes, run.accounts, 0), events);
	return new Map(
		Object.values(state.accounts).flatMap((account) =>
			account.projectId === undefined ? [] : [[account.name, account.projectId] as const],
		),
	);
}

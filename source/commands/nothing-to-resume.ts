/**
 * `flowdeck resume` on a run whose every scene is done or skipped: one line saying so, instead of
 * signing in to every account to report "finished in 0s". The exit code is that state's (0).
 */

import {readJournal, replay} from '../core/journal/index.js';
import {plural} from '../core/plural.js';
import type {RunFile} from '../core/run-file.js';
import {initialRunState, totals} from '../core/run-state.js';

export async function nothingToResume(outDir: string, run: RunFile): Promise<string | undefined> {
	const journal = await readJournal(outDir);
	const state = replay(initialRunState(run.scenes, run.accounts, Date.now()), journal.events);
	if (!state.scenes.every((scene) => scene.state === 'done' || scene.state === 'skipped')) return undefined;
	const counts = totals(state);
	const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
	return `nothing to resume: every scene is done (${counts.done} done${skipped}; ${plural(counts.files, 'file')} in ${outDir})`;
}

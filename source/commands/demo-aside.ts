/**
 * Each `flowdeck demo` sets the previous demo's state aside (`.flowdeck-<time>`, its videos stay).
 * Only the newest set-aside demo is kept: one to look back at, not a pile of them. A set-aside run
 * that was not a demo (no demo mark in it) is never removed.
 */

import {access, readdir, rm} from 'node:fs/promises';
import {basename, join} from 'node:path';
import {journalDirName} from '../core/journal/index.js';
import {setAsideEarlierRun} from '../run/session.js';

const isSetAsideDemo = (dir: string): Promise<boolean> =>
	access(join(dir, 'demo.json')).then(
		() => true,
		() => false,
	);

export async function setAsideEarlierDemo(outDir: string): Promise<string> {
	const aside = await setAsideEarlierRun(outDir);
	const entries = await readdir(outDir, {withFileTypes: true});
	for (const entry of entries) {
		if (!entry.isDirectory() || !entry.name.startsWith(`${journalDirName}-`)) continue;
		if (entry.name === basename(aside)) continue;
		const dir = join(outDir, entry.name);
		if (await isSetAsideDemo(dir)) await rm(dir, {recursive: true, force: true});
	}
	return aside;
}

/**
 * The mark a demo leaves in its run folder, so `flowdeck resume` knows to bring a simulator back. A
 * module of its own: `resume` of a real run asks about it without loading the demo or the simulator.
 */
import {access} from 'node:fs/promises';
import {join} from 'node:path';
import {journalDirName} from '../core/journal/index.js';

export const demoMarkerPath = (outDir: string): string => join(outDir, journalDirName, 'demo.json');

export async function isDemoRun(outDir: string): Promise<boolean> {
	return access(demoMarkerPath(outDir)).then(
		() => true,
		() => false,
	);
}

import {readFile} from 'node:fs/promises';
import type {RunEvent} from '../events.js';
import {parseEvent} from './event-validation.js';
import {journalPath} from './paths.js';

/**
 * Reads a journal back. A torn last line (a kill mid-write) or any other unreadable line is skipped
 * and its 1-based line number reported: losing one event beats refusing to resume.
 */
export async function readJournal(outDir: string): Promise<{events: RunEvent[]; skippedLines: number[]}> {
	let text: string;
	try {
		text = await readFile(journalPath(outDir), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {events: [], skippedLines: []};
		throw error;
	}
	const events: RunEvent[] = [];
	const skippedLines: number[] = [];
	const lines = text.split('\n');
	lines.forEach((line, index) => {
		if (line.trim() === '') return;
		const event = parseEvent(line);
		if (event) events.push(event);
		else skippedLines.push(index + 1);
	});
	return {events, skippedLines};
}

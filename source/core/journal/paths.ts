import {join} from 'node:path';

export const journalDirName = '.flowdeck';
const journalFileName = 'journal.jsonl';

export const journalPath = (outDir: string): string => join(outDir, journalDirName, journalFileName);

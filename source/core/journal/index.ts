// The journal's public face (docs/design.md §3): the append-only record a run writes, and what a
// resumed run reads back from it. How lines are written, read and checked is the folder's own business.
export {journalDirName, journalPath} from './paths.js';
export {readJournal} from './reader.js';
export {inDoubtError, replay} from './replay.js';
export {Journal} from './writer.js';

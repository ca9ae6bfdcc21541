// SceneFileError and the one-line escaping of its messages.
import path from 'node:path';

export class SceneFileError extends Error {
	readonly file: string;
	readonly line: number | undefined;

	constructor(file: string, line: number | undefined, problem: string) {
		const name = path.basename(file);
		const said = oneLine(problem);
		super(line === undefined ? `${name}: ${said}` : `${name}:${line}: ${said}`);
		this.name = 'SceneFileError';
		this.file = file;
		this.line = line;
	}
}

/**
 * Problems quote the file (keys, ids), and a file may hold anything: the message stays one short line,
 * control characters escaped, so the CLI's single `flowdeck: <file>:<line>: …` line stays single.
 */
function oneLine(text: string, max = 240): string {
	const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
		if (c === '\n') return '\\n';
		if (c === '\r') return '\\r';
		if (c === '\t') return '\\t';
		return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export type Fail = (line: number | undefined, problem: string) => never;

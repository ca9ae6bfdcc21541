/**
 * Reading a secret (`--cookie -`, `--google-cookies -`) from stdin: hidden from a terminal, as a
 * password prompt is; all of it from a pipe.
 *
 * In a terminal this is Node's own readline over the TTY in raw mode, with its output sent nowhere.
 * No package in package.json reads hidden input, and the small prompt packages (npm's `read`,
 * `password-prompt`) read one line only, which a multi-line Cookie-Editor export is not. readline,
 * which ships with Node, already decodes the keys (UTF-8, escape sequences, Backspace, Ctrl-U/Ctrl-W)
 * and switches raw mode on and back off; with its output muted nothing typed is echoed. (Raw mode also
 * lifts the terminal's 4 kB limit on one line, which a long Cookie header pasted in cooked mode hits.)
 *
 * Where a terminal read ends:
 * - `line` (the labs.google session cookie): at the first Enter.
 * - `cookies` (the Google cookies): a Cookie header at the first Enter; a Cookie-Editor JSON export
 *   (its first character is `[` or `{`) may span many lines, and ends at the first Enter after its
 *   brackets balance (brackets inside JSON strings do not count). Pasting a whole export thus ends the
 *   read at once when the paste ends with a newline, else at the Enter pressed after it.
 * - Either: Ctrl-D on an empty line ends it with what was given so far (a truncated export, say, whose
 *   brackets never balance); Ctrl-C cancels ({@link SecretCancelled}).
 */
import {createInterface} from 'node:readline';
import {Writable} from 'node:stream';
import {exitCodes} from '../run/exit-codes.js';

export type SecretInput = NodeJS.ReadableStream & {isTTY?: boolean};

export type SecretOptions = {
	/** Where the prompt goes (stderr): shown only when the input is a terminal. */
	stderr: NodeJS.WritableStream;
	/** Says what to paste, that nothing will show, and how to end; no newline (the reader ends the line). */
	prompt: string;
	/** See the module comment. From a pipe, `line` is the first non-blank line and `cookies` all of it. */
	until: 'line' | 'cookies';
	/** Past this many characters it is not the secret asked for: reading stops (the caller refuses it). */
	maxChars: number;
};

/** Ctrl-C at a hidden prompt. */
export class SecretCancelled extends Error {
	constructor() {
		super('cancelled at the prompt');
		this.name = 'SecretCancelled';
	}
}

/** For a command's promise: a {@link SecretCancelled} becomes one line on stderr and exit 130. */
export const exitOnCancel =
	(stderr: NodeJS.WritableStream) =>
	(error: unknown): number => {
		if (!(error instanceof SecretCancelled)) throw error;
		stderr.write('flowdeck: cancelled; nothing was saved\n');
		return exitCodes.interrupted;
	};

export function readSecret(input: SecretInput, options: SecretOptions): Promise<string> {
	return input.isTTY ? readHidden(input, options) : readPiped(input, options);
}

async function readPiped(input: SecretInput, {until, maxChars}: SecretOptions): Promise<string> {
	let text = '';
	for await (const chunk of input) {
		text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		if (text.length > maxChars) break;
	}
	if (until === 'cookies') return text;
	return (
		text
			.split(/\r?\n/)
			.map((line) => line.trim())
			.find((line) => line !== '') ?? ''
	);
}

function readHidden(input: SecretInput, {stderr, prompt, until, maxChars}: SecretOptions): Promise<string> {
	return new Promise((resolve, reject) => {
		const muted = new Writable({write: (_chunk, _encoding, done) => done()});
		// Raw mode is on once this returns: only then the prompt, so nothing typed after it is echoed.
		const rl = createInterface({input, output: muted, terminal: true, historySize: 0});
		stderr.write(`${prompt} `);
		const lines: string[] = [];
		let settled = false;
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			rl.close();
			// Enter was not echoed either: end the prompt's line.
			stderr.write('\n');
			outcome();
		};
		rl.on('line', (line) => {
			lines.push(line);
			const text = lines.join('\n');
			if (until === 'line' || !openJson(text) || text.length > maxChars) finish(() => resolve(text));
		});
		rl.on('SIGINT', () => finish(() => reject(new SecretCancelled())));
		// Ctrl-D on an empty line, or the end of the input.
		rl.on('close', () => finish(() => resolve([...lines, rl.line].join('\n'))));
	});
}

/** A JSON text begun but whose brackets do not balance yet (so more lines are to come). */
function openJson(text: string): boolean {
	const start = text.trimStart();
	if (!/^[[{]/.test(start)) return false;
	let depth = 0;
	let inString = false;
	let escaped = false;
	for (const char of start) {
		if (inString) {
			if (escaped) escaped = false;
			else if (char === '\\') escaped = true;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '[' || char === '{') depth++;
		else if (char === ']' || char === '}') {
			depth--;
			// Balanced (or more closed than opened, which the parser will refuse): the export is whole.
			if (depth <= 0) return false;
		}
	}
	return true;
}

/**
 * The hidden read of `--cookie -` and `--google-cookies -` from a terminal, with a fake TTY: raw mode
 * on while reading and off after, nothing echoed, where Enter ends it, Backspace, Ctrl-C, Ctrl-D and a
 * multi-line Cookie-Editor export; from a pipe, stdin as before.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {readSecret, SecretCancelled, type SecretOptions} from '../../source/commands/read-secret.js';
import {memoryIo} from './helpers.js';

/** A stand-in for a terminal's stdin: keys are written to it; it records each raw-mode switch. */
class FakeTty extends PassThrough {
	readonly isTTY = true;
	isRaw = false;
	readonly rawModes: boolean[] = [];
	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		this.rawModes.push(mode);
		return this;
	}
}

/** stderr as text, with whether the terminal was raw when the prompt was written. */
function fakeStderr(tty: FakeTty) {
	const stderr = memoryIo({}).stderr as NodeJS.WritableStream & {rawAtPrompt?: boolean};
	const write = stderr.write.bind(stderr);
	let text = '';
	stderr.write = ((chunk: string) => {
		if (text === '') stderr.rawAtPrompt = tty.isRaw;
		text += chunk;
		return write(chunk);
	}) as typeof stderr.write;
	return {stderr, text: () => text};
}

const prompt = 'Paste it (input hidden), then press Enter:';

function read(keys: string[], until: SecretOptions['until'] = 'line') {
	const tty = new FakeTty();
	const err = fakeStderr(tty);
	const secret = readSecret(tty, {stderr: err.stderr, prompt, until, maxChars: 1_000_000});
	for (const key of keys) tty.write(key);
	return {tty, err, secret};
}

const exportLines = [
	'[',
	'  {',
	'    "domain": ".google.com",',
	'    "name": "SAPISID",',
	'    "value": "sapisid-tty-5d1e",',
	'    "note": "a ] and a } in a string, and an \\" escaped quote"',
	'  },',
	'  {"domain": "flow.google.com", "hostOnly": true, "name": "OSID", "value": "osid-tty-90ab", "path": "/"}',
	']',
];

describe('readSecret from a terminal', () => {
	it('raw mode before the prompt, off after; Enter ends it; nothing typed reaches stderr', async () => {
		const {tty, err, secret} = read(['cookie-tty-', '3f9a7c\r', 'after-enter\r']);
		expect(await secret).toBe('cookie-tty-3f9a7c');
		expect(err.stderr.rawAtPrompt).toBe(true);
		expect(tty.rawModes).toEqual([true, false]);
		expect(tty.isRaw).toBe(false);
		// The prompt, then the newline Enter would have made: no key, no mask character.
		expect(err.text()).toBe(`${prompt} \n`);
	});

	it('Backspace (DEL and Ctrl-H) takes back the last character', async () => {
		const {secret} = read(['abX', '\x7f', 'cY\b', 'd\r']);
		expect(await secret).toBe('abcd');
	});

	it('Ctrl-C cancels: SecretCancelled, raw mode off, the prompt line ended', async () => {
		const {tty, err, secret} = read(['half-a-cookie', '\x03']);
		await expect(secret).rejects.toBeInstanceOf(SecretCancelled);
		expect(tty.rawModes).toEqual([true, false]);
		expect(err.text()).toBe(`${prompt} \n`);
	});

	it('cookies: a Cookie header ends at the first Enter', async () => {
		const {secret} = read(['SAPISID=a1; OSID=b2\r', 'junk\r'], 'cookies');
		expect(await secret).toBe('SAPISID=a1; OSID=b2');
	});

	it('cookies: a multi-line JSON export ends at the Enter after its brackets balance', async () => {
		// As a terminal sends a paste: CR for each newline, in chunks that split lines.
		const pasted = `${exportLines.join('\r')}\r`;
		const {tty, err, secret} = read([pasted.slice(0, 50), pasted.slice(50), 'junk\r'], 'cookies');
		const text = await secret;
		expect(text).toBe(exportLines.join('\n'));
		expect(JSON.parse(text)).toHaveLength(2);
		expect(tty.isRaw).toBe(false);
		expect(err.text()).toBe(`${prompt} \n`);
	});

	it('Ctrl-D on an empty line ends it with what was given (a truncated export)', async () => {
		const {secret} = read(['[\r', '  {"name": "OSID"\r', '\x04'], 'cookies');
		expect(await secret).toBe('[\n  {"name": "OSID"\n');
	});
});

describe('readSecret from a pipe', () => {
	it('line: the first non-blank line; cookies: all of it; no prompt', async () => {
		const err = memoryIo({});
		const options = {stderr: err.stderr, prompt, maxChars: 1000};
		expect(await readSecret(Readable.from(['\n  tok-1  \nnext\n']), {...options, until: 'line'})).toBe(
			'tok-1',
		);
		expect(await readSecret(Readable.from(['[\n1\n]\n']), {...options, until: 'cookies'})).toBe('[\n1\n]\n');
		expect(err.err()).toBe('');
	});
});

describe('accounts add from a terminal', () => {
	let dir = '';
	afterEach(async () => {
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	async function add(flags: Record<string, unknown>, keys: string[]) {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-secret-'));
		const env = {FLOWDECK_CONFIG_DIR: join(dir, 'config')};
		const io = memoryIo(env);
		const tty = new FakeTty();
		const done = accountsCommand('add', ['accT'], flags, {...io, stdin: tty});
		for (const key of keys) tty.write(key);
		const code = await done;
		const settings = await readFile(join(dir, 'config', 'config.json'), 'utf8').catch(() => '');
		return {code, stdout: io.out(), stderr: io.err(), settings};
	}

	it('--cookie -: the prompt names the account; the cookie is saved and never printed', async () => {
		const result = await add({cookie: '-'}, ['cookie-accT-61d0e2\r']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(
			'Paste the labs.google session cookie for accT (input hidden), then press Enter: \n',
		);
		expect(result.stdout).toContain('added accT');
		expect(JSON.parse(result.settings).accounts).toEqual([{name: 'accT', cookie: 'cookie-accT-61d0e2'}]);
	});

	it('--google-cookies -: a pasted multi-line export is saved', async () => {
		const result = await add({googleCookies: '-'}, [`${exportLines.join('\r')}\r`]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(
			/^Paste the Google cookies for accT \(a Cookie header or a Cookie-Editor JSON export; input hidden\), then press Enter: \n$/,
		);
		expect(result.stderr + result.stdout).not.toContain('sapisid-tty-5d1e');
		expect(JSON.parse(JSON.parse(result.settings).accounts[0].googleCookies)).toHaveLength(2);
	});

	it('Ctrl-C: one line, exit 130, nothing saved', async () => {
		const result = await add({cookie: '-'}, ['cookie-acc', '\x03']);
		expect(result.code).toBe(130);
		expect(result.stderr).toBe(
			'Paste the labs.google session cookie for accT (input hidden), then press Enter: \nflowdeck: cancelled; nothing was saved\n',
		);
		expect(result.settings).not.toContain('accT');
	});
});

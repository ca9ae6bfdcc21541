/**
 * `flowdeck accounts add … -` in a real terminal (the built CLI in a private tmux server): the secret
 * pasted at the prompt never shows, Enter ends it, Ctrl-C cancels with 130. Each command writes its
 * own exit status to a file (tmux does not always record a dead pane's status).
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, tmuxOn} from '../helpers/tmux.js';

const cli = resolve('dist/cli.js');
const socket = `flowdeck-secret-${process.pid}`;
const env = {...process.env, LANG: 'C.UTF-8', LC_ALL: '', CI: '0'};
const tmux = tmuxOn(socket, env);

let dir = '';
const configDir = () => join(dir, 'config');

/** Runs `flowdeck accounts add <args>` in its own pane; its exit status goes to <name>.status. */
function start(name: string, args: string): void {
	const script = `"$0" "$1" accounts add ${args}; echo $? > ${name}.status; exec sleep 600`;
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		'100',
		'-y',
		'20',
		'-c',
		dir,
		'-e',
		`FLOWDECK_CONFIG_DIR=${configDir()}`,
		// Several arguments: tmux runs them as they are, without a shell of its own.
		'sh',
		'-c',
		script,
		process.execPath,
		cli,
	);
}

/** The whole pane, scrollback too. */
const capture = (name: string): string => tmux('capture-pane', '-p', '-S', '-', '-t', name);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, name: string): Promise<T> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for ${what}; the screen:\n${capture(name)}`);
		await new Promise((done) => setTimeout(done, 100));
	}
}

const waitForScreen = (name: string, text: string) =>
	waitFor(`"${text}"`, async () => (capture(name).includes(text) ? capture(name) : undefined), name);

/** The status the command wrote once it ended. */
const waitForStatus = (name: string) =>
	waitFor(
		`${name} to exit`,
		async () => {
			const text = await readFile(join(dir, `${name}.status`), 'utf8').catch(() => '');
			return /^\d+\n$/.test(text) ? Number(text) : undefined;
		},
		name,
	);

const savedAccounts = async (): Promise<Array<Record<string, string>>> =>
	JSON.parse(await readFile(join(configDir(), 'config.json'), 'utf8').catch(() => '{"accounts": []}'))
		.accounts;

const hint = (name: string) =>
	`Paste the labs.google session cookie for ${name} (input hidden), then press Enter:`;

describe.skipIf(!hasTmux)('accounts add in a terminal', () => {
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-secret-'));
	});

	afterAll(async () => {
		try {
			tmux('kill-server');
		} catch {}
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	it('--cookie -: the hint shows, the pasted cookie never does, Enter saves it (exit 0)', async () => {
		const cookie = 'fake-session-cookie-e2e-4b7d19c3';
		start('add', 'accX --cookie -');
		// The hint is written once the terminal is raw: from here nothing typed is echoed.
		await waitForScreen('add', hint('accX'));
		tmux('send-keys', '-t', 'add', '-l', cookie);
		tmux('send-keys', '-t', 'add', 'Enter');
		expect(await waitForStatus('add')).toBe(0);
		const screen = capture('add');
		expect(screen).toContain(hint('accX'));
		expect(screen).toContain('added accX');
		expect(screen).not.toContain(cookie);
		expect(screen).not.toContain(cookie.slice(0, 12));
		expect(await savedAccounts()).toContainEqual({name: 'accX', cookie});
	});

	it('--google-cookies -: a multi-line Cookie-Editor export pasted ends where its brackets balance', async () => {
		const value = 'osid-e2e-pasted-8c2f61';
		const exported = JSON.stringify(
			[
				{domain: '.google.com', name: 'SAPISID', value: 'sapisid-e2e-pasted-1d9e', path: '/'},
				{domain: 'flow.google.com', hostOnly: true, name: 'OSID', value, path: '/'},
			],
			undefined,
			2,
		);
		start('paste', 'accJ --google-cookies -');
		await waitForScreen('paste', 'Paste the Google cookies for accJ (a Cookie header');
		// A paste as the terminal makes it (every newline sent as Enter), then Enter after the last ].
		tmux('set-buffer', '-b', 'export', exported);
		tmux('paste-buffer', '-d', '-b', 'export', '-t', 'paste');
		tmux('send-keys', '-t', 'paste', 'Enter');
		expect(await waitForStatus('paste')).toBe(0);
		const screen = capture('paste');
		expect(screen).toContain('added accJ');
		expect(screen).not.toContain(value);
		expect(screen).not.toContain('SAPISID');
		const saved = (await savedAccounts()).find((account) => account.name === 'accJ');
		expect(JSON.parse(saved?.googleCookies ?? '[]')).toHaveLength(2);
	});

	it('Ctrl-C at the prompt: one line, exit 130, nothing saved', async () => {
		const partial = 'half-pasted-cookie-7e';
		start('cancel', 'accY --cookie -');
		await waitForScreen('cancel', hint('accY'));
		tmux('send-keys', '-t', 'cancel', '-l', partial);
		tmux('send-keys', '-t', 'cancel', 'C-c');
		expect(await waitForStatus('cancel')).toBe(130);
		const screen = capture('cancel');
		// The hint's line ended, then one line (capture-pane drops the hint's trailing space).
		expect(screen).toContain(`${hint('accY')}\nflowdeck: cancelled; nothing was saved\n`);
		expect(screen).not.toContain(partial);
		expect((await savedAccounts()).map((account) => account.name)).not.toContain('accY');
	});
});

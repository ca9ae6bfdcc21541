import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {afterEach, expect, it} from 'vitest';

// conf loads atomically, which loads when-exit, which listens to SIGINT, SIGTERM and more as soon as
// it is imported and sends each such signal to the process again: Ctrl-C would count twice in any
// run that reads a settings file (source/config/conf.ts). In a fresh process (this one may have
// loaded conf already): the built settings module, used to write a file, leaves no signal listener.

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

const settingsModule = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'config', 'settings.js'));

it('loading conf and writing the settings leave every signal to flowdeck', async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-conf-signals-'));
	const script = `
		const {openSettings} = await import(${JSON.stringify(settingsModule.href)});
		const store = openSettings({FLOWDECK_CONFIG_DIR: ${JSON.stringify(dir)}});
		store.update((s) => ({...s, accounts: [{name: 'acc1', cookie: 'c1'}]}));
		const {constants} = await import('node:os');
		const taken = Object.keys(constants.signals).filter((signal) => process.listenerCount(signal) > 0);
		console.log(JSON.stringify({taken, accounts: store.read().accounts.length}));
	`;
	const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
	expect(JSON.parse(stdout)).toEqual({taken: [], accounts: 1});
});

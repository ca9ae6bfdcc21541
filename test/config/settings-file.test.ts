import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Conf from 'conf';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/accounts-file.js';
import {openSettings} from '../../source/config/settings.js';
import {platformConfigDir, readSettings, settingsFilePath} from '../../source/config/settings-file.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let file: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-settings-file-'));
	env = {FLOWDECK_CONFIG_DIR: join(dir, 'cfg')};
	file = join(dir, 'cfg', 'config.json');
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('the settings file found without conf', () => {
	it('is where conf keeps it, with FLOWDECK_CONFIG_DIR and without', () => {
		expect(settingsFilePath(env)).toBe(file);
		expect(settingsFilePath(env)).toBe(openSettings(env).path);
		// Without FLOWDECK_CONFIG_DIR: the platform's folder, as conf (env-paths) finds it. conf makes
		// that folder when it reads: on Linux it is under XDG_CONFIG_HOME, a temporary one here.
		const saved = process.env.XDG_CONFIG_HOME;
		process.env.XDG_CONFIG_HOME = join(dir, 'xdg');
		try {
			const location = {projectName: 'flowdeck', projectSuffix: '', configName: 'config'};
			expect(settingsFilePath({})).toBe(new Conf(location).path);
			expect(settingsFilePath({FLOWDECK_CONFIG_DIR: '  '})).toBe(new Conf(location).path);
		} finally {
			if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
			else process.env.XDG_CONFIG_HOME = saved;
		}
	});

	it('follows env-paths on every platform', () => {
		const home = '/home/u';
		expect(platformConfigDir({}, 'linux', home)).toBe('/home/u/.config/flowdeck');
		expect(platformConfigDir({XDG_CONFIG_HOME: '/x'}, 'linux', home)).toBe('/x/flowdeck');
		expect(platformConfigDir({}, 'darwin', home)).toBe('/home/u/Library/Preferences/flowdeck');
		expect(platformConfigDir({APPDATA: '/appdata'}, 'win32', home)).toMatch(/appdata.flowdeck.Config$/);
		expect(platformConfigDir({}, 'win32', home)).toMatch(/AppData.Roaming.flowdeck.Config$/);
	});

	it('no file: empty settings, and nothing is created', async () => {
		expect(await readSettings(env)).toEqual({defaults: {}, accounts: []});
		expect(existsSync(join(dir, 'cfg'))).toBe(false);
	});

	it('a file is read by conf: the same settings, the same one-line errors', async () => {
		openSettings(env).update(() => ({defaults: {copies: 2}, accounts: [{name: 'acc1', cookie: 'c'}]}));
		expect(await readSettings(env)).toEqual(openSettings(env).read());
		expect(await readSettings(env)).toEqual({defaults: {copies: 2}, accounts: [{name: 'acc1', cookie: 'c'}]});
		await writeFile(file, '{"defaults":{"copies":9}}');
		await expect(readSettings(env)).rejects.toThrow(ConfigError);
		await expect(readSettings(env)).rejects.toThrow(
			`${file}: defaults.copies must be a whole number from 1 to 4`,
		);
	});

	it('a settings path that cannot be looked at is conf’s to report, not taken for no settings', async () => {
		await mkdir(file, {recursive: true});
		await expect(readSettings(env)).rejects.toThrow(ConfigError);
	});
});

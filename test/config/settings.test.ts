import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/accounts-file.js';
import {openSettings} from '../../source/config/settings.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let file: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-settings-'));
	env = {FLOWDECK_CONFIG_DIR: join(dir, 'cfg')};
	file = join(dir, 'cfg', 'config.json');
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

function problem(action: () => unknown): string {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error('expected a ConfigError');
}

async function brokenWith(text: string): Promise<string> {
	await mkdir(join(dir, 'cfg'), {recursive: true});
	await writeFile(file, text);
	return problem(() => openSettings(env).read());
}

describe('settings file', () => {
	it('lives in FLOWDECK_CONFIG_DIR, starts empty, and is written only when something changes', async () => {
		const store = openSettings(env);
		expect(store.path).toBe(file);
		expect(store.read()).toEqual({defaults: {}, accounts: []});
		await expect(stat(file)).rejects.toMatchObject({code: 'ENOENT'});
		expect((await stat(join(dir, 'cfg'))).mode & 0o777).toBe(0o700);
	});

	it('is written with mode 0600, also over a file the user made readable to others', async () => {
		openSettings(env);
		await writeFile(file, '{}', {mode: 0o644});
		const store = openSettings(env);
		store.update((s) => ({...s, accounts: [{name: 'acc1', cookie: 'secret'}]}));
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect(openSettings(env).read().accounts).toEqual([{name: 'acc1', cookie: 'secret'}]);
	});

	it('round-trips defaults and accounts with their last check', () => {
		const store = openSettings(env);
		store.update(() => ({
			defaults: {copies: 2, aspect: '9:16', pollInterval: 2.5, out: 'videos', model: 'veo_3_1_t2v_lite'},
			accounts: [
				{
					name: 'acc.one',
					cookie: 'c1',
					projectId: '3afb1f80-ca7d-4b33-8318-35dd3cf0d714',
					maxInFlight: 2,
					lastCheck: {at: '2026-05-08T10:00:00.000Z', result: 'ok', tier: 'PAYGATE_TIER_ONE', credits: 980},
				},
				{
					name: 'acc2',
					googleCookies: 'SAPISID=s; OSID=o',
					transport: 'flow',
					lastCheck: {at: '2026-05-08T10:00:00.000Z', result: 'ok', transport: 'flow'},
				},
			],
		}));
		expect(openSettings(env).read()).toMatchObject({
			defaults: {copies: 2, aspect: '9:16', pollInterval: 2.5},
			accounts: [
				{name: 'acc.one', maxInFlight: 2, lastCheck: {credits: 980}},
				{name: 'acc2', googleCookies: 'SAPISID=s; OSID=o', transport: 'flow', lastCheck: {transport: 'flow'}},
			],
		});
	});

	it('bad JSON: one line naming the file and where, and the file is left as it was', async () => {
		const text = '{\n\t"defaults": {"copies": 2,}\n}\n';
		const message = await brokenWith(text);
		expect(message).toBe(`${file}:2:27: not valid JSON: Expected double-quoted property name`);
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('bad JSON never quotes the text around the mistake: a cookie stays off the screen', async () => {
		// V8 quotes the text around an unexpected token ("…" is not valid JSON): here, a cookie.
		const text = '{"accounts": [{"name": "acc1", "cookie": eyJsecret-cookie-value}]}\n';
		const message = await brokenWith(text);
		expect(message).toMatch(/:1:\d+: not valid JSON: /);
		expect(message).not.toContain('eyJsecret');
	});

	it('wrong types and ranges name the key and the rule', async () => {
		expect(await brokenWith('{"defaults":{"copies":7}}')).toBe(
			`${file}: defaults.copies must be a whole number from 1 to 4`,
		);
		expect(await brokenWith('{"defaults":{"copies":"2"}}')).toBe(
			`${file}: defaults.copies must be a whole number from 1 to 4`,
		);
		expect(await brokenWith('{"defaults":{"aspect":"1:1"}}')).toBe(
			`${file}: defaults.aspect must be "16:9" or "9:16"`,
		);
		expect(await brokenWith('{"accounts":[{"name":"a","cookie":"c","maxInFlight":0}]}')).toBe(
			`${file}: accounts[0].maxInFlight must be a whole number from 1 to 16`,
		);
		expect(await brokenWith('{"accounts":{"name":"a"}}')).toBe(
			`${file}: accounts must be a list of accounts`,
		);
	});

	it('missing and unknown keys are named', async () => {
		// Neither kind of cookie: the rule in one line, not ajv's three (each anyOf branch and the anyOf).
		expect(await brokenWith('{"accounts":[{"name":"a"}]}')).toBe(
			`${file}: accounts[0] needs "cookie" (labs.google) or "googleCookies" (flow.google.com), or both`,
		);
		// A real missing key beside the failed anyOf is still named.
		expect(await brokenWith('{"accounts":[{}]}')).toBe(`${file}: accounts[0] is missing "name"`);
		expect(await brokenWith('{"accounts":[{"name":"a","cookie":"c","transport":"web"}]}')).toBe(
			`${file}: accounts[0].transport must be "auto", "labs" or "flow"`,
		);
		expect(await brokenWith('{"defaults":{"colour":"red"}}')).toBe(`${file}: defaults: unknown key "colour"`);
		expect(await brokenWith('{"acounts":[]}')).toBe(`${file}: unknown key "acounts"`);
	});

	it('the same account name twice is an error, not a silent pick', async () => {
		expect(await brokenWith('{"accounts":[{"name":"a","cookie":"1"},{"name":"a","cookie":"2"}]}')).toBe(
			`${file}: accounts[1].name "a" is used twice`,
		);
	});

	it('a broken file is never wiped: update refuses too', async () => {
		openSettings(env);
		await writeFile(file, '{"defaults":{"copies":9}}');
		expect(problem(() => openSettings(env))).toMatch(/defaults\.copies/);
		expect(await readFile(file, 'utf8')).toBe('{"defaults":{"copies":9}}');
	});

	it('a file broken after opening is reported on the next read', async () => {
		const store = openSettings(env);
		await writeFile(file, 'nonsense');
		expect(problem(() => store.read())).toBe(`${file}:1:2: not valid JSON: Unexpected token 'o'`);
	});
});

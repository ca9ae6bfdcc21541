import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {demoOptions} from '../../source/commands/demo.js';
import {resolveRunOptions, runDefaults, runOptionsFor} from '../../source/run/options.js';

describe('resolveRunOptions: built-in < settings < flags', () => {
	const defaults = {
		model: 'veo_3_1_t2v_lite',
		aspect: '9:16' as const,
		copies: 3,
		maxInFlight: 2,
		pollInterval: 2.5,
		out: 'videos',
		captchaCommand: 'my-solver',
	};

	it('built-in defaults without settings or flags', () => {
		const options = resolveRunOptions({}, {interactive: false});
		expect(options).toMatchObject({
			model: runDefaults.model,
			aspect: '16:9',
			copies: 1,
			maxInFlight: 4,
			pollIntervalMs: 5000,
			outDir: './flowdeck-out',
		});
		expect(options.captchaCommand).toBeUndefined();
		expect(options.explicitModel).toBeUndefined();
	});

	it('settings override the built-in defaults', () => {
		expect(resolveRunOptions({}, {interactive: false, defaults})).toMatchObject({
			model: 'veo_3_1_t2v_lite',
			aspect: '9:16',
			copies: 3,
			maxInFlight: 2,
			pollIntervalMs: 2500,
			outDir: 'videos',
			captchaCommand: 'my-solver',
			explicitModel: undefined,
		});
	});

	it('flags override the settings', () => {
		const options = resolveRunOptions(
			{
				model: 'veo_3_1_t2v_fast',
				aspect: '16:9',
				copies: '1',
				maxInFlight: '8',
				pollInterval: '1',
				out: 'elsewhere',
				captchaCommand: 'other',
			},
			{interactive: false, defaults},
		);
		expect(options).toMatchObject({
			model: 'veo_3_1_t2v_fast',
			aspect: '16:9',
			copies: 1,
			maxInFlight: 8,
			pollIntervalMs: 1000,
			outDir: 'elsewhere',
			captchaCommand: 'other',
			explicitModel: 'veo_3_1_t2v_fast',
		});
	});
});

describe('resolveRunOptions: --captcha browser|cdp=…', () => {
	const resolve = (flags: Parameters<typeof resolveRunOptions>[0]) =>
		resolveRunOptions(flags, {interactive: false});

	it('browser: headless unless --captcha-headed, with the path given', () => {
		expect(resolve({captcha: 'browser'}).captchaBrowser).toEqual({kind: 'launch', headed: false});
		expect(
			resolve({captcha: 'browser', captchaHeaded: true, browserPath: '/opt/chrome/chrome'}).captchaBrowser,
		).toEqual({kind: 'launch', headed: true, executablePath: '/opt/chrome/chrome'});
	});

	it('cdp=: host:port, [v6]:port or a ws:// address', () => {
		for (const endpoint of [
			'127.0.0.1:9222',
			'localhost:9222',
			'[::1]:9222',
			'ws://127.0.0.1:9222/devtools/browser/ab12',
		])
			expect(resolve({captcha: `cdp=${endpoint}`}).captchaBrowser).toEqual({kind: 'cdp', endpoint});
	});

	it('no --captcha: no browser', () => {
		expect(resolve({}).captchaBrowser).toBeUndefined();
	});

	it.each([
		[{captcha: 'chrome'}, '--captcha must be browser or cdp=<host:port|ws-url> (got "chrome")'],
		[{captcha: 'cdp='}, '--captcha cdp= needs host:port or a ws:// address'],
		[{captcha: 'cdp=9222'}, '--captcha cdp= needs host:port'],
		[{captcha: 'browser', captchaCommand: 'x'}, '--captcha and --captcha-command both say'],
		[{captchaHeaded: true}, '--captcha-headed goes with --captcha browser'],
		[{browserPath: '/usr/bin/chromium'}, '--browser-path goes with --captcha browser'],
		[{captcha: 'cdp=127.0.0.1:9222', captchaHeaded: true}, 'go with --captcha browser, not cdp='],
	])('%j is refused: %s', (flags, message) => {
		expect(() => resolve(flags)).toThrow(message);
	});
});

describe('dashboard or lines', () => {
	it('a terminal gets the dashboard, but TERM=dumb gets lines as a pipe does', async () => {
		expect(resolveRunOptions({}, {interactive: true, term: 'xterm-256color'}).output).toBe('tui');
		expect(resolveRunOptions({}, {interactive: true, term: 'dumb'}).output).toBe('lines');
		expect(resolveRunOptions({}, {interactive: false}).output).toBe('lines');
		expect(demoOptions({}, true, 'dumb').output).toBe('lines');
		const dir = await mkdtemp(join(tmpdir(), 'flowdeck-term-'));
		const env = {FLOWDECK_CONFIG_DIR: dir, TERM: 'dumb'};
		expect((await runOptionsFor({}, {interactive: true, env})).output).toBe('lines');
		expect((await runOptionsFor({}, {interactive: true, env: {...env, TERM: 'xterm'}})).output).toBe('tui');
	});
});

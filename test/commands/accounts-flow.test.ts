/**
 * `flowdeck accounts` with flow.google.com accounts: `--google-cookies <file>|-`, `--transport`, the
 * TRANSPORT column, and `check` against the simulator's flow.google.com stand-in.
 */
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {openSettings} from '../../source/config/settings.js';
import {type SimEnv, startSimEnv} from './helpers.js';

let world: SimEnv | undefined;
afterEach(async () => {
	await world?.close();
	world = undefined;
});

const google = (tag: string) => ({
	SAPISID: `sapisid-${tag}-4f1a`,
	'__Secure-1PSID': `g.a000psid-${tag}-77c2`,
	OSID: `osid-${tag}-a51d`,
});
const header = (cookies: Record<string, string>) =>
	Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');

/** Cookie-Editor's "Export → JSON" made on flow.google.com, with a cookie for another host. */
const editorExport = (cookies: Record<string, string>) =>
	JSON.stringify(
		[
			...Object.entries(cookies).map(([name, value]) => ({
				domain: name === 'OSID' ? 'flow.google.com' : '.google.com',
				hostOnly: name === 'OSID',
				name,
				value,
				path: '/',
				secure: true,
				httpOnly: true,
				session: false,
				expirationDate: 4_000_000_000,
			})),
			{
				domain: 'accounts.google.com',
				hostOnly: true,
				name: 'LSID',
				value: 'lsid-other-host-secret',
				path: '/',
			},
		],
		undefined,
		2,
	);

const cohort = {
	/** Moved to flow.google.com; saved with both kinds of cookie (auto must pick flow). */
	moved: {cookie: 'labs-cookie-moved-51aa', google: google('moved')},
	/** Only ever on flow.google.com: Google cookies only. */
	flowonly: {cookie: 'labs-cookie-flowonly-0d4e', google: google('flowonly')},
	/** Still on labs.google, but saved with both: auto stays on labs. */
	both: {cookie: 'labs-cookie-both-2b6d', google: google('both')},
};

const secrets = [
	...Object.values(cohort).flatMap((a) => [a.cookie, ...Object.values(a.google)]),
	'lsid-other-host-secret',
];

async function start() {
	world = await startSimEnv({
		accounts: [
			{
				name: 'moved',
				cookie: cohort.moved.cookie,
				googleCookies: header(cohort.moved.google),
				migrated: true,
			},
			{
				name: 'flowonly',
				cookie: cohort.flowonly.cookie,
				googleCookies: header(cohort.flowonly.google),
				migrated: true,
			},
			{name: 'both', cookie: cohort.both.cookie, googleCookies: header(cohort.both.google)},
		],
	});
	await mkdir(world.dir, {recursive: true});
	return world;
}

type Result = {code: number; stdout: string; stderr: string};
const outputs: string[] = [];

/** Runs `flowdeck accounts <sub> …` in-process, keeping what it printed for the secrets check. */
async function accounts(
	sub: string,
	args: string[],
	flags: Record<string, unknown> = {},
	stdin?: string,
): Promise<Result> {
	const io = world!.io(stdin);
	const code = await accountsCommand(sub, args, flags, io, {timeoutMs: 5000});
	const result = {code, stdout: io.out(), stderr: io.err()};
	outputs.push(result.stdout, result.stderr);
	return result;
}

function expectNoSecretPrinted() {
	for (const text of outputs) {
		for (const secret of secrets) expect(text).not.toContain(secret);
	}
	outputs.length = 0;
}

const settingsFile = () => join(world!.configDir, 'config.json');
const saved = () => openSettings(world!.env).read().accounts;

describe('flowdeck accounts with flow.google.com accounts (against the simulator)', () => {
	it('add from a file (stored by content) and from stdin; list and check show the transport; no cookie printed', async () => {
		const {dir, sim} = await start();
		const exportFile = join(dir, 'moved-cookies.json');
		await writeFile(exportFile, editorExport(cohort.moved.google));
		const headerFile = join(dir, 'both-cookies.txt');
		await writeFile(headerFile, `Cookie: ${header(cohort.both.google)}\n`);

		// Both kinds: the labs cookie from stdin, the Google cookies from a Cookie-Editor export.
		const movedAdd = await accounts(
			'add',
			['moved'],
			{cookie: '-', googleCookies: exportFile},
			`${cohort.moved.cookie}\n`,
		);
		expect(movedAdd).toMatchObject({code: 0, stderr: ''});
		// Google cookies only, a Cookie header on stdin (as meow hands `--google-cookies -` over).
		const flowAdd = await accounts(
			'add',
			['flowonly', '-'],
			{googleCookies: '', transport: 'flow'},
			`${header(cohort.flowonly.google)}\n`,
		);
		expect(flowAdd).toMatchObject({code: 0, stderr: ''});
		const bothAdd = await accounts(
			'add',
			['both'],
			{cookie: '-', googleCookies: headerFile},
			`${cohort.both.cookie}\n`,
		);
		expect(bothAdd).toMatchObject({code: 0, stderr: ''});

		// The settings hold the cookies themselves, not the files' paths.
		expect(saved()).toEqual([
			{
				name: 'moved',
				cookie: cohort.moved.cookie,
				googleCookies: JSON.stringify(JSON.parse(editorExport(cohort.moved.google))),
			},
			{name: 'flowonly', googleCookies: header(cohort.flowonly.google), transport: 'flow'},
			{name: 'both', cookie: cohort.both.cookie, googleCookies: `Cookie: ${header(cohort.both.google)}`},
		]);
		const file = await readFile(settingsFile(), 'utf8');
		expect(file).not.toContain(exportFile);
		expect(file).not.toContain(headerFile);
		await rm(exportFile);
		await rm(headerFile);

		// Before any check: what the settings call for.
		const before = await accounts('list', []);
		expect(before.code).toBe(0);
		expect(before.stdout).toMatch(/^NAME +TRANSPORT +PROJECT /m);
		expect(before.stdout).toMatch(/^moved +auto +- +- +- +not checked +-$/m);
		expect(before.stdout).toMatch(/^flowonly +flow +- +- +- +not checked +-$/m);
		expect(before.stdout).toMatch(/^both +auto +- +- +- +not checked +-$/m);

		// The files are gone: check works from the settings alone.
		const check = await accounts('check', []);
		expect(check.stderr).toBe('');
		expect(check.code).toBe(0);
		expect(check.stdout).toMatch(/^moved +flow +ok +Pro +10000 credits +project [0-9a-f-]{36} \(created\)$/m);
		expect(check.stdout).toMatch(
			/^flowonly +flow +ok +Pro +10000 credits +project [0-9a-f-]{36} \(created\)$/m,
		);
		expect(check.stdout).toMatch(/^both +labs +ok +Pro +10000 credits +project [0-9a-f-]{36} \(created\)$/m);
		expect(sim.account('moved').projects).toHaveLength(1);
		expect(sim.account('flowonly').projects).toHaveLength(1);
		expect(saved().map((a) => [a.name, a.lastCheck?.result, a.lastCheck?.transport])).toEqual([
			['moved', 'ok', 'flow'],
			['flowonly', 'ok', 'flow'],
			['both', 'ok', 'labs'],
		]);

		// After the check: the transport each account used.
		const after = await accounts('list', []);
		expect(after.stdout).toMatch(/^moved +flow +[0-9a-f-]{36} +Pro +10000 +ok +\d{4}-/m);
		expect(after.stdout).toMatch(/^both +labs +[0-9a-f-]{36} +Pro +10000 +ok +\d{4}-/m);
		const json = await accounts('list', [], {json: true});
		expect(
			JSON.parse(json.stdout).accounts.map((a: {name: string; transport: string; health: string}) => [
				a.name,
				a.transport,
				a.health,
			]),
		).toEqual([
			['moved', 'flow', 'ok'],
			['flowonly', 'flow', 'ok'],
			['both', 'labs', 'ok'],
		]);
		for (const account of JSON.parse(json.stdout).accounts) {
			expect(Object.keys(account)).not.toContain('cookie');
			expect(Object.keys(account)).not.toContain('googleCookies');
		}

		expectNoSecretPrinted();
		// The settings file does hold them (that is where they live).
		expect(await readFile(settingsFile(), 'utf8')).toContain(cohort.flowonly.google.SAPISID);
	});

	it('check: a moved account saved with its labs cookie only is told to add its Google cookies', async () => {
		await start();
		await accounts('add', ['moved'], {cookie: '-'}, `${cohort.moved.cookie}\n`);
		const check = await accounts('check', []);
		expect(check.code).toBe(1);
		expect(check.stdout).toBe(
			'moved  labs  moved to flow.google.com: export its Google cookies there, then `flowdeck accounts remove moved` and `flowdeck accounts add moved --google-cookies <file>`\n',
		);
		expect(saved()[0]?.lastCheck).toMatchObject({result: 'migrated', transport: 'labs'});
		expectNoSecretPrinted();
	});

	it('check: Google cookies flow.google.com no longer accepts are reported as expired, with the way out', async () => {
		await start();
		const stale = {...cohort.flowonly.google, OSID: 'osid-flowonly-stale-9e21'};
		expect((await accounts('add', ['flowonly'], {googleCookies: '-'}, header(stale))).code).toBe(0);
		const check = await accounts('check', []);
		expect(check.code).toBe(1);
		expect(check.stdout).toBe(
			'flowonly  flow  flow.google.com sent this account to its sign-in page: the Google cookies are expired, revoked or incomplete (export them again)\n',
		);
		expect(saved()[0]?.lastCheck).toMatchObject({result: 'cookie-expired', transport: 'flow'});
		expect((await accounts('list', [])).stdout).toMatch(/^flowonly +flow +- +- +- +cookie expired /m);
		for (const text of outputs) expect(text).not.toContain('osid-flowonly-stale-9e21');
		expectNoSecretPrinted();
	});

	it('check: transport "labs" keeps a moved account on labs.google even with Google cookies', async () => {
		const {dir} = await start();
		const file = join(dir, 'moved.txt');
		await writeFile(file, header(cohort.moved.google));
		const added = await accounts(
			'add',
			['moved'],
			{cookie: '-', googleCookies: file, transport: 'labs'},
			`${cohort.moved.cookie}\n`,
		);
		expect(added.code).toBe(0);
		expect(saved()[0]?.transport).toBe('labs');
		expect((await accounts('list', [])).stdout).toMatch(/^moved +labs +/m);
		const check = await accounts('check', []);
		expect(check.code).toBe(1);
		expect(check.stdout).toMatch(/^moved +labs +moved to flow\.google\.com/m);
		expectNoSecretPrinted();
	});

	it('bad --google-cookies: one line naming the account, exit 2, nothing saved, no value echoed', async () => {
		const {dir} = await start();
		const garbage = join(dir, 'garbage.txt');
		await writeFile(garbage, `not cookies at all ${cohort.moved.google.SAPISID}\n`);
		const labsExport = join(dir, 'labs.json');
		await writeFile(
			labsExport,
			JSON.stringify([{domain: 'labs.google', name: 'NID', value: cohort.moved.google.OSID, path: '/'}]),
		);
		const empty = join(dir, 'empty.txt');
		await writeFile(empty, '\n');
		const cases: Array<[string[], Record<string, unknown>, string | undefined, string]> = [
			[
				['moved'],
				{googleCookies: garbage},
				undefined,
				`flowdeck: moved: --google-cookies ${garbage}: not a Cookie-Editor export or Cookie header (export them from flow.google.com with Cookie-Editor, or copy the Cookie header)\n`,
			],
			[
				['moved'],
				{googleCookies: labsExport},
				undefined,
				`flowdeck: moved: --google-cookies ${labsExport}: none of these cookies is for flow.google.com or .google.com (export them while signed in on flow.google.com)\n`,
			],
			[
				['moved', '-'],
				{googleCookies: ''},
				`[{"nope": "${cohort.moved.google.SAPISID}"}]`,
				'flowdeck: moved: --google-cookies stdin: not a Cookie-Editor export or Cookie header (export them from flow.google.com with Cookie-Editor, or copy the Cookie header)\n',
			],
			[['moved'], {googleCookies: empty}, undefined, `flowdeck: moved: --google-cookies ${empty} is empty\n`],
			[
				['moved'],
				{googleCookies: join(dir, 'missing.json')},
				undefined,
				`flowdeck: moved: --google-cookies: cannot read ${join(dir, 'missing.json')}: no such file\n`,
			],
			[
				['moved'],
				{googleCookies: header(cohort.moved.google)},
				undefined,
				'flowdeck: moved: --google-cookies takes a file or - (stdin), not the cookies themselves (they would stay in your shell history)\n',
			],
			[
				['moved', '-', '-'],
				{cookie: '', googleCookies: ''},
				`${cohort.moved.cookie}\n`,
				'flowdeck: --cookie - and --google-cookies - cannot both read stdin: give the Google cookies as a file (--google-cookies <file>)\n',
			],
			[
				['moved'],
				{cookie: '-', transport: 'flow'},
				`${cohort.moved.cookie}\n`,
				'flowdeck: --transport flow needs --google-cookies (the flow.google.com Google cookies)\n',
			],
			[
				['moved'],
				{googleCookies: garbage, transport: 'labs'},
				undefined,
				'flowdeck: --transport labs needs --cookie (the labs.google session cookie)\n',
			],
			[
				['moved'],
				{cookie: '-', transport: cohort.moved.cookie},
				`${cohort.moved.cookie}\n`,
				'flowdeck: --transport must be auto, labs or flow\n',
			],
		];
		for (const [args, flags, stdin, expected] of cases) {
			const result = await accounts('add', args, flags, stdin);
			expect(result, expected).toEqual({code: 2, stdout: '', stderr: expected});
		}
		expect(saved()).toEqual([]);
		expectNoSecretPrinted();
	});

	it('a settings file whose account has neither kind of cookie: one line naming the file and key', async () => {
		await start();
		await mkdir(world!.configDir, {recursive: true});
		const file = settingsFile();
		const text = JSON.stringify({accounts: [{name: 'acc1', transport: 'flow', maxInFlight: 2}]});
		await writeFile(file, text);
		for (const sub of ['list', 'check', 'remove']) {
			const result = await accounts(sub, sub === 'remove' ? ['acc1'] : []);
			expect(result, sub).toEqual({
				code: 2,
				stdout: '',
				stderr: `flowdeck: ${file}: accounts[0] needs "cookie" (labs.google) or "googleCookies" (flow.google.com), or both\n`,
			});
		}
		const added = await accounts('add', ['acc2'], {googleCookies: '-'}, header(cohort.both.google));
		expect(added.code).toBe(2);
		expect(await readFile(file, 'utf8')).toBe(text);

		// A bad transport is named too.
		await writeFile(file, JSON.stringify({accounts: [{name: 'acc1', cookie: 'c', transport: 'web'}]}));
		expect((await accounts('list', [])).stderr).toBe(
			`flowdeck: ${file}: accounts[0].transport must be "auto", "labs" or "flow"\n`,
		);
	});

	it('a settings file written before flow accounts existed still works, as labs', async () => {
		await start();
		await mkdir(world!.configDir, {recursive: true});
		await writeFile(
			settingsFile(),
			JSON.stringify({
				accounts: [
					{
						name: 'both',
						cookie: cohort.both.cookie,
						lastCheck: {at: '2026-05-08T10:12:03.120Z', result: 'ok', tier: 'PAYGATE_TIER_ONE', credits: 980},
					},
				],
			}),
		);
		const list = await accounts('list', [], {json: true});
		expect(list.code).toBe(0);
		expect(JSON.parse(list.stdout).accounts[0]).toMatchObject({
			name: 'both',
			transport: 'labs',
			credits: 980,
		});
		const check = await accounts('check', []);
		expect(check.code).toBe(0);
		expect(check.stdout).toMatch(/^both +labs +ok +Pro +10000 credits/m);
		expectNoSecretPrinted();
	});
});

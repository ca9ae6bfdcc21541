import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {openSettings} from '../../source/config/settings.js';
import {FlowError} from '../../source/labs/errors/index.js';
import {describeAccountFailure} from '../../source/run/plan/probe.js';
import {type SimEnv, startSimEnv} from './helpers.js';

let world: SimEnv | undefined;
afterEach(async () => {
	await world?.close();
	world = undefined;
});

const cookies = {acc1: 'cookie-acc1-9f3b2c7d', acc2: 'cookie-acc2-41e8aa90', moved: 'cookie-moved-77c1d0e3'};

async function start(extra: Parameters<typeof startSimEnv>[0]['accounts'] = []) {
	world = await startSimEnv({
		accounts: [
			{name: 'acc1', cookie: cookies.acc1},
			{name: 'acc2', cookie: cookies.acc2, tier: 'PAYGATE_TIER_TWO', credits: 500},
			...extra,
		],
	});
	return world;
}

/** Runs `flowdeck accounts <sub> …` in-process; returns its exit code and what it printed. */
async function accounts(sub: string, args: string[], flags: Record<string, unknown> = {}, stdin?: string) {
	const io = world!.io(stdin);
	const code = await accountsCommand(sub, args, flags, io, {timeoutMs: 5000});
	return {code, stdout: io.out(), stderr: io.err()};
}

const add = (name: string, cookie: string, flags: Record<string, unknown> = {}) =>
	accounts('add', [name], {cookie: '-', ...flags}, `${cookie}\n`);

describe('flowdeck accounts (against the simulator)', () => {
	it('add, list, check, list: tier, credits, health and a created project; the cookie never printed', async () => {
		const {sim, configDir} = await start();
		const outputs: string[] = [];
		const keep = (result: {code: number; stdout: string; stderr: string}) => {
			outputs.push(result.stdout, result.stderr);
			return result;
		};
		expect(keep(await add('acc1', cookies.acc1)).code).toBe(0);
		expect(keep(await add('acc2', cookies.acc2, {maxInFlight: '2'})).code).toBe(0);
		const before = keep(await accounts('list', []));
		expect(before.stdout).toMatch(/^NAME +TRANSPORT +PROJECT +TIER +CREDITS +HEALTH +CHECKED$/m);
		expect(before.stdout).toMatch(/^acc1 +labs +- +- +- +not checked +-$/m);

		const check = keep(await accounts('check', []));
		expect(check.code).toBe(0);
		expect(check.stdout).toMatch(/^acc1 +labs +ok +Pro +10000 credits +project [0-9a-f-]{36} \(created\)$/m);
		expect(check.stdout).toMatch(/^acc2 +labs +ok +Ultra +500 credits +project [0-9a-f-]{36} \(created\)$/m);
		const saved = openSettings(world!.env).read().accounts;
		expect(saved.map((a) => a.projectId)).toEqual([
			sim.account('acc1').projects[0],
			sim.account('acc2').projects[0],
		]);
		expect(saved[0]?.lastCheck).toMatchObject({
			result: 'ok',
			transport: 'labs',
			tier: 'PAYGATE_TIER_ONE',
			credits: 10000,
		});

		const after = keep(await accounts('list', []));
		expect(after.stdout).toMatch(
			new RegExp(
				`^acc1 +labs +${saved[0]!.projectId} +Pro +10000 +ok +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`,
				'm',
			),
		);
		const json = keep(await accounts('list', [], {json: true}));
		expect(JSON.parse(json.stdout)).toEqual({
			settings: join(configDir, 'config.json'),
			accounts: [
				expect.objectContaining({
					name: 'acc1',
					transport: 'labs',
					tier: 'PAYGATE_TIER_ONE',
					credits: 10000,
					health: 'ok',
				}),
				expect.objectContaining({name: 'acc2', tier: 'PAYGATE_TIER_TWO', credits: 500, maxInFlight: 2}),
			],
		});

		// A second check reuses the saved projects.
		keep(await accounts('check', ['acc1']));
		expect(sim.account('acc1').projects).toHaveLength(1);

		for (const text of outputs) {
			for (const cookie of Object.values(cookies)) expect(text).not.toContain(cookie);
			expect(text).not.toMatch(/ya29\./);
		}
		// The settings file does hold it (that is where it lives), readable by its owner only.
		expect(await readFile(join(configDir, 'config.json'), 'utf8')).toContain(cookies.acc1);
	});

	it('a duplicate name is refused with the way out, and the saved account is untouched', async () => {
		await start();
		await add('acc1', cookies.acc1);
		const again = await add('acc1', 'another-cookie');
		expect(again.code).toBe(2);
		expect(again.stdout).toBe('');
		expect(again.stderr).toBe('flowdeck: acc1 exists; `flowdeck accounts remove acc1` first\n');
		expect(openSettings(world!.env).read().accounts).toEqual([{name: 'acc1', cookie: cookies.acc1}]);
	});

	it('reads the cookie from a pasted Cookie header, and takes a project id from its address', async () => {
		await start();
		const header = `_ga=GA1.1; __Secure-next-auth.session-token=${cookies.acc1}; other=1`;
		const result = await add('acc1', header, {
			project: 'https://labs.google/fx/tools/flow/project/3AFB1F80-CA7D-4B33-8318-35DD3CF0D714',
		});
		expect(result.code).toBe(0);
		expect(openSettings(world!.env).read().accounts).toEqual([
			{name: 'acc1', cookie: cookies.acc1, projectId: '3afb1f80-ca7d-4b33-8318-35dd3cf0d714'},
		]);
	});

	it('usage problems: one line, exit 2, nothing saved, and an invalid name is not echoed', async () => {
		await start();
		const cases: Array<[string[], Record<string, unknown>, string | undefined, RegExp]> = [
			[[], {cookie: '-'}, 'x', /accounts add needs a name/],
			[['acc1'], {}, undefined, /needs the labs.google session cookie \(--cookie -, read from stdin\)/],
			[['acc1'], {cookie: ''}, undefined, /--cookie needs a value/],
			[['acc1'], {cookie: '-'}, '\n\n', /the session cookie is empty/],
			[['acc1'], {cookie: '-', project: 'not-a-project'}, 'c', /--project must be a Flow project id/],
			[
				['acc1'],
				{cookie: '-', maxInFlight: '99'},
				'c',
				/--max-in-flight must be a whole number from 1 to 16/,
			],
			[['acc1', 'extra'], {cookie: '-'}, 'c', /unexpected argument "extra"/],
			[[cookies.acc2.repeat(3)], {cookie: '-'}, 'c', /an account name is 1-32 letters/],
		];
		for (const [args, flags, stdin, message] of cases) {
			const result = await accounts('add', args, flags, stdin);
			expect(result.code, String(message)).toBe(2);
			expect(result.stderr, String(message)).toMatch(message);
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
			expect(result.stderr).not.toContain(cookies.acc2);
		}
		expect(openSettings(world!.env).read().accounts).toEqual([]);
		expect((await accounts('frobnicate', [])).stderr).toBe(
			'flowdeck: unknown accounts command "frobnicate": use add, list, remove or check\n',
		);
	});

	it('--cookie on the command line works, with a tip about stdin', async () => {
		await start();
		const result = await accounts('add', ['acc1'], {cookie: cookies.acc1});
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/`--cookie -` reads the cookie from stdin/);
		expect(openSettings(world!.env).read().accounts[0]?.cookie).toBe(cookies.acc1);
	});

	it('meow hands `--cookie -` over as an empty --cookie and an argument "-"', async () => {
		await start();
		const io = world!.io(`${cookies.acc1}\n`);
		expect(await accountsCommand('add', ['acc1', '-'], {cookie: ''}, io)).toBe(0);
		expect(openSettings(world!.env).read().accounts[0]?.cookie).toBe(cookies.acc1);
	});

	it('remove forgets the account; an unknown name is exit 2', async () => {
		await start();
		await add('acc1', cookies.acc1);
		await add('acc2', cookies.acc2);
		expect(await accounts('remove', ['acc1'])).toEqual({code: 0, stdout: 'removed acc1\n', stderr: ''});
		expect(
			openSettings(world!.env)
				.read()
				.accounts.map((a) => a.name),
		).toEqual(['acc2']);
		const missing = await accounts('remove', ['acc1']);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toBe('flowdeck: no account named "acc1"; `flowdeck accounts list` shows them\n');
	});

	it('check: an expired cookie is reported, saved, listed, and makes the exit code non-zero', async () => {
		const {sim} = await start();
		await add('acc1', cookies.acc1);
		await add('acc2', cookies.acc2);
		sim.revokeCookie('acc1');
		const check = await accounts('check', []);
		expect(check.code).toBe(1);
		expect(check.stdout).toMatch(
			/^acc1 +labs +cookie expired: copy a fresh session cookie from the browser$/m,
		);
		expect(check.stdout).toMatch(/^acc2 +labs +ok +Ultra/m);
		expect(sim.account('acc1').projects).toEqual([]);
		const saved = openSettings(world!.env).read().accounts;
		expect(saved[0]?.lastCheck).toMatchObject({result: 'cookie-expired'});
		expect(saved[0]?.projectId).toBeUndefined();
		expect((await accounts('list', [])).stdout).toMatch(/^acc1 +labs +- +- +- +cookie expired /m);
	});

	it('check: an account moved to flow.google.com says so, and how to give it its Google cookies', async () => {
		await start([{name: 'moved', cookie: cookies.moved, migrated: true}]);
		await add('moved', cookies.moved);
		const check = await accounts('check', ['moved']);
		expect(check.code).toBe(1);
		expect(check.stdout).toBe(
			'moved  labs  moved to flow.google.com: export its Google cookies there, then `flowdeck accounts remove moved` and `flowdeck accounts add moved --google-cookies <file>`\n',
		);
		expect(openSettings(world!.env).read().accounts[0]?.lastCheck?.result).toBe('migrated');
		expect((await accounts('list', [])).stdout).toMatch(/^moved .* moved to flow\.google\.com /m);
	});

	it('check: unknown name and no accounts are usage problems', async () => {
		await start();
		expect((await accounts('check', [])).stderr).toMatch(/^flowdeck: no accounts yet/);
		await add('acc1', cookies.acc1);
		const unknown = await accounts('check', ['nobody']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe('flowdeck: no account named "nobody"; `flowdeck accounts list` shows them\n');
	});

	it('a hand-broken settings file: one line naming file and key, exit 2, file untouched', async () => {
		const {configDir} = await start();
		await mkdir(configDir, {recursive: true});
		const file = join(configDir, 'config.json');
		await writeFile(file, '{"defaults": {"copies": 9}, "accounts": []}');
		for (const sub of ['list', 'check', 'remove']) {
			const result = await accounts(sub, sub === 'remove' ? ['acc1'] : []);
			expect(result.code, sub).toBe(2);
			expect(result.stderr, sub).toBe(
				`flowdeck: ${file}: defaults.copies must be a whole number from 1 to 4\n`,
			);
		}
		const added = await add('acc1', cookies.acc1);
		expect(added.code).toBe(2);
		expect(await readFile(file, 'utf8')).toBe('{"defaults": {"copies": 9}, "accounts": []}');
	});
});

describe('describeAccountFailure', () => {
	it('tells cookie, access, network and migration apart', () => {
		const of = (error: FlowError) => describeAccountFailure(error.forAccount('acc1'));
		expect(of(new FlowError('auth', 'x', {code: 'COOKIE_EXPIRED'})).result).toBe('cookie-expired');
		expect(of(new FlowError('auth', 'HTTP 401', {httpStatus: 401})).result).toBe('cookie-expired');
		expect(of(new FlowError('auth', 'HTTP 403 PERMISSION_DENIED: denied', {httpStatus: 403}))).toEqual({
			result: 'no-access',
			text: 'no access: HTTP 403 PERMISSION_DENIED: denied',
		});
		expect(
			of(new FlowError('model-access', "Flow is not available in this account's region", {httpStatus: 403}))
				.result,
		).toBe('no-access');
		expect(of(new FlowError('transient', 'connection refused (ECONNREFUSED)'))).toEqual({
			result: 'unreachable',
			text: 'cannot reach Flow: connection refused (ECONNREFUSED)',
		});
		expect(of(new FlowError('auth', 'moved', {code: 'ACCOUNT_MIGRATED'})).result).toBe('migrated');
	});
});

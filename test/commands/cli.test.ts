import {execFileSync, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {perTestWorkspace} from '../helpers/workspace.js';

const root = join(import.meta.dirname, '..', '..');
const cliPath = join(root, 'dist', 'cli.js');

beforeAll(() => {
	// test/global-setup.ts rebuilds a stale dist; this covers running this file on its own.
	if (!existsSync(cliPath)) execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});
});

const workspace = perTestWorkspace();

type Result = {code: number | null; stdout: string; stderr: string};

function cli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Result> {
	const child = spawn(process.execPath, [cliPath, ...args], {
		env: {...process.env, NO_COLOR: '1', ...env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	child.stdin.end(stdin);
	return new Promise((resolve) => child.on('close', (code) => resolve({code, stdout, stderr})));
}

const cookie = 'cli-secret-session-token-c0ffee42';

describe('the built CLI: flowdeck accounts and plan', () => {
	it('accounts add (stdin) + list --json + check + plan: right answers, 0600 settings, cookie never printed', async () => {
		const {sim, dir} = await workspace.start({accounts: [{name: 'acc1', cookie}]}, 'flowdeck-cli-');
		const env = {
			FLOWDECK_CONFIG_DIR: join(dir, 'config'),
			FLOWDECK_API_URL: sim.apiUrl,
			FLOWDECK_LABS_URL: sim.labsUrl,
		};
		const outputs: string[] = [];
		const run = async (args: string[], stdin?: string) => {
			const result = await cli(args, env, stdin);
			outputs.push(result.stdout, result.stderr);
			return result;
		};

		const added = await run(['accounts', 'add', 'acc1', '--cookie', '-'], `${cookie}\n`);
		expect(added).toMatchObject({code: 0, stderr: ''});
		expect((await stat(join(dir, 'config', 'config.json'))).mode & 0o777).toBe(0o600);

		const list = await run(['accounts', 'list', '--json']);
		expect(list.code).toBe(0);
		expect(JSON.parse(list.stdout).accounts).toEqual([
			{
				name: 'acc1',
				transport: 'labs',
				projectId: null,
				maxInFlight: null,
				tier: null,
				credits: null,
				health: 'unchecked',
				message: null,
				checkedAt: null,
			},
		]);

		const check = await run(['accounts', 'check']);
		expect(check.code).toBe(0);
		expect(check.stdout).toMatch(/^acc1 +labs +ok +Pro +10000 credits +project [0-9a-f-]{36} \(created\)\n$/);

		const listed = await run(['accounts', 'list', '--json']);
		expect(JSON.parse(listed.stdout).accounts[0]).toMatchObject({
			health: 'ok',
			credits: 10000,
			projectId: sim.account('acc1').projects[0],
		});

		const scenes = join(dir, 'scenes.txt');
		await writeFile(scenes, 'a lighthouse\na kid on a bike\n');
		const plan = await run(['plan', scenes, '--copies', '2']);
		expect(plan.code).toBe(0);
		expect(plan.stdout).toMatch(/^ {2}acc1 +Pro +ok +10000 credits +scenes 1-2 +80 credits$/m);
		expect(plan.stderr).toBe('scenes.txt:2: may be blocked by policy (mentions "kid")\n');

		const duplicate = await run(['accounts', 'add', 'acc1', '--cookie', '-'], `${cookie}\n`);
		expect(duplicate.code).toBe(2);
		expect(duplicate.stderr).toBe('flowdeck: acc1 exists; `flowdeck accounts remove acc1` first\n');

		for (const text of outputs) expect(text).not.toContain(cookie);
	});

	it('a hand-broken settings file is one line and exit 2, not a stack trace', async () => {
		const dir = await workspace.tempDir('flowdeck-cli-');
		const configDir = join(dir, 'config');
		await cli(['accounts', 'list'], {FLOWDECK_CONFIG_DIR: configDir});
		await writeFile(join(configDir, 'config.json'), '{"defaults": {"copies": "two"}}');
		const result = await cli(['accounts', 'list'], {FLOWDECK_CONFIG_DIR: configDir});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			`flowdeck: ${join(configDir, 'config.json')}: defaults.copies must be a whole number from 1 to 4\n`,
		);
		const run = await cli(['run', join(dir, 'scenes.txt')], {FLOWDECK_CONFIG_DIR: configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/defaults\.copies must be a whole number from 1 to 4\n$/);
	});
});

import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {accountsCommandNames, commandNames} from '../../source/commands/argv.js';
import {cliPath, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

// `--help`/`-h` anywhere on the line: that command's usage and flags, exit 0, and nothing runs: no
// settings, no output folder, no network (every origin is a closed port), no plan question.

const closed = 'http://127.0.0.1:9';
const runFlags = ['--accounts', '--out', '--model', '--aspect', '--copies', '--max-in-flight', '--mode'];
const captchaFlags = [
	'--captcha-command',
	'--captcha browser',
	'--browser-path',
	'--captcha-headed',
	'--captcha cdp=',
];
const outputFlags = ['--no-tui', '--json', '--ascii'];

/** Each command line, the usage its help must show, and the flags it must name (besides -h, --help). */
const cases: Array<{line: string[]; usage: string; flags: string[]}> = [
	{line: ['--help'], usage: 'flowdeck run <scenes>', flags: ['--version', 'flowdeck accounts check']},
	{line: ['-h'], usage: 'flowdeck demo', flags: ['--version', '-v']},
	{line: ['--json', '--help'], usage: 'flowdeck plan <scenes>', flags: ['--version']},
	{
		line: ['run', '--help'],
		usage: 'Usage: flowdeck run <scenes>',
		flags: [
			...runFlags,
			'--max-credits',
			'--poll-interval',
			'--submit-gap',
			...captchaFlags,
			'--yes',
			'--new-run',
			...outputFlags,
		],
	},
	{
		line: ['run', 'scenes.txt', '--help'],
		usage: 'Usage: flowdeck run <scenes>',
		flags: ['--yes', '--copies'],
	},
	{line: ['run', '-h', 'scenes.txt', '--yes'], usage: 'Usage: flowdeck run <scenes>', flags: ['--out']},
	{
		line: ['resume', 'out', '--help'],
		usage: 'Usage: flowdeck resume <out-dir>',
		flags: [
			'--accounts',
			'--poll-interval',
			'--submit-gap',
			...captchaFlags,
			'--resubmit-in-doubt',
			...outputFlags,
		],
	},
	{
		line: ['plan', 'scenes.txt', '--copies', '2', '-h'],
		usage: 'Usage: flowdeck plan <scenes>',
		flags: [...runFlags.filter((flag) => flag !== '--out'), '--max-credits', '--json'],
	},
	{
		line: ['film', 'out', '--help'],
		usage: 'Usage: flowdeck film <out-dir>',
		flags: ['--ffmpeg', '--json'],
	},
	{
		line: ['demo', '--help'],
		usage: 'Usage: flowdeck demo',
		flags: ['--out', ...outputFlags, '--captcha browser', '--new-run', '--copies'],
	},
	{line: ['demo', '--json', '-h'], usage: 'Usage: flowdeck demo', flags: ['--json', '--no-tui']},
	{
		line: ['accounts', '--help'],
		usage: 'Usage: flowdeck accounts <command>',
		flags: ['accounts add <name>', 'accounts list', 'accounts remove <name>', 'accounts check'],
	},
	{
		line: ['accounts', 'add', '--help'],
		usage: 'Usage: flowdeck accounts add <name>',
		flags: [
			'--google-cookies',
			'--cookie',
			'--transport',
			'--project',
			'--max-in-flight',
			'--captcha-command',
		],
	},
	{
		line: ['accounts', 'add', 'acc1', '--cookie', '-', '-h'],
		usage: 'Usage: flowdeck accounts add <name>',
		flags: ['--cookie <token>|-'],
	},
	{line: ['accounts', 'list', '--help'], usage: 'Usage: flowdeck accounts list', flags: ['--json']},
	{line: ['accounts', 'remove', 'acc1', '-h'], usage: 'Usage: flowdeck accounts remove <name>', flags: []},
	{line: ['accounts', 'check', '--help'], usage: 'Usage: flowdeck accounts check [name]', flags: []},
	{line: ['accounts', 'check', 'acc1', '-h'], usage: 'Usage: flowdeck accounts check [name]', flags: []},
];

const workspace = perTestWorkspace();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-help-');
	await writeFile(join(dir, 'scenes.txt'), 'a lighthouse at dusk\n');
	await writeFile(join(dir, 'accounts.json'), JSON.stringify({accounts: [{name: 'acc1', cookie: 'c1'}]}));
});

/** The built CLI in `dir`, with every Flow origin a closed port; killed (signal set) after 10 s. */
async function cli(args: string[]) {
	const env = {
		FLOWDECK_CONFIG_DIR: join(dir, 'config'),
		FLOWDECK_API_URL: closed,
		FLOWDECK_LABS_URL: closed,
		FLOWDECK_FLOW_URL: closed,
	};
	const {child, result} = startCli(args, {cwd: dir, env});
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	return result.finally(() => clearTimeout(timer));
}

describe('--help and -h on every command', () => {
	it('the cases cover every command and every accounts command', () => {
		const helped = (...words: string[]) => cases.some(({line}) => words.every((word, i) => line[i] === word));
		for (const command of commandNames) expect(helped(command), command).toBe(true);
		for (const sub of accountsCommandNames) expect(helped('accounts', sub), sub).toBe(true);
	});

	it.each(cases)('flowdeck $line: usage and flags, exit 0, nothing run', async ({line, usage, flags}) => {
		const result = await cli(line);
		expect(result, result.stderr).toMatchObject({code: 0, signal: null, stderr: ''});
		expect(result.stdout).toContain(usage);
		for (const flag of [...flags, '-h, --help']) expect(result.stdout, flag).toContain(flag);
		for (const text of result.stdout.split('\n')) expect(text.length, text).toBeLessThanOrEqual(80);
		// No settings folder, no output folder, no demo folder: the files the test wrote, and only those.
		expect((await readdir(dir)).sort()).toEqual(['accounts.json', 'scenes.txt']);
	});

	it('-v and --version print the version of package.json, anywhere on the line', async () => {
		const {version} = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
		for (const line of [['-v'], ['--version'], ['run', 'scenes.txt', '-v'], ['demo', '--version']]) {
			expect(await cli(line), line.join(' ')).toMatchObject({code: 0, stdout: `${version}\n`, stderr: ''});
		}
		expect((await readdir(dir)).sort()).toEqual(['accounts.json', 'scenes.txt']);
	});

	it('after `--`, --help is an argument again (a scene file of that name)', async () => {
		const result = await cli(['plan', '--', '--help']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^flowdeck: .*--help/);
	});
});

const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;

describe('flowdeck run scenes.txt --help in a terminal', () => {
	it.skipIf(!hasScript)('shows the help, never the plan question, and asks Flow nothing', async () => {
		// A working Flow: without the help, this line would sign in, show the plan and ask to start.
		const sim = await workspace.simulator({accounts: [{name: 'acc1', cookie: 'c1'}]});
		const args = [
			'run',
			'scenes.txt',
			'--accounts',
			'accounts.json',
			'--captcha-command',
			'echo t',
			'--help',
		];
		const command = [process.execPath, cliPath, ...args].map((word) => `'${word}'`).join(' ');
		const child = spawn('script', ['-qfec', command, '/dev/null'], {
			cwd: dir,
			detached: true,
			// stdin stays open: were the question asked, nothing answers it (an answer of "" starts the run).
			stdio: ['pipe', 'pipe', 'ignore'],
			env: {
				...process.env,
				CI: '0',
				LANG: 'C.UTF-8',
				NO_COLOR: '1',
				FLOWDECK_CONFIG_DIR: join(dir, 'config'),
				FLOWDECK_API_URL: sim.apiUrl,
				FLOWDECK_LABS_URL: sim.labsUrl,
				FLOWDECK_FLOW_URL: sim.flowUrl,
			},
		});
		let screen = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			screen += chunk;
		});
		const code = await new Promise<number | null>((done) => {
			const timer = setTimeout(() => {
				process.kill(-child.pid!, 'SIGKILL');
				done(null);
			}, 10_000);
			child.on('close', (exit) => {
				clearTimeout(timer);
				done(exit);
			});
		});
		expect(screen).not.toContain('Start this run');
		expect(screen).toContain('Usage: flowdeck run <scenes>');
		expect(code, screen).toBe(0);
		expect(sim.stats.requests).toEqual([]);
		expect((await readdir(dir)).sort()).toEqual(['accounts.json', 'scenes.txt']);
	});
});

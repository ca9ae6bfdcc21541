import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {closest, editDistance} from '../../source/commands/suggest.js';
import {exitCodes} from '../../source/run/exit-codes.js';
import {startCli} from '../helpers/cli.js';

// A mistyped command or flag: exactly one `flowdeck: …` line, "did you mean …?" when one is close,
// and the usage exit code (2). Nothing runs.

describe('editDistance and closest', () => {
	it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
		expect(editDistance('plan', 'plan')).toBe(0);
		expect(editDistance('pln', 'plan')).toBe(1);
		expect(editDistance('copeis', 'copies')).toBe(1);
		expect(editDistance('modle', 'model')).toBe(1);
		expect(editDistance('kitten', 'sitting')).toBe(3);
		expect(editDistance('', 'run')).toBe(3);
	});

	it('suggests only what is close: 2 edits at most, and a third of the word', () => {
		const commands = ['run', 'resume', 'plan', 'demo', 'accounts'];
		expect(closest('pln', commands)).toBe('plan');
		expect(closest('rn', commands)).toBe('run');
		expect(closest('acounts', commands)).toBe('accounts');
		expect(closest('resmue', commands)).toBe('resume');
		expect(closest('xyz', commands)).toBeUndefined();
		expect(closest('tui', ['out'])).toBeUndefined();
		expect(closest('y', ['yes'])).toBeUndefined();
		expect(closest('plaaan', commands)).toBe('plan');
		expect(closest('demolition', commands)).toBeUndefined();
	});
});

const closed = 'http://127.0.0.1:9';
let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-typos-'));
	await writeFile(join(dir, 'scenes.txt'), 'a lighthouse at dusk\n');
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

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

describe('the built CLI on a typo', () => {
	it.each([
		[['plan', 'scenes.txt', '--copeis', '2'], 'flowdeck: unknown flag --copeis: did you mean --copies?'],
		[['run', 'scenes.txt', '--copeis=2'], 'flowdeck: unknown flag --copeis: did you mean --copies?'],
		[['demo', '--jsno'], 'flowdeck: unknown flag --jsno: did you mean --json?'],
		[['demo', '--no-tiu'], 'flowdeck: unknown flag --no-tiu: did you mean --no-tui?'],
		[
			['run', 'scenes.txt', '--max-in-flihgt', '2'],
			'flowdeck: unknown flag --max-in-flihgt: did you mean --max-in-flight?',
		],
		[
			['accounts', 'add', 'acc1', '--google-cookie', 'c.json'],
			'flowdeck: unknown flag --google-cookie: did you mean --google-cookies?',
		],
		[['run', 'scenes.txt', '-copies', '2'], 'flowdeck: unknown flag -copies: did you mean --copies?'],
		[['pln'], 'flowdeck: unknown command "pln": did you mean plan?'],
		[['pln', 'scenes.txt', '--copies', '2'], 'flowdeck: unknown command "pln": did you mean plan?'],
		[['rsume', 'out'], 'flowdeck: unknown command "rsume": did you mean resume?'],
		[['acounts', 'list'], 'flowdeck: unknown command "acounts": did you mean accounts?'],
		[['accounts', 'lst'], 'flowdeck: unknown accounts command "lst": did you mean list?'],
		[['accounts', 'chekc', '--help'], 'flowdeck: unknown accounts command "chekc": did you mean check?'],
		[['pln', '-h'], 'flowdeck: unknown command "pln": did you mean plan?'],
	])('flowdeck %j: one line with a suggestion, exit 2', async (line, message) => {
		const result = await cli(line);
		expect(result).toMatchObject({code: exitCodes.usage, signal: null, stdout: '', stderr: `${message}\n`});
		expect(await readdir(dir)).toEqual(['scenes.txt']);
	});

	it.each([
		[['plan', 'scenes.txt', '--zzzzzz'], 'flowdeck: unknown flag --zzzzzz (see flowdeck --help)'],
		[['run', 'scenes.txt', '-y'], 'flowdeck: unknown flag -y (see flowdeck --help)'],
		[['frobnicate'], 'flowdeck: unknown command "frobnicate" (see flowdeck --help)'],
		[['accounts', 'zap'], 'flowdeck: unknown accounts command "zap": use add, list, remove or check'],
	])('flowdeck %j: nothing close, one line pointing to the help, exit 2', async (line, message) => {
		const result = await cli(line);
		expect(result).toMatchObject({code: exitCodes.usage, signal: null, stdout: '', stderr: `${message}\n`});
	});
});

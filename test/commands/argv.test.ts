import meow from 'meow';
import {describe, expect, it} from 'vitest';
import {cliFlags, quickParse} from '../../source/commands/argv.js';

/** What meow makes of `argv` with flowdeck's flags (it exits on an unknown flag: not asked here). */
function meowReads(argv: string[]) {
	const cli = meow('help', {importMeta: import.meta, argv, allowUnknownFlags: false, flags: cliFlags});
	return {input: cli.input, flags: cli.flags};
}

describe('quickParse: the command line without meow', () => {
	const ordinary = [
		[],
		['demo'],
		['demo', '--json'],
		['run', 'scenes.txt', '--out', 'videos', '--copies', '2', '--yes'],
		['run', 'scenes.txt', '--max-in-flight=3', '--poll-interval', '0.5', '--no-tui'],
		[
			'run',
			'--submit-gap',
			'0',
			'scenes.txt',
			'--captcha-command',
			'my-solver --page x',
			'--mode',
			'sequential',
		],
		['resume', 'out', '--resubmit-in-doubt', '--new-run', '--ascii', '--max-credits', '100'],
		['plan', 'scenes.csv', '--model', 'veo_3_1_t2v_fast', '--aspect', '9:16', '--accounts', 'acc.json'],
		['accounts', 'add', 'acc1', '--cookie', 'token', '--transport', 'labs', '--project', 'p1'],
		['run', '--yes', 'scenes.txt', '--captcha-command=solver --x=1'],
		['accounts', 'add', 'acc2', '--google-cookies', 'cookies.json', '--max-in-flight', '2'],
		['accounts', 'list', '--json'],
		['accounts', 'check', 'acc1', '--no-json', '--tui'],
		['run', 'my scenes.txt', '--out', ''],
		['run', 'scènes-vidéo.txt', '--out', 'dossier/sortie', '--captcha', 'browser'],
		['run', '2026', '--copies', '4'],
	];

	it.each(ordinary)('reads %j as meow does', (...argv: string[]) => {
		const quick = quickParse(argv);
		expect(quick).toBeDefined();
		expect(quick).toEqual(meowReads(argv));
	});

	it.each([
		['--help'],
		['--version'],
		['run', 'x', '--help'],
		['run', 'x', '--bogus'],
		['run', 'x', '-y'],
		['run', 'x', '--out', 'a', '--out', 'b'],
		['run', 'x', '--tui', '--no-tui'],
		['run', 'x', '--yes=true'],
		['run', 'x', '--out'],
		['run', 'x', '--out', '--yes'],
		['run', 'x', '--no-out'],
		['run', 'x', '--maxInFlight', '2'],
		['run', '--', '--weird-file-name.txt'],
		['resume', '-5'],
		['accounts', 'add', 'acc1', '--cookie', '-'],
		['run', 'x', '--out', '-'],
	])('leaves %j to meow', (...argv: string[]) => {
		expect(quickParse(argv)).toBeUndefined();
	});
});

describe('quickParse against meow on random command lines', () => {
	it('agrees with meow whenever it answers at all', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
		const pieces = [
			'run',
			'demo',
			'scenes.txt',
			'out dir',
			'0',
			'2',
			'true',
			'false',
			'-5',
			'1e3',
			'',
			'-',
			'--',
			'-y',
			'--out',
			'--copies',
			'--max-in-flight',
			'--max-in-flight=4',
			'--yes',
			'--no-yes',
			'--tui',
			'--no-tui',
			'--json',
			'--no-json',
			'--ascii',
			'--cookie',
			'--google-cookies',
			'--captcha-command=a b',
			'--out=',
			'--bogus',
			'--help',
		];
		let answered = 0;
		for (let i = 0; i < 3000; i++) {
			const argv = Array.from({length: 1 + Math.floor(random() * 6)}, () => pick(pieces));
			const quick = quickParse(argv);
			if (!quick) continue;
			answered++;
			expect(quick, JSON.stringify(argv)).toEqual(meowReads(argv));
		}
		expect(answered).toBeGreaterThan(300);
	});
});

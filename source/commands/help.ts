/**
 * `--help`/`-h` and `--version`/`-v`, anywhere on the line (before a `--`): the help of the command the
 * line names, or the version, and exit 0. Nothing else runs: no settings, no network, no prompt.
 */

import {readFileSync} from 'node:fs';
import {exitCodes} from '../run/exit-codes.js';
import {accountsCommandNames, cliFlags, commandNames, kebab} from './argv.js';
import {helpTexts} from './help-texts.js';
import {unknownCommand} from './suggest.js';

const stringFlags = new Set(
	Object.entries(cliFlags).flatMap(([key, flag]) => (flag.type === 'string' ? [key, kebab(key)] : [])),
);

/**
 * The words of the line that are not flags or their values, as yargs-parser (meow) reads them: a
 * string flag takes the next argument unless it starts with `-`.
 */
function positionals(args: string[]): string[] {
	const words: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] as string;
		if (arg === '--') break;
		if (arg === '-' || !arg.startsWith('-')) {
			if (arg !== '-') words.push(arg);
			continue;
		}
		const name = arg.replace(/^-+/, '');
		if (stringFlags.has(name) && !args[i + 1]?.startsWith('-')) i++;
	}
	return words;
}

/** The key of helpTexts for the command the line names; an unknown command is a usage error. */
function helpTopic(args: string[]): string {
	const [command, sub] = positionals(args);
	if (command === undefined) return '';
	if (!(commandNames as readonly string[]).includes(command)) throw unknownCommand(command);
	if (command !== 'accounts' || sub === undefined) return command;
	if (!(accountsCommandNames as readonly string[]).includes(sub)) throw unknownCommand(sub, 'accounts');
	return `accounts ${sub}`;
}

/** Prints a help text (helpTexts' key) on stdout. */
export function printHelp(topic: string, stdout: NodeJS.WritableStream): void {
	stdout.write(helpTexts[topic] ?? helpTexts['']!);
}

/** Answers a line for which argv.ts's asksForHelp is true: help wins over the version. */
export function answerHelp(args: string[], stdout: NodeJS.WritableStream): number {
	const end = args.indexOf('--');
	const before = end < 0 ? args : args.slice(0, end);
	if (before.some((arg) => /^(?:-h|--help(?:=.*)?)$/s.test(arg))) {
		printHelp(helpTopic(before), stdout);
	} else {
		stdout.write(`${version()}\n`);
	}
	return exitCodes.ok;
}

/** package.json's version: dist/commands/help.js and source/commands/help.ts are two folders down. */
function version(): string {
	const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
		version?: string;
	};
	return manifest.version ?? 'unknown';
}

/**
 * The command line, read without meow when it is an ordinary one. meow (yargs-parser and its help
 * layout, 250 kB of bundled code) takes some 40 ms to load and run, a tenth of a run's time to its
 * first line; node:util's parseArgs is built in. Whatever parseArgs might read differently from
 * meow — `--help`, `--version`, an unknown, repeated or short flag, `--`, `-`, `true`, a value that
 * looks like a flag — is left to meow (quickParse returns undefined), which answers as it always has.
 * `--help`, `-h`, `--version` and `-v` never reach either: commands/help.ts answers them (asksForHelp).
 */

import {parseArgs} from 'node:util';

/** Every flag of every command, in meow's format (camelCase keys; `--max-in-flight` on the line). */
export const cliFlags = {
	accounts: {type: 'string'},
	out: {type: 'string'},
	model: {type: 'string'},
	aspect: {type: 'string'},
	copies: {type: 'string'},
	maxInFlight: {type: 'string'},
	pollInterval: {type: 'string'},
	submitGap: {type: 'string'},
	captchaCommand: {type: 'string'},
	captcha: {type: 'string'},
	captchaHeaded: {type: 'boolean'},
	browserPath: {type: 'string'},
	mode: {type: 'string'},
	maxCredits: {type: 'string'},
	yes: {type: 'boolean'},
	newRun: {type: 'boolean'},
	resubmitInDoubt: {type: 'boolean'},
	pick: {type: 'string'},
	film: {type: 'boolean'},
	ffmpeg: {type: 'string'},
	tui: {type: 'boolean', default: true},
	json: {type: 'boolean'},
	ascii: {type: 'boolean'},
	cookie: {type: 'string'},
	googleCookies: {type: 'string'},
	transport: {type: 'string'},
	project: {type: 'string'},
} as const satisfies Record<string, {type: 'string' | 'boolean'; default?: boolean}>;

/** flowdeck's commands, and those of `flowdeck accounts` (commands/main.ts, commands/accounts/index.ts). */
export const commandNames = ['run', 'resume', 'plan', 'demo', 'film', 'accounts'] as const;
export const accountsCommandNames = ['add', 'list', 'remove', 'check'] as const;

/** `--help`, `-h`, `--version` or `-v` anywhere before a `--`: commands/help.ts answers, nothing runs. */
export function asksForHelp(args: string[]): boolean {
	const end = args.indexOf('--');
	return (end < 0 ? args : args.slice(0, end)).some((arg) =>
		/^(?:-[hv]|--(?:help|version)(?:=.*)?)$/s.test(arg),
	);
}

type FlagKey = keyof typeof cliFlags;

/** The flags as meow gives them: strings when given, every boolean false unless given (tui: true). */
export type CliFlags = {
	[K in FlagKey as (typeof cliFlags)[K]['type'] extends 'string' ? K : never]?: string;
} & {
	[K in FlagKey as (typeof cliFlags)[K]['type'] extends 'boolean' ? K : never]: boolean;
};

export type CommandLine = {input: string[]; flags: CliFlags};

/** A flag's name on the command line: `maxInFlight` → `max-in-flight`. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** `args` (process.argv without node and the script) as meow would read it, or undefined: ask meow. */
export function quickParse(args: string[]): CommandLine | undefined {
	// yargs-parser reads `--cookie -` as an empty --cookie and an argument "-" (commands/accounts/index.ts
	// expects that), and `--json true` as a flag with its value; parseArgs would not.
	if (args.some((arg) => arg === '--' || arg === '-' || arg === 'true' || arg === 'false')) return undefined;
	const options: Record<string, {type: 'string' | 'boolean'}> = {};
	const keyOf = new Map<string, FlagKey>();
	for (const [key, flag] of Object.entries(cliFlags) as Array<[FlagKey, (typeof cliFlags)[FlagKey]]>) {
		options[kebab(key)] = {type: flag.type};
		keyOf.set(kebab(key), key);
	}
	const parsed = tryParse(args, options);
	if (!parsed) return undefined;
	const seen = new Set<string>();
	for (const token of parsed.tokens) {
		if (token.kind !== 'option') continue;
		// yargs-parser makes a list of a repeated flag, which meow refuses: its words, not ours.
		if (seen.has(token.name)) return undefined;
		seen.add(token.name);
	}
	const flags: Record<string, string | boolean> = {};
	for (const [key, flag] of Object.entries(cliFlags)) {
		if (flag.type === 'boolean') flags[key] = 'default' in flag ? flag.default : false;
	}
	for (const [name, value] of Object.entries(parsed.values)) {
		const key = keyOf.get(name);
		if (key === undefined || value === undefined) return undefined;
		flags[key] = value as string | boolean;
	}
	return {input: parsed.positionals, flags: flags as CliFlags};
}

function tryParse(args: string[], options: Record<string, {type: 'string' | 'boolean'}>) {
	try {
		return parseArgs({
			args,
			options,
			strict: true,
			allowPositionals: true,
			allowNegative: true,
			tokens: true,
		});
	} catch {
		return undefined;
	}
}

import {UsageError} from '../run/usage-error.js';
import {type CliFlags, type CommandLine, cliFlags, quickParse} from './argv.js';

/** The command line: node:util's parseArgs for an ordinary one, meow for the rest (commands/argv.ts). */
export async function commandLine(): Promise<CommandLine> {
	const quick = quickParse(process.argv.slice(2));
	if (quick) {
		// As meow does: `ps` shows flowdeck, not node.
		process.title = 'flowdeck';
		return quick;
	}
	return withMeow();
}

/** meow reads what parseArgs does not; an unknown flag is ours to report first (with a suggestion). */
async function withMeow(): Promise<CommandLine> {
	const unknown = (await import('./suggest.js')).unknownFlag(process.argv.slice(2));
	if (unknown) throw unknown;
	const {default: meow} = await import('meow');
	let cli: ReturnType<typeof meow<typeof cliFlags>>;
	try {
		// --help and --version never get here (commands/help.ts).
		cli = meow({
			importMeta: import.meta,
			allowUnknownFlags: false,
			autoHelp: false,
			autoVersion: false,
			flags: cliFlags,
		});
	} catch (error) {
		// Its own checks ("The flag --out can only be set once."): bad usage, one line, exit 2.
		throw new UsageError((error as Error).message);
	}
	return {input: cli.input, flags: cli.flags as CliFlags};
}

// Only a few small modules load up front (not even meow: see commands/argv.ts). Each command imports
// what it needs once it is chosen, so `--version`, `demo` or a run from an accounts file do not wait
// for the modules of the others (the settings schema compiler, the dashboard, the simulator).

import {importDashboard} from '../dashboard-entry.js';
import {
	accountsCommandNames,
	asksForHelp,
	type CliFlags,
	type CommandLine,
	cliFlags,
	quickParse,
} from './argv.js';
import {exitCodes} from './exit-codes.js';
import type {Io} from './run.js';
import type {RunOptions} from './run-options.js';
import {UsageError} from './run-options.js';
import type {Session} from './session.js';
import {watchStdout} from './stdout-closed.js';

/** The command line: node:util's parseArgs for an ordinary one, meow for the rest (commands/argv.ts). */
async function commandLine(): Promise<CommandLine> {
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

let dashboardModule: Promise<typeof import('../ui/dashboard.js')> | undefined;

/** The Ink dashboard, loaded only when a terminal will show it: a headless run never loads React. */
function loadDashboard(env: NodeJS.ProcessEnv): Promise<typeof import('../ui/dashboard.js')> {
	// Chalk reads this when Ink first loads it; the theme already asks for no colour (NO_COLOR).
	if (env.NO_COLOR) process.env.FORCE_COLOR = '0';
	dashboardModule ??= importDashboard();
	return dashboardModule;
}

async function showDashboard(session: Session, options: RunOptions, io: Io): Promise<number> {
	const [{runDashboard}, {finalExitCode}] = await Promise.all([loadDashboard(io.env), import('./run.js')]);
	return runDashboard(
		{
			pipeline: session.pipeline,
			start: session.start,
			outDir: session.outDir,
			sceneFile: session.run.sceneFile,
		},
		{
			env: io.env,
			ascii: options.ascii,
			onInterrupt: io.onInterrupt,
			exitCode: (state, interrupted) => finalExitCode(state, interrupted, session.pipeline.noUsableAccount),
		},
	);
}

function onInterrupt(handler: () => void): () => void {
	let count = 0;
	const listener = () => {
		count++;
		if (count === 1) {
			handler();
			return;
		}
		// Second Ctrl-C: the pipeline stops at once; its state is already journaled.
		handler();
	};
	process.on('SIGINT', listener);
	process.on('SIGTERM', listener);
	return () => {
		process.off('SIGINT', listener);
		process.off('SIGTERM', listener);
	};
}

// Before anything is written: a reader of stdout that goes away (`flowdeck … | head`) is heard, never
// an unhandled EPIPE with its stack trace; a run stops as after a first Ctrl-C (stdout-closed.ts).
const stdoutClosed = watchStdout(process.stdout, process.stderr);

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	// `--help`/`-h` (or `--version`/`-v`) anywhere: the command's help, and nothing runs.
	if (asksForHelp(args)) return (await import('./help.js')).answerHelp(args, process.stdout);
	const cli = await commandLine();
	const [command, target, ...rest] = cli.input;
	const io: Io = {stdout: process.stdout, stderr: process.stderr, env: process.env, onInterrupt};
	io.onStdoutClosed = stdoutClosed.onClosed;
	io.dashboard = (session, options) => showDashboard(session, options, io);
	const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
	if (rest.length > 0 && command !== 'accounts') throw new UsageError(`unexpected argument "${rest[0]}"`);
	if (interactive && cli.flags.tui && !cli.flags.json && ['run', 'resume', 'demo'].includes(command ?? '')) {
		// Ink and React take a few hundred ms to load: meanwhile the run reads its scenes and asks Flow
		// about its accounts, instead of the dashboard starting to load only after all that.
		loadDashboard(io.env).catch(() => {});
	}
	switch (command) {
		case 'run': {
			if (!target) throw new UsageError('run needs a scene file: flowdeck run <scenes>');
			const [{runCommand}, {runOptionsFor}, {confirmPlanOnTerminal}] = await Promise.all([
				import('./run.js'),
				import('./preflight.js'),
				import('./confirm-plan.js'),
			]);
			if (interactive) io.confirmPlan = confirmPlanOnTerminal(target, process.stdin, process.stdout);
			return runCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'resume': {
			if (!target) throw new UsageError('resume needs the output folder of a run: flowdeck resume <out-dir>');
			// The simulator is loaded for a demo's folder only.
			if (await (await import('./demo-marker.js')).isDemoRun(target)) {
				const demo = await import('./demo.js');
				return demo.resumeDemo(target, demo.demoOptions(cli.flags, interactive, io.env.TERM), io);
			}
			const [{resumeCommand}, {runOptionsFor}] = await Promise.all([
				import('./run.js'),
				import('./preflight.js'),
			]);
			return resumeCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'plan': {
			if (!target) throw new UsageError('plan needs a scene file: flowdeck plan <scenes>');
			const [{planCommand}, {runOptionsFor}] = await Promise.all([
				import('./plan.js'),
				import('./preflight.js'),
			]);
			return planCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'demo': {
			if (target) throw new UsageError(`unexpected argument "${target}" (demo takes no scene file)`);
			const demo = await import('./demo.js');
			return demo.demoCommand(demo.demoOptions(cli.flags, interactive, io.env.TERM), io);
		}
		case 'accounts': {
			if (target !== undefined && !(accountsCommandNames as readonly string[]).includes(target)) {
				throw (await import('./suggest.js')).unknownCommand(target, 'accounts');
			}
			const {accountsCommand} = await import('./accounts.js');
			return accountsCommand(target, rest, cli.flags, {...io, stdin: process.stdin});
		}
		case undefined:
			(await import('./help.js')).printHelp('', process.stdout);
			return exitCodes.usage;
		default:
			throw (await import('./suggest.js')).unknownCommand(command);
	}
}

main().then(
	(code) => {
		process.exitCode = code;
		// Keep-alive sockets and timers must not hold a finished run open.
		setTimeout(() => process.exit(code), 50).unref();
	},
	async (error: unknown) => {
		// Loaded only now: a usage problem came from one of the modules it names, already loaded.
		const known = await import('./command-errors.js').then(
			({isUsageProblem}) => isUsageProblem(error),
			() => false,
		);
		process.stderr.write(
			`flowdeck: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
		);
		process.exit(known ? exitCodes.usage : 1);
	},
);

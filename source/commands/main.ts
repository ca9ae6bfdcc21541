// Only a few small modules load up front (not even meow: see commands/argv.ts). Each command imports
// what it needs once it is chosen, so `--version`, `demo` or a run from an accounts file do not wait
// for the modules of the others (the settings schema compiler, the dashboard, the simulator).

import {exitCodes} from '../run/exit-codes.js';
import {UsageError} from '../run/usage-error.js';
import {accountsCommandNames, asksForHelp} from './argv.js';
import {commandLine} from './command-line.js';
import {loadDashboard} from './dashboard-io.js';
import {exitOnError, exitWith, processIo} from './process-io.js';
import {watchStdout} from './stdout-closed.js';

// Before anything is written: a reader of stdout that goes away (`flowdeck … | head`) is heard, never
// an unhandled EPIPE with its stack trace; a run stops as after a first Ctrl-C (stdout-closed.ts).
const stdoutClosed = watchStdout(process.stdout, process.stderr);

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	// `--help`/`-h` (or `--version`/`-v`) anywhere: the command's help, and nothing runs.
	if (asksForHelp(args)) return (await import('./help.js')).answerHelp(args, process.stdout);
	const cli = await commandLine();
	const [command, target, ...rest] = cli.input;
	const io = processIo(stdoutClosed);
	const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
	if (rest.length > 0 && command !== 'accounts') throw new UsageError(`unexpected argument "${rest[0]}"`);
	if (interactive && cli.flags.tui && !cli.flags.json && ['run', 'resume', 'demo'].includes(command ?? '')) {
		// Ink and React take a few hundred ms to load: meanwhile the run reads its scenes and asks Flow
		// about its accounts, instead of the dashboard starting to load only after all that.
		loadDashboard(io.env).catch(() => {});
	}
	const runOptions = async () =>
		(await import('../run/options.js')).runOptionsFor(cli.flags, {interactive, env: io.env});
	switch (command) {
		case 'run': {
			if (!target) throw new UsageError('run needs a scene file: flowdeck run <scenes>');
			const [{runCommand}, options, {confirmPlanOnTerminal}] = await Promise.all([
				import('./run.js'),
				runOptions(),
				import('../run/plan/confirm.js'),
			]);
			if (interactive) io.confirmPlan = confirmPlanOnTerminal(target, process.stdin, process.stdout);
			return runCommand(target, options, io);
		}
		case 'resume': {
			if (!target) throw new UsageError('resume needs the output folder of a run: flowdeck resume <out-dir>');
			// The simulator is loaded for a demo's folder only.
			if (await (await import('./demo-marker.js')).isDemoRun(target)) {
				const demo = await import('./demo.js');
				return demo.resumeDemo(target, demo.demoOptions(cli.flags, interactive, io.env.TERM), io);
			}
			const [{resumeCommand}, options] = await Promise.all([import('./run.js'), runOptions()]);
			return resumeCommand(target, options, io);
		}
		case 'plan': {
			if (!target) throw new UsageError('plan needs a scene file: flowdeck plan <scenes>');
			const [{planCommand}, options] = await Promise.all([import('./plan.js'), runOptions()]);
			return planCommand(target, options, io);
		}
		case 'demo': {
			if (target) throw new UsageError(`unexpected argument "${target}" (demo takes no scene file)`);
			const demo = await import('./demo.js');
			return demo.demoCommand(demo.demoOptions(cli.flags, interactive, io.env.TERM), io);
		}
		case 'film': {
			if (!target) throw new UsageError('film needs the output folder of a run: flowdeck film <out-dir>');
			if (cli.flags.ffmpeg?.trim() === '')
				throw new UsageError('--ffmpeg needs the path of an ffmpeg program');
			const {filmCommand} = await import('./film.js');
			return filmCommand(target, {ffmpegPath: cli.flags.ffmpeg, json: cli.flags.json}, io);
		}
		case 'accounts': {
			if (target !== undefined && !(accountsCommandNames as readonly string[]).includes(target)) {
				throw (await import('./suggest.js')).unknownCommand(target, 'accounts');
			}
			const {accountsCommand} = await import('./accounts/index.js');
			return accountsCommand(target, rest, cli.flags, {...io, stdin: process.stdin});
		}
		case undefined:
			(await import('./help.js')).printHelp('', process.stdout);
			return exitCodes.usage;
		default:
			throw (await import('./suggest.js')).unknownCommand(command);
	}
}

main().then(exitWith, exitOnError);

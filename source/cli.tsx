#!/usr/bin/env node
// Only a few small modules load up front (not even meow: see commands/argv.ts). Each command imports
// what it needs once it is chosen, so `--version`, `demo` or a run from an accounts file do not wait
// for the modules of the others (the settings schema compiler, the dashboard, the simulator).
import {type CliFlags, type CommandLine, cliFlags, quickParse} from './commands/argv.js';
import {exitCodes} from './commands/exit-codes.js';
import type {Io} from './commands/run.js';
import type {RunOptions} from './commands/run-options.js';
import {UsageError} from './commands/run-options.js';
import type {Session} from './commands/session.js';
import {importDashboard} from './dashboard-entry.js';

const helpText = `
	Usage
	  $ flowdeck run <scenes>          generate every scene of a scene file
	  $ flowdeck resume <out-dir>      continue a run that was stopped or crashed
	  $ flowdeck demo                  the dashboard on a simulated run in ./flowdeck-demo; no account needed
	  $ flowdeck plan <scenes>         who would get which scene, and the cost; submits nothing
	  $ flowdeck accounts add <name> --cookie -    save an account (cookie read from stdin)
	  $ flowdeck accounts add <name> --google-cookies <file>   save a flow.google.com account
	  $ flowdeck accounts list [--json]            transport, project, tier, credits, health; never a cookie
	  $ flowdeck accounts remove <name>
	  $ flowdeck accounts check [name]             sign in, read credits and tier, create the project

	Run options
	  --accounts <file>        accounts file (JSON; see the readme)
	  --out <dir>              output folder (default ./flowdeck-out)
	  --model <key>            model key (default veo_3_1_t2v_fast)
	  --aspect 16:9|9:16       aspect ratio (default 16:9)
	  --copies 1-4             videos per scene (default 1)
	  --max-in-flight <n>      media generating at once per account (default 4)
	  --poll-interval <s>      seconds between status checks (default 5)
	  --submit-gap <s>         minimum seconds between two submits of one account (default 1)
	  --captcha-command <cmd>  prints a reCAPTCHA token for each generate call
	  --captcha browser        mint tokens in a local Chromium, one signed-in context per account
	    --browser-path <file>  the browser to start (default /usr/bin/chromium)
	    --captcha-headed       a visible window instead of headless (needs a display)
	  --captcha cdp=<host:port|ws-url>
	                           mint tokens in your own Chrome started with --remote-debugging-port
	  --mode parallel|sequential
	  --max-credits <n>        refuse a run that would cost more
	  --yes                    start without the plan screen
	  --new-run                start afresh in a folder that holds a run
	  --resubmit-in-doubt      (resume) submit in-doubt scenes again without asking
	  --no-tui                 one readable line per state change
	  --json                   NDJSON events on stdout
	  --ascii                  ASCII glyphs and borders only (also when the locale is not UTF-8)

	Dashboard keys: arrows or h/l account, j/k scene, r retry, s skip, R retry all failed,
	  p pause, enter details, t table, ? help, q quit (resume continues); NO_COLOR=1: no colour

	Account options (accounts add)
	  --cookie <token>|-       the labs.google session cookie; - reads it from stdin
	  --google-cookies <file>|-
	                           the flow.google.com Google cookies (a Cookie-Editor JSON export or a
	                           Cookie header); their content is saved. - reads them from stdin
	  --transport auto|labs|flow
	                           labs.google or flow.google.com (default auto: decided by the cookies)
	  --project <id>           the account's Flow project (else check/run creates one)
	  --max-in-flight <n>      media generating at once on this account
	  --captcha-command <cmd>  this account's captcha command

	Settings (accounts and run defaults) live in config.json in the platform's config folder,
	or in $FLOWDECK_CONFIG_DIR; without --accounts, run, resume and plan use the saved accounts.

	Exit codes: 0 all done or skipped, 1 some failed or in doubt, 2 bad usage or input,
	3 no usable account, 130 interrupted (resume continues)
`;

type ParsedCli = CommandLine & {showHelp(code: number): Promise<void>};

/** The command line: node:util's parseArgs for an ordinary one, meow for the rest (commands/argv.ts). */
async function commandLine(): Promise<ParsedCli> {
	const quick = quickParse(process.argv.slice(2));
	if (quick) {
		// As meow does: `ps` shows flowdeck, not node.
		process.title = 'flowdeck';
		return {...quick, showHelp: async (code) => (await withMeow()).showHelp(code)};
	}
	return withMeow();
}

/** meow prints --help and --version (with the description and version of package.json) and usage errors. */
async function withMeow(): Promise<ParsedCli> {
	const {default: meow} = await import('meow');
	let cli: ReturnType<typeof meow<typeof cliFlags>>;
	try {
		cli = meow(helpText, {importMeta: import.meta, allowUnknownFlags: false, flags: cliFlags});
	} catch (error) {
		// Its own checks ("The flag --out can only be set once."): bad usage, one line, exit 2.
		throw new UsageError((error as Error).message);
	}
	return {input: cli.input, flags: cli.flags as CliFlags, showHelp: async (code) => cli.showHelp(code)};
}

let dashboardModule: Promise<typeof import('./ui/dashboard.js')> | undefined;

/** The Ink dashboard, loaded only when a terminal will show it: a headless run never loads React. */
function loadDashboard(env: NodeJS.ProcessEnv): Promise<typeof import('./ui/dashboard.js')> {
	// Chalk reads this when Ink first loads it; the theme already asks for no colour (NO_COLOR).
	if (env.NO_COLOR) process.env.FORCE_COLOR = '0';
	dashboardModule ??= importDashboard();
	return dashboardModule;
}

async function showDashboard(session: Session, options: RunOptions, io: Io): Promise<number> {
	const [{runDashboard}, {finalExitCode}] = await Promise.all([
		loadDashboard(io.env),
		import('./commands/run.js'),
	]);
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

async function main(): Promise<number> {
	const cli = await commandLine();
	const [command, target, ...rest] = cli.input;
	const io: Io = {stdout: process.stdout, stderr: process.stderr, env: process.env, onInterrupt};
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
				import('./commands/run.js'),
				import('./commands/preflight.js'),
				import('./commands/confirm-plan.js'),
			]);
			if (interactive) io.confirmPlan = confirmPlanOnTerminal(target, process.stdin, process.stdout);
			return runCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'resume': {
			if (!target) throw new UsageError('resume needs the output folder of a run: flowdeck resume <out-dir>');
			// The simulator is loaded for a demo's folder only.
			if (await (await import('./commands/demo-marker.js')).isDemoRun(target)) {
				const demo = await import('./commands/demo.js');
				return demo.resumeDemo(target, demo.demoOptions(cli.flags, interactive), io);
			}
			const [{resumeCommand}, {runOptionsFor}] = await Promise.all([
				import('./commands/run.js'),
				import('./commands/preflight.js'),
			]);
			return resumeCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'plan': {
			if (!target) throw new UsageError('plan needs a scene file: flowdeck plan <scenes>');
			const [{planCommand}, {runOptionsFor}] = await Promise.all([
				import('./commands/plan.js'),
				import('./commands/preflight.js'),
			]);
			return planCommand(target, await runOptionsFor(cli.flags, {interactive, env: io.env}), io);
		}
		case 'demo': {
			if (target) throw new UsageError(`unexpected argument "${target}" (demo takes no scene file)`);
			const demo = await import('./commands/demo.js');
			return demo.demoCommand(demo.demoOptions(cli.flags, interactive), io);
		}
		case 'accounts': {
			const {accountsCommand} = await import('./commands/accounts.js');
			return accountsCommand(target, rest, cli.flags, {...io, stdin: process.stdin});
		}
		case undefined:
			await cli.showHelp(exitCodes.usage);
			return exitCodes.usage;
		default:
			throw new UsageError(`unknown command "${command}" (see flowdeck --help)`);
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
		const known = await import('./commands/command-errors.js').then(
			({isUsageProblem}) => isUsageProblem(error),
			() => false,
		);
		process.stderr.write(
			`flowdeck: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
		);
		process.exit(known ? exitCodes.usage : 1);
	},
);

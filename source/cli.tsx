#!/usr/bin/env node
import meow from 'meow';
import {exitCodes, type Io, resumeCommand, runCommand} from './commands/run.js';
import {resolveRunOptions, UsageError} from './commands/run-options.js';
import {ConfigError} from './config/accounts-file.js';
import {SceneFileError} from './core/scenes.js';

const cli = meow(
	`
	Usage
	  $ flowdeck run <scenes>          generate every scene of a scene file
	  $ flowdeck resume <out-dir>      continue a run that was stopped or crashed

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
	  --mode parallel|sequential
	  --max-credits <n>        refuse a run that would cost more
	  --yes                    start without the plan screen
	  --new-run                start afresh in a folder that holds a run
	  --resubmit-in-doubt      (resume) submit in-doubt scenes again without asking
	  --no-tui                 one readable line per state change
	  --json                   NDJSON events on stdout
	  --ascii                  ASCII glyphs and borders only

	Exit codes: 0 all done or skipped, 1 some failed or in doubt, 2 bad usage or input,
	3 no usable account, 130 interrupted (resume continues)
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
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
			mode: {type: 'string'},
			maxCredits: {type: 'string'},
			yes: {type: 'boolean'},
			newRun: {type: 'boolean'},
			resubmitInDoubt: {type: 'boolean'},
			tui: {type: 'boolean', default: true},
			json: {type: 'boolean'},
			ascii: {type: 'boolean'},
		},
	},
);

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
	const [command, target, ...rest] = cli.input;
	const io: Io = {stdout: process.stdout, stderr: process.stderr, env: process.env, onInterrupt};
	const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
	switch (command) {
		case 'run': {
			if (!target) throw new UsageError('run needs a scene file: flowdeck run <scenes>');
			return runCommand(target, resolveRunOptions(cli.flags, {interactive}), io);
		}
		case 'resume': {
			if (!target) throw new UsageError('resume needs the output folder of a run: flowdeck resume <out-dir>');
			return resumeCommand(target, resolveRunOptions(cli.flags, {interactive}), io);
		}
		case undefined:
			cli.showHelp(exitCodes.usage);
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
	(error: unknown) => {
		const known =
			error instanceof UsageError || error instanceof ConfigError || error instanceof SceneFileError;
		process.stderr.write(
			`flowdeck: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
		);
		process.exit(known ? exitCodes.usage : 1);
	},
);

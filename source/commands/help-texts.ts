/**
 * What `flowdeck --help` and `flowdeck <command> --help` print (commands/help.ts). Each text names
 * its command and every flag it takes; every line fits 80 columns (test/commands/help.test.ts).
 */

/** A flag and what it does; the flag column is 25 wide, a longer flag puts its text on the next line. */
type Row = readonly [flag: string, text: string, more?: string];

const flags = (rows: readonly Row[]): string =>
	rows
		.map(([flag, text, more]) => {
			const lines =
				flag.length < 24 ? [`  ${flag.padEnd(24)} ${text}`] : [`  ${flag}`, `${' '.repeat(27)}${text}`];
			if (more) lines.push(`${' '.repeat(27)}${more}`);
			return lines.join('\n');
		})
		.join('\n');

const help: Row = ['-h, --help', 'this help'];

const row = {
	accounts: ['--accounts <file>', 'an accounts file (JSON), not the saved accounts'],
	out: ['--out <dir>', 'output folder (default ./flowdeck-out)'],
	model: ['--model <key>', 'model key (default veo_3_1_t2v_fast)'],
	aspect: ['--aspect 16:9|9:16', 'aspect ratio (default 16:9)'],
	copies: ['--copies 1-4', 'videos per scene (default 1)'],
	maxInFlight: ['--max-in-flight <n>', 'videos generating at once per account (default 4)'],
	mode: ['--mode parallel|sequential', 'spread over the accounts (default) or one at a time'],
	maxCredits: ['--max-credits <n>', 'refuse a run that would cost more'],
	pollInterval: ['--poll-interval <s>', 'seconds between status checks (default 5)'],
	submitGap: ['--submit-gap <s>', "least gap between an account's submits (default 1 s)"],
	captchaCommand: ['--captcha-command <cmd>', 'prints a reCAPTCHA token for each generate call'],
	captchaBrowser: ['--captcha browser', 'tokens from a local Chromium, a context per account'],
	browserPath: ['--browser-path <file>', 'the browser it starts (default /usr/bin/chromium)'],
	captchaHeaded: ['--captcha-headed', 'a visible browser window (needs a display)'],
	captchaCdp: [
		'--captcha cdp=<host:port|ws-url>',
		'mint tokens in your own Chrome, started with',
		'--remote-debugging-port',
	],
	yes: ['--yes', 'start without the plan question'],
	newRun: ['--new-run', 'start afresh in a folder that holds a run'],
	resubmitInDoubt: ['--resubmit-in-doubt', 'submit in-doubt scenes again without asking'],
	pick: ['--pick first|largest', 'the take a scene with copies keeps (default first)'],
	film: ['--film', 'join the chosen takes into <out>/film.mp4 at the end'],
	ffmpeg: ['--ffmpeg <path>', 'the ffmpeg to use (default: the one on PATH)'],
	noTui: ['--no-tui', 'one readable line per state change, no dashboard'],
	json: ['--json', 'NDJSON events on stdout'],
	ascii: ['--ascii', 'ASCII glyphs and borders only'],
} as const satisfies Record<string, Row>;

const captcha = [row.captchaCommand, row.captchaBrowser, row.browserPath, row.captchaHeaded, row.captchaCdp];
const output = [row.noTui, row.json, row.ascii];

const settings = `Without --accounts, the accounts saved by \`flowdeck accounts add\` are used.
Values come from the flag, else the settings' defaults, else the built-in one.`;

const run = `Usage: flowdeck run <scenes> [flags]

Generates every scene of a scene file (.txt: one prompt a line; .jsonl, .json
or .csv: see the readme). In a terminal it shows the plan and asks first.

Flags
${flags([
	row.accounts,
	row.out,
	row.model,
	row.aspect,
	row.copies,
	row.maxInFlight,
	row.mode,
	row.maxCredits,
	row.pollInterval,
	row.submitGap,
	...captcha,
	row.pick,
	row.film,
	row.ffmpeg,
	row.yes,
	row.newRun,
	...output,
	help,
])}

${settings}
A folder that already holds a run is refused: \`flowdeck resume <out-dir>\`.
`;

const resume = `Usage: flowdeck resume <out-dir> [flags]

Continues a run that was stopped or crashed, from the bookkeeping in <out-dir>.
An acknowledged scene is never submitted again; the scenes, model, aspect,
copies and mode are the run's own.

Flags
${flags([
	row.accounts,
	row.pollInterval,
	row.submitGap,
	...captcha,
	row.resubmitInDoubt,
	row.film,
	row.ffmpeg,
	...output,
	help,
])}

${settings}
`;

const plan = `Usage: flowdeck plan <scenes> [flags]

Who would get which scene, and what it would cost. Signs in and reads credits;
creates no project and submits nothing. Exit 0 when the run could start, 2 when
it would be refused, 3 when no account can be used.

Flags
${flags([
	row.accounts,
	row.model,
	row.aspect,
	row.copies,
	row.maxInFlight,
	row.mode,
	row.maxCredits,
	['--json', 'the plan as one JSON object'],
	help,
])}

${settings}
`;

const demo = `Usage: flowdeck demo [flags]

The dashboard on a simulated run: flowdeck's own Flow simulator, three
accounts, about a dozen scenes. No account, no network, nothing paid for.

Flags
${flags([
	['--out <dir>', 'output folder (default ./flowdeck-demo)'],
	row.json,
	row.noTui,
	row.ascii,
	row.captchaBrowser,
	row.browserPath,
	row.captchaHeaded,
	['--new-run', 'use a folder that holds a run that is not a demo'],
	row.model,
	row.aspect,
	row.copies,
	['--max-in-flight <n>', 'videos generating at once per account (default 2)'],
	['--poll-interval <s>', 'seconds between status checks (default 1)'],
	['--submit-gap <s>', 'least gap between two submits (default 0.3 s)'],
	help,
])}

An earlier demo in the folder is set aside; its videos stay.
`;

const film = `Usage: flowdeck film <out-dir> [flags]

Joins the done scenes of a run's output folder, in scene order, into
<out-dir>/film.mp4 (each scene's chosen take; the upscaled copies when every
take has one), and tiles their posters into <out-dir>/film.jpg. Needs ffmpeg.
Exit 0 made, 1 ffmpeg failed, 2 no ffmpeg, no manifest or no done scene.

Flags
${flags([row.ffmpeg, ['--json', 'NDJSON film.progress and film.done on stdout'], help])}
`;

const accountsUsage = `Usage: flowdeck accounts <command> [flags]

Your Flow accounts, kept in config.json in the platform's config folder, or in
$FLOWDECK_CONFIG_DIR. run, resume and plan use them unless --accounts is given.

Commands
  flowdeck accounts add <name> [flags]   save an account
  flowdeck accounts list [--json]        transport, tier, credits, health
  flowdeck accounts remove <name>        forget an account and its cookies
  flowdeck accounts check [name]         sign in, read credits and tier, create
                                         the project; exit 1 if any failed

Flags
${flags([help])}

\`flowdeck accounts <command> --help\` shows the flags of that command.
`;

const accountsAdd = `Usage: flowdeck accounts add <name> [flags]

Saves an account. It needs --google-cookies (the flow.google.com Google
cookies), --cookie (the older labs.google session cookie), or both; only one of
the two can read stdin. No network: \`flowdeck accounts check\` signs in.

Flags
${flags([
	['--google-cookies <file>|-', 'a Cookie-Editor JSON export or a Cookie header;', '- reads it from stdin'],
	['--cookie <token>|-', 'the labs.google session cookie; - reads stdin'],
	['--transport auto|labs|flow', 'the site to use (default auto: by the cookies)'],
	['--project <id>', "the account's Flow project (else check creates one)"],
	['--max-in-flight <n>', 'videos generating at once on this account'],
	['--captcha-command <cmd>', "this account's captcha command"],
	help,
])}

Example
  flowdeck accounts add acc1 --google-cookies acc1-cookies.json
`;

const accountsList = `Usage: flowdeck accounts list [flags]

The saved accounts: name, transport, project, tier, credits and health as the
last \`flowdeck accounts check\` found them. Never a cookie. No network.

Flags
${flags([['--json', 'the accounts as one JSON object'], help])}
`;

const accountsRemove = `Usage: flowdeck accounts remove <name> [flags]

Forgets the account and its cookies.

Flags
${flags([help])}
`;

const accountsCheck = `Usage: flowdeck accounts check [name] [flags]

For every account (or the one named): signs in with its cookies, reads credits
and tier, creates a Flow project when it has none, and records what it found
for \`flowdeck accounts list\`. Exit 1 if any account failed.

Flags
${flags([help])}
`;

const general = `flowdeck: turn a script of scenes into finished videos with Google Flow (Veo),
across several accounts at once, with a live terminal dashboard.

Usage
  flowdeck run <scenes> [flags]        generate every scene of a scene file
  flowdeck resume <out-dir> [flags]    continue a stopped or crashed run
  flowdeck plan <scenes> [flags]       who would get which scene, and the cost
  flowdeck demo [flags]                a simulated run; no account needed
  flowdeck film <out-dir> [flags]      join the done scenes into film.mp4
  flowdeck accounts add <name> [flags] save an account
  flowdeck accounts list [--json]      transport, tier, credits, health
  flowdeck accounts remove <name>      forget an account and its cookies
  flowdeck accounts check [name]       sign in, read credits and tier

  flowdeck [command] -h, --help        this help, or the flags of a command
  flowdeck -v, --version               the version

Dashboard keys: arrows or h/l account, j/k scene, r retry, s skip, R retry all
failed, p pause, enter details, t table, ? help, q quit (resume continues)

Settings (accounts and run defaults) live in config.json in the platform's
config folder, or in $FLOWDECK_CONFIG_DIR. NO_COLOR=1: no colour.

Exit codes: 0 all done or skipped, 1 some failed or in doubt, 2 bad usage or
input, 3 no usable account, 130 interrupted (resume continues)
`;

/** The help of each command, by the words that name it; '' is `flowdeck --help`. */
export const helpTexts: Readonly<Record<string, string>> = {
	'': general,
	run,
	resume,
	plan,
	demo,
	film,
	accounts: accountsUsage,
	'accounts add': accountsAdd,
	'accounts list': accountsList,
	'accounts remove': accountsRemove,
	'accounts check': accountsCheck,
};

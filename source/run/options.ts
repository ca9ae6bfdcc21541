import {readSettings} from '../config/settings-file.js';
import {type Aspect, isAspect} from '../labs/index.js';
import {captchaBrowserFlag, integerFlag, secondsFlag} from './option-values.js';
import {UsageError} from './usage-error.js';

/** Where browser-minted captcha tokens come from (labs/browser-captcha's BrowserMode). */
export type CaptchaBrowser =
	| {kind: 'launch'; executablePath?: string; headed: boolean}
	| {kind: 'cdp'; endpoint: string};

export type RunFlags = {
	accounts?: string;
	out?: string;
	model?: string;
	aspect?: string;
	copies?: string;
	maxInFlight?: string;
	pollInterval?: string;
	submitGap?: string;
	captchaCommand?: string;
	captcha?: string;
	captchaHeaded?: boolean;
	browserPath?: string;
	mode?: string;
	maxCredits?: string;
	yes?: boolean;
	newRun?: boolean;
	resubmitInDoubt?: boolean;
	pick?: string;
	film?: boolean;
	ffmpeg?: string;
	tui?: boolean;
	json?: boolean;
	ascii?: boolean;
};

export type RunOptions = {
	accountsFile?: string;
	outDir: string;
	model: string;
	aspect: Aspect;
	copies: number;
	maxInFlight: number;
	pollIntervalMs: number;
	submitGapMs: number;
	captchaCommand?: string;
	/** --captcha browser|cdp=…: tokens minted by a Chromium this run drives, for every account. */
	captchaBrowser?: CaptchaBrowser;
	mode: 'parallel' | 'sequential';
	maxCredits?: number;
	yes: boolean;
	newRun: boolean;
	resubmitInDoubt: boolean;
	/** The take a scene with copies keeps unless a person picks one (docs/design.md §4). */
	pick: PickRule;
	/** Join the chosen takes into <out>/film.mp4 when the run ends. */
	film: boolean;
	/** The ffmpeg to run for --film; else the one on PATH. */
	ffmpegPath?: string;
	output: 'tui' | 'lines' | 'json';
	ascii: boolean;
	/** The --model value as typed: sent even when the model catalogue does not know it. */
	explicitModel?: string;
};

export const pickRules = ['first', 'largest'] as const;
export type PickRule = (typeof pickRules)[number];

/** Defaults from the settings file; they sit between the built-in defaults and the flags. */
export type RunDefaults = {
	model?: string;
	aspect?: Aspect;
	copies?: number;
	maxInFlight?: number;
	/** Seconds. */
	pollInterval?: number;
	out?: string;
	captchaCommand?: string;
};

export const runDefaults = {
	outDir: './flowdeck-out',
	model: 'veo_3_1_t2v_fast',
	aspect: '16:9' as Aspect,
	copies: 1,
	maxInFlight: 4,
	pollIntervalSeconds: 5,
	submitGapSeconds: 1,
};

/**
 * Flags → validated options; every problem is one UsageError line naming the flag (exit 2).
 * Precedence: built-in defaults < `defaults` (the settings file) < flags.
 */
export function resolveRunOptions(
	flags: RunFlags,
	{interactive, defaults = {}, term}: {interactive: boolean; defaults?: RunDefaults; term?: string},
): RunOptions {
	const aspect = flags.aspect ?? defaults.aspect ?? runDefaults.aspect;
	if (!isAspect(aspect)) throw new UsageError(`--aspect must be 16:9 or 9:16 (got "${aspect}")`);
	const mode = flags.mode ?? 'parallel';
	if (mode !== 'parallel' && mode !== 'sequential') {
		throw new UsageError(`--mode must be parallel or sequential (got "${mode}")`);
	}
	const captchaBrowser = captchaBrowserFlag(flags);
	const pick = flags.pick ?? 'first';
	if (!(pickRules as readonly string[]).includes(pick)) {
		throw new UsageError(`--pick must be first or largest (got "${pick}")`);
	}
	if (flags.ffmpeg !== undefined && flags.ffmpeg.trim() === '') {
		throw new UsageError('--ffmpeg needs the path of an ffmpeg program');
	}
	const model = flags.model ?? defaults.model ?? runDefaults.model;
	if (!/^[a-z0-9_]+$/.test(model))
		throw new UsageError(`--model "${model}" is not a model key (like veo_3_1_t2v_fast)`);
	const output = flags.json
		? 'json'
		: flags.tui === false || !interactive || term === 'dumb'
			? 'lines'
			: 'tui';
	return {
		accountsFile: flags.accounts,
		outDir: flags.out ?? defaults.out ?? runDefaults.outDir,
		model,
		aspect,
		copies: integerFlag('--copies', flags.copies, defaults.copies ?? runDefaults.copies, 1, 4),
		maxInFlight: integerFlag(
			'--max-in-flight',
			flags.maxInFlight,
			defaults.maxInFlight ?? runDefaults.maxInFlight,
			1,
			16,
		),
		pollIntervalMs: secondsFlag(
			'--poll-interval',
			flags.pollInterval,
			defaults.pollInterval ?? runDefaults.pollIntervalSeconds,
			0.01,
			600,
		),
		submitGapMs: secondsFlag('--submit-gap', flags.submitGap, runDefaults.submitGapSeconds, 0, 600),
		captchaCommand: flags.captchaCommand ?? defaults.captchaCommand,
		...(captchaBrowser ? {captchaBrowser} : {}),
		mode,
		maxCredits:
			flags.maxCredits === undefined
				? undefined
				: integerFlag('--max-credits', flags.maxCredits, 0, 0, Number.MAX_SAFE_INTEGER),
		yes: flags.yes ?? false,
		newRun: flags.newRun ?? false,
		resubmitInDoubt: flags.resubmitInDoubt ?? false,
		pick: pick as PickRule,
		film: flags.film ?? false,
		...(flags.ffmpeg === undefined ? {} : {ffmpegPath: flags.ffmpeg}),
		output,
		ascii: flags.ascii ?? false,
		explicitModel: flags.model,
	};
}

/** Flags over the settings' defaults over the built-in ones. */
export async function runOptionsFor(
	flags: RunFlags,
	{interactive, env}: {interactive: boolean; env: NodeJS.ProcessEnv},
): Promise<RunOptions> {
	const {defaults} = await readSettings(env);
	return resolveRunOptions(flags, {interactive, defaults, term: env.TERM});
}

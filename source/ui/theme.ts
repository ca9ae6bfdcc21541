import type {AccountHealth, SceneState} from '../core/events.js';

/** What the terminal can show: decided once from the environment and the flags. */
export type Display = {color: boolean; ascii: boolean};

export type TextStyle = {color?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean};

export type BorderStyle = {
	topLeft: string;
	top: string;
	topRight: string;
	right: string;
	bottomRight: string;
	bottom: string;
	bottomLeft: string;
	left: string;
};

export type Tone = 'title' | 'muted' | 'accent' | 'good' | 'bad' | 'warn' | 'key' | 'selected';

export type Glyphs = {
	state: Record<Exclude<SceneState, 'polling'>, string>;
	spinner: readonly string[];
	cursor: string;
	/** Beside the take a scene keeps (the details pane's takes). */
	chosen: string;
	ellipsis: string;
	folded: string;
	more: {up: string; down: string};
	/** How a scene is made (scene-mode.ts); a plain text scene has no glyph. One cell each. */
	mode: {frames: string; framesEnd: string; references: string; extend: string; upscale: string};
	keys: {left: string; right: string; up: string; down: string; return: string; escape: string};
	/** Box-drawing characters of ink-table's skeleton, mapped to what this terminal shows. */
	tableChar(char: string): string;
};

export type Theme = Display & {
	glyphs: Glyphs;
	border: BorderStyle;
	borderFocused: BorderStyle;
	text(tone: Tone): TextStyle;
	scene(state: SceneState): TextStyle;
	health(health: AccountHealth): TextStyle;
	borderColor(focused: boolean): string | undefined;
	/** The glyph of a scene; polling spins with the clock. */
	glyph(state: SceneState, tick: number): string;
};

/**
 * NO_COLOR (any non-empty value, no-color.org) and FORCE_COLOR=0 turn every escape off. A locale
 * that is not UTF-8 cannot show box drawing or ✓, so it gets ASCII like `--ascii`.
 */
export function displayFromEnv(
	env: NodeJS.ProcessEnv,
	flags: {ascii?: boolean} = {},
	platform: NodeJS.Platform = process.platform,
): Display {
	const color = !env.NO_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	// Windows terminals speak UTF-16 to the console whatever the (usually unset) locale says.
	const utf8 = locale === '' ? platform === 'win32' : /utf-?8/i.test(locale);
	return {color, ascii: Boolean(flags.ascii) || !utf8};
}

const unicodeGlyphs: Glyphs = {
	state: {
		queued: '·',
		submitting: '↑',
		downloading: '↓',
		done: '✓',
		failed: '✗',
		skipped: '–',
		'in-doubt': '?',
	},
	spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
	cursor: '›',
	chosen: '✓',
	ellipsis: '…',
	folded: '⋯',
	more: {up: '↑', down: '↓'},
	// One start frame, two frames (start | end), a grid of reference images, a clip carried on, a
	// bigger copy. Not East Asian ambiguous nor emoji, so every terminal (tmux too) gives each one cell.
	mode: {frames: '◧', framesEnd: '◫', references: '⊞', extend: '↦', upscale: '⇑'},
	keys: {left: '←', right: '→', up: '↑', down: '↓', return: 'enter', escape: 'esc'},
	tableChar: (char) => char,
};

const boxToAscii: Record<string, string> = {
	'─': '-',
	'│': '|',
	'┌': '+',
	'┐': '+',
	'└': '+',
	'┘': '+',
	'├': '+',
	'┤': '+',
	'┬': '+',
	'┴': '+',
	'┼': '+',
};

const asciiGlyphs: Glyphs = {
	state: {
		queued: '.',
		submitting: '^',
		downloading: 'v',
		done: '+',
		failed: 'x',
		skipped: '-',
		'in-doubt': '?',
	},
	// No '-': that is the skipped glyph.
	spinner: ['|', '/', '\\'],
	cursor: '>',
	// Not '+': beside a take that would read as "and", and it is the done glyph already.
	chosen: '*',
	ellipsis: '~',
	folded: '+',
	more: {up: '^', down: 'v'},
	// Initials: Frames, Both frames (start and end), References, Extend; the upscale, which goes with
	// any of them, is a lower-case mark after the mode's letter (`Fu`): a modifier, not a mode.
	mode: {frames: 'F', framesEnd: 'B', references: 'R', extend: 'E', upscale: 'u'},
	keys: {left: 'Left', right: 'Right', up: 'Up', down: 'Down', return: 'Enter', escape: 'Esc'},
	tableChar: (text) => text.replace(/[─│┌┐└┘├┤┬┴┼]/g, (char) => boxToAscii[char] ?? '+'),
};

const round: BorderStyle = {
	topLeft: '╭',
	top: '─',
	topRight: '╮',
	right: '│',
	bottomRight: '╯',
	bottom: '─',
	bottomLeft: '╰',
	left: '│',
};
const heavy: BorderStyle = {
	topLeft: '┏',
	top: '━',
	topRight: '┓',
	right: '┃',
	bottomRight: '┛',
	bottom: '━',
	bottomLeft: '┗',
	left: '┃',
};
const classic: BorderStyle = {
	topLeft: '+',
	top: '-',
	topRight: '+',
	right: '|',
	bottomRight: '+',
	bottom: '-',
	bottomLeft: '+',
	left: '|',
};
/** The focused column must stand out without colour too. */
const classicFocused: BorderStyle = {...classic, top: '=', bottom: '=', left: '#', right: '#'};

const tones: Record<Tone, TextStyle> = {
	title: {bold: true},
	muted: {dimColor: true},
	accent: {color: 'cyan'},
	good: {color: 'green'},
	bad: {color: 'red'},
	warn: {color: 'yellow'},
	key: {color: 'cyan', bold: true},
	selected: {inverse: true},
};

const sceneTones: Record<SceneState, Tone | undefined> = {
	queued: 'muted',
	submitting: 'accent',
	polling: 'accent',
	downloading: 'accent',
	done: 'good',
	failed: 'bad',
	skipped: 'muted',
	'in-doubt': 'warn',
};

const healthTones: Record<AccountHealth, Tone> = {
	ok: 'good',
	refreshing: 'accent',
	'auth-failed': 'bad',
	'quota-exhausted': 'bad',
	'cooling-down': 'warn',
};

const none: TextStyle = {};

/** The one place colours and glyphs come from; components ask it, never name a colour themselves. */
export function createTheme(display: Display): Theme {
	const glyphs = display.ascii ? asciiGlyphs : unicodeGlyphs;
	const text = (tone: Tone): TextStyle => (display.color ? tones[tone] : none);
	return {
		...display,
		glyphs,
		border: display.ascii ? classic : round,
		borderFocused: display.ascii ? classicFocused : heavy,
		text,
		scene: (state) => {
			const tone = sceneTones[state];
			return tone ? text(tone) : none;
		},
		health: (health) => text(healthTones[health]),
		borderColor: (focused) => (display.color ? (focused ? 'cyan' : 'gray') : undefined),
		glyph: (state, tick) =>
			state === 'polling' ? (glyphs.spinner[tick % glyphs.spinner.length] as string) : glyphs.state[state],
	};
}

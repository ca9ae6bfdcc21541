import {readFile} from 'node:fs/promises';
import {
	CookieJar,
	isFlowError,
	normaliseSessionCookie,
	originsFromEnv,
	parseGoogleCookies,
} from '../../labs/index.js';
import {UsageError} from '../../run/usage-error.js';
import {readSecret} from '../read-secret.js';
import type {AccountsIo} from './common.js';

/**
 * The Google cookies of `--google-cookies <file>|-`, checked as the run will read them and returned as
 * text: the settings keep the content, so they do not depend on the file staying where it is. Every
 * error names the account and the source, never a cookie.
 */
export async function googleCookiesFrom(name: string, flag: string, io: AccountsIo): Promise<string> {
	if (flag === '') {
		throw new UsageError('--google-cookies needs a file, or - to read the Google cookies from stdin');
	}
	let text: string;
	let source: string;
	if (flag === '-') {
		if (!io.stdin) throw new UsageError('--google-cookies - reads the cookies from stdin, but there is none');
		text = await readSecret(io.stdin, {
			stderr: io.stderr,
			prompt: `Paste the Google cookies for ${name} (a Cookie header or a Cookie-Editor JSON export; input hidden), then press Enter:`,
			until: 'cookies',
			maxChars: maxGoogleCookiesBytes,
		});
		source = 'stdin';
	} else {
		try {
			text = await readFile(flag, 'utf8');
		} catch (error) {
			// The cookies themselves typed in place of a file name: said without repeating them.
			if (/^\s*[[{]/.test(flag) || flag.includes('=')) {
				throw new UsageError(
					`${name}: --google-cookies takes a file or - (stdin), not the cookies themselves (they would stay in your shell history)`,
				);
			}
			const code = (error as NodeJS.ErrnoException).code;
			const why =
				code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? 'unreadable');
			throw new UsageError(`${name}: --google-cookies: cannot read ${flag}: ${why}`);
		}
		source = flag;
	}
	if (text.length > maxGoogleCookiesBytes) {
		throw new UsageError(`${name}: --google-cookies ${source}: more than 1 MB is not a cookie export`);
	}
	const cookies = text.replace(/^\uFEFF/, '').trim();
	if (cookies === '') throw new UsageError(`${name}: --google-cookies ${source} is empty`);
	try {
		new CookieJar(parseGoogleCookies(cookies), originsFromEnv(io.env).flowUrl);
	} catch (error) {
		// The parser's messages name the setting, never a value ("googleCookies: …").
		const detail = isFlowError(error)
			? error.message.replace(/^googleCookies: /, '')
			: 'not a Cookie-Editor export or Cookie header';
		const hint = detail.includes('(')
			? ''
			: ' (export them from flow.google.com with Cookie-Editor, or copy the Cookie header)';
		throw new UsageError(`${name}: --google-cookies ${source}: ${detail}${hint}`);
	}
	// An export is stored on one line; a Cookie header as it is.
	return /^[[{]/.test(cookies) ? JSON.stringify(JSON.parse(cookies)) : cookies;
}

/** A Cookie-Editor export runs to tens of kB; anything past 1 MB is not one. */
const maxGoogleCookiesBytes = 1_000_000;

export async function cookieFrom(name: string, flag: string | undefined, io: AccountsIo): Promise<string> {
	if (flag === undefined || flag === '') {
		throw new UsageError(
			'accounts add needs the session cookie: --cookie - reads it from stdin (see the readme for where to find it)',
		);
	}
	let raw = flag;
	if (flag === '-') {
		if (!io.stdin) throw new UsageError('--cookie - reads the cookie from stdin, but there is none');
		raw = await readSecret(io.stdin, {
			stderr: io.stderr,
			prompt: `Paste the labs.google session cookie for ${name} (input hidden), then press Enter:`,
			until: 'line',
			// Session tokens are a few kB; anything far bigger is not one.
			maxChars: 100_000,
		});
	} else {
		io.stderr.write('tip: `--cookie -` reads the cookie from stdin and keeps it out of your shell history\n');
	}
	// A whole Cookie header pasted from DevTools works too: keep only the session token.
	const cookie = normaliseSessionCookie(raw);
	if (cookie === '') throw new UsageError('the session cookie is empty');
	if (/\s/.test(cookie)) throw new UsageError('the session cookie contains spaces; copy the value alone');
	return cookie;
}

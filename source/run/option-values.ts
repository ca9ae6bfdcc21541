import {normaliseCdpEndpoint} from '../labs/index.js';
import type {CaptchaBrowser, RunFlags} from './options.js';
import {UsageError} from './usage-error.js';

/** `--captcha browser` (with `--browser-path`, `--captcha-headed`) or `--captcha cdp=<host:port|ws-url>`. */
export function captchaBrowserFlag(flags: RunFlags): CaptchaBrowser | undefined {
	const value = flags.captcha?.trim();
	if (value === undefined) {
		if (flags.captchaHeaded) throw new UsageError('--captcha-headed goes with --captcha browser');
		if (flags.browserPath !== undefined) throw new UsageError('--browser-path goes with --captcha browser');
		return undefined;
	}
	if (flags.captchaCommand !== undefined) {
		throw new UsageError('--captcha and --captcha-command both say where tokens come from: give one of them');
	}
	if (value === 'browser') {
		const path = flags.browserPath?.trim();
		if (path === '') throw new UsageError('--browser-path is empty');
		return {kind: 'launch', headed: flags.captchaHeaded ?? false, ...(path ? {executablePath: path} : {})};
	}
	if (value.startsWith('cdp=')) {
		const endpoint = value.slice('cdp='.length).trim();
		if (!isCdpEndpoint(endpoint)) {
			throw new UsageError(
				`--captcha cdp= needs host:port or a ws:// address of a Chrome started with --remote-debugging-port (got "${endpoint}")`,
			);
		}
		if (flags.captchaHeaded || flags.browserPath !== undefined) {
			throw new UsageError('--captcha-headed and --browser-path go with --captcha browser, not cdp=');
		}
		return {kind: 'cdp', endpoint};
	}
	throw new UsageError(`--captcha must be browser or cdp=<host:port|ws-url> (got "${value}")`);
}

function isCdpEndpoint(endpoint: string): boolean {
	try {
		normaliseCdpEndpoint(endpoint);
		return true;
	} catch {
		return false;
	}
}

export function integerFlag(
	name: string,
	raw: string | undefined,
	fallback: number,
	min: number,
	max: number,
): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
		throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
	}
	return value;
}

export function secondsFlag(
	name: string,
	raw: string | undefined,
	fallback: number,
	min: number,
	max: number,
): number {
	if (raw === undefined) return fallback * 1000;
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
		throw new UsageError(`${name} must be a number of seconds from ${min} to ${max} (got "${raw}")`);
	}
	return Math.round(value * 1000);
}

/** What the settings file holds: its run defaults and the accounts saved by `flowdeck accounts`. */

import type {Aspect} from '../labs/aspect.js';
import type {TransportChoice} from './account-rules.js';

/** What the last `flowdeck accounts check` found; shown by `accounts list`. Holds no secret. */
export const checkResults = [
	'ok',
	'cookie-expired',
	'migrated',
	'no-access',
	'unreachable',
	'failed',
] as const;
export type CheckResult = (typeof checkResults)[number];

export type AccountCheck = {
	/** ISO-8601 time of the check. */
	at: string;
	result: CheckResult;
	tier?: string;
	credits?: number;
	/** The one-line reason of a failed check. */
	message?: string;
	/** The wire the account used (an `auto` account's choice); absent when the check could not tell. */
	transport?: 'labs' | 'flow';
};

/** An account needs `cookie`, `googleCookies`, or both. */
export type SettingsAccount = {
	name: string;
	/** The labs.google session token. Never printed. */
	cookie?: string;
	/**
	 * The flow.google.com Google cookies: the text of a Cookie-Editor JSON export or a Cookie header
	 * (`accounts add` stores the content, not the path of the file it was read from). Never printed.
	 */
	googleCookies?: string;
	/** Which wire the account speaks; absent means `auto`. */
	transport?: TransportChoice;
	projectId?: string;
	maxInFlight?: number;
	captchaCommand?: string;
	lastCheck?: AccountCheck;
};

/** Run defaults: built-in < settings < flags. */
export type SettingsDefaults = {
	model?: string;
	aspect?: Aspect;
	copies?: number;
	maxInFlight?: number;
	/** Seconds. */
	pollInterval?: number;
	out?: string;
	captchaCommand?: string;
};

export type Settings = {defaults: SettingsDefaults; accounts: SettingsAccount[]};

/**
 * What makes an account entry valid, written once: the settings schema (settings-schema.ts), the
 * accounts file (accounts-file.ts) and `flowdeck accounts add` all check these and word their errors
 * with these phrases (docs/design.md §4, "Accounts").
 */

import type {TransportChoice} from '../labs/index.js';

export type {TransportChoice};

/** How an account talks to Flow: `auto` picks per run from its credentials (docs/protocol-flow.md). */
export const transportChoices = ['auto', 'labs', 'flow'] as const satisfies readonly TransportChoice[];
export const transportRule = '"auto", "labs" or "flow"';

export const isTransportChoice = (value: unknown): value is TransportChoice =>
	(transportChoices as readonly unknown[]).includes(value);

/** The name is a folder and file name part and a column title, never a credential. */
export const accountNamePattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';
export const accountNameRule = "1-32 letters, digits, '.', '_' or '-'";
const accountNameRegExp = new RegExp(accountNamePattern);
export const isAccountName = (value: unknown): value is string =>
	typeof value === 'string' && accountNameRegExp.test(value);

/** Videos one account may have generating at once. */
export const maxInFlightRange = {min: 1, max: 16} as const;
export const maxInFlightRule = `a whole number from ${maxInFlightRange.min} to ${maxInFlightRange.max}`;
export const isMaxInFlight = (value: unknown): value is number =>
	Number.isInteger(value) &&
	(value as number) >= maxInFlightRange.min &&
	(value as number) <= maxInFlightRange.max;

/** An account signs in with a labs.google session cookie, flow.google.com Google cookies, or both. */
export const credentialsRule = 'needs "cookie" (labs.google) or "googleCookies" (flow.google.com)';

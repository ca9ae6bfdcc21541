/**
 * How an account's page fails: the captcha error codes, and FlowErrors that name the account, telling
 * a browser that went away (or a page closed for good) from a page that merely failed.
 */
import {FlowError} from '../../errors/index.js';
import {browserErrorCodes, plainReason} from './browser-errors.js';
import type {BrowserSession} from './browser-session.js';

export const captchaErrorCodes = {
	...browserErrorCodes,
	noPage: 'CAPTCHA_NO_PAGE',
	signedOut: 'CAPTCHA_SIGNED_OUT',
	noCookies: 'CAPTCHA_NO_COOKIES',
	scriptMissing: 'CAPTCHA_SCRIPT_MISSING',
	executeFailed: 'CAPTCHA_EXECUTE_FAILED',
	timeout: 'CAPTCHA_TIMEOUT',
} as const;

export class AccountErrors {
	readonly #name: string;
	readonly #session: BrowserSession;
	/** Set once the account's page is closed: from then on every failure says so. */
	closed = false;

	constructor(name: string, session: BrowserSession) {
		this.#name = name;
		this.#session = session;
	}

	/** A Playwright failure because the browser, context or page went away: the browser is gone. */
	gone(error: unknown): FlowError | undefined {
		const text = error instanceof Error ? error.message : String(error);
		const closedText =
			/Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target closed|Connection closed/i;
		if (!closedText.test(text) && this.#session.connected && !this.closed) return undefined;
		if (this.closed) return this.error('the browser captcha is closed', captchaErrorCodes.closed);
		return this.error('the browser went away while minting', captchaErrorCodes.gone);
	}

	error(reason: string, code: string): FlowError {
		return new FlowError('captcha', `${this.#name}: ${reason}`, {code});
	}

	scoped(error: unknown): FlowError {
		if (error instanceof FlowError) return error.forAccount(this.#name);
		return this.error(plainReason(error), captchaErrorCodes.start);
	}
}

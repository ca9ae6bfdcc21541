/**
 * Opening ONE account's page, and opening it again once it is gone: its own BrowserContext (cookies of
 * no other account ever enter it), loaded with that account's cookies for the site it mints on
 * (account-cookies.ts), and one tab on the account's project page, reused while it stays on that URL.
 * A landing elsewhere means the account is signed out.
 */
import type {BrowserContext, Page} from 'playwright-core';
import {FlowError} from '../../errors/index.js';
import type {TransportKind} from '../../types.js';
import {type AccountCookies, flowCookies, labsCookies} from './account-cookies.js';
import {type AccountErrors, captchaErrorCodes} from './account-errors.js';
import {plainReason} from './browser-errors.js';
import type {BrowserSession} from './browser-session.js';
import {documentedSiteKey, hasEnterprise, readSiteKey} from './page-scripts.js';

export type MintTarget = {pageUrl: string; site: TransportKind; action: string};

export type TabOptions = {
	navigationTimeoutMs: number;
	/** How long grecaptcha.enterprise may take to appear once the page has loaded. */
	scriptTimeoutMs: number;
};

export type Opened = {page: Page; pageUrl: string; landed: string; siteKey: string; generation: number};

/** Where a navigation ended when that means "not signed in": another host, or a sign-in or /about page. */
function signedOutLanding(landed: string, wanted: string): string | undefined {
	let to: URL;
	let from: URL;
	try {
		to = new URL(landed);
		from = new URL(wanted);
	} catch {
		return undefined;
	}
	if (to.host !== from.host) return `${to.host}${to.pathname}`;
	if (to.pathname !== from.pathname && /^\/about\b|signin|sign-in|login/i.test(to.pathname))
		return to.pathname;
	return undefined;
}

export class AccountTab {
	readonly #session: BrowserSession;
	readonly #account: AccountCookies;
	readonly #options: TabOptions;
	readonly #errors: AccountErrors;
	#context: BrowserContext | undefined;
	#contextGeneration = -1;
	/** `<site>|<origin>` whose cookies this context holds. */
	#loaded = new Set<string>();
	/** The account's one tab, reloaded rather than replaced when its page has to be loaded again. */
	#page: Page | undefined;
	#opened: Opened | undefined;

	constructor(session: BrowserSession, account: AccountCookies, options: TabOptions, errors: AccountErrors) {
		this.#session = session;
		this.#account = account;
		this.#options = options;
		this.#errors = errors;
	}

	/** The page as last opened, if it can still mint for `target`. */
	usable(target: MintTarget): Opened | undefined {
		const opened = this.#opened;
		if (
			opened &&
			opened.pageUrl === target.pageUrl &&
			opened.generation === this.#session.generation &&
			this.#session.connected &&
			!opened.page.isClosed() &&
			opened.page.url() === opened.landed
		)
			return opened;
		return undefined;
	}

	/** Drops `opened`, unless a newer page has already taken its place. */
	forget(opened: Opened): void {
		if (this.#opened === opened) this.#opened = undefined;
	}

	async load(target: MintTarget): Promise<Opened> {
		let lease: Awaited<ReturnType<BrowserSession['acquire']>>;
		try {
			lease = await this.#session.acquire();
		} catch (error) {
			throw this.#errors.scoped(error);
		}
		try {
			const context = await this.#contextFor(lease.browser, lease.generation);
			await this.#loadCookies(context, target);
			if (!this.#page || this.#page.isClosed()) this.#page = await context.newPage();
			const page = this.#page;
			let status: number | undefined;
			try {
				const response = await page.goto(target.pageUrl, {
					waitUntil: 'load',
					timeout: this.#options.navigationTimeoutMs,
				});
				status = response?.status();
			} catch (error) {
				// A tab left on Chromium's error page can refuse the next navigation: start afresh next time.
				if (this.#page === page) this.#page = undefined;
				void page.close().catch(() => undefined);
				throw (
					this.#errors.gone(error) ??
					this.#errors.error(`no page: ${plainReason(error)}`, captchaErrorCodes.noPage)
				);
			}
			const landed = page.url();
			const elsewhere = signedOutLanding(landed, target.pageUrl);
			if (elsewhere !== undefined) {
				throw this.#errors.error(
					`signed out (the project page sent it to ${elsewhere})`,
					captchaErrorCodes.signedOut,
				);
			}
			if (status !== undefined && status >= 400) {
				throw this.#errors.error(`no page (HTTP ${status} for the project page)`, captchaErrorCodes.noPage);
			}
			try {
				await page.waitForFunction(hasEnterprise, undefined, {timeout: this.#options.scriptTimeoutMs});
			} catch (error) {
				throw (
					this.#errors.gone(error) ??
					this.#errors.error(
						`script missing (no grecaptcha.enterprise on the project page after ${Math.round(this.#options.scriptTimeoutMs / 1000)} s)`,
						captchaErrorCodes.scriptMissing,
					)
				);
			}
			const siteKey = (await page.evaluate(readSiteKey)) ?? documentedSiteKey;
			const opened: Opened = {page, pageUrl: target.pageUrl, landed, siteKey, generation: lease.generation};
			this.#opened = opened;
			return opened;
		} catch (error) {
			if (error instanceof FlowError) throw error;
			throw (
				this.#errors.gone(error) ??
				this.#errors.error(`no page: ${plainReason(error)}`, captchaErrorCodes.noPage)
			);
		}
	}

	/** Closes the context (and so the tab; in CDP mode the user's browser stays). */
	async close(): Promise<void> {
		this.#opened = undefined;
		this.#page = undefined;
		const context = this.#context;
		this.#context = undefined;
		await context?.close().catch(() => undefined);
	}

	async #contextFor(browser: Awaited<ReturnType<BrowserSession['acquire']>>['browser'], generation: number) {
		if (this.#context && this.#contextGeneration === generation) return this.#context;
		// The contexts of a browser that went away went with it.
		this.#opened = undefined;
		this.#page = undefined;
		this.#loaded = new Set();
		const context = await browser.newContext();
		if (this.#errors.closed) {
			await context.close().catch(() => undefined);
			throw this.#errors.error('the browser captcha is closed', captchaErrorCodes.closed);
		}
		this.#context = context;
		this.#contextGeneration = generation;
		return context;
	}

	async #loadCookies(context: BrowserContext, target: MintTarget): Promise<void> {
		const origin = new URL(target.pageUrl).origin;
		const key = `${target.site}|${origin}`;
		if (this.#loaded.has(key)) return;
		const cookies =
			target.site === 'labs'
				? labsCookies(this.#account, target.pageUrl, this.#errors)
				: flowCookies(this.#account, target.pageUrl, this.#errors);
		try {
			await context.addCookies(cookies);
		} catch (error) {
			// Playwright's own text is left out: it could one day quote a cookie.
			throw (
				this.#errors.gone(error) ??
				this.#errors.error('the browser refused the account’s cookies', captchaErrorCodes.noCookies)
			);
		}
		this.#loaded.add(key);
	}
}

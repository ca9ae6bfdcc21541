/**
 * ONE account's corner of the browser: its own BrowserContext (cookies of no other account ever enter
 * it), loaded with that account's cookies for the site it mints on, and one page on the account's
 * project page, reused while it stays on that URL. A mint runs `grecaptcha.enterprise.execute` in that
 * page, the way Flow's own front end does (docs/protocol-labs.md §1.3, docs/protocol-flow.md §4).
 *
 * Cookies: the labs session cookie goes in as `__Secure-next-auth.session-token` for the labs page's
 * host; every Google cookie that flow.google.com would get goes in for the flow page. On the real
 * flow.google.com they keep their own domains (`.google.com`, `flow.google.com`); on a stand-in (the
 * simulator on 127.0.0.1) they belong to the page's host. Cookies are added with domain + path +
 * secure rather than `url`: Playwright turns `url: http://…` into secure=false, which Chromium refuses
 * for `__Secure-` names, while Chromium itself treats http://127.0.0.1 as a secure context and accepts
 * and sends Secure cookies there (checked with Chromium 150).
 */
import type {BrowserContext, Page} from 'playwright-core';
import {FlowError, redactSecrets} from '../errors.js';
import {sessionCookieName} from '../protocol.js';
import {
	flowDomainCookies,
	flowHost,
	type JarCookie,
	loadGoogleCookies,
} from '../transport/flow-cookie-jar.js';
import {normaliseSessionCookie} from '../transport/labs.js';
import type {TransportKind} from '../types.js';
import {type BrowserSession, browserErrorCodes, plainReason} from './browser-session.js';

/** The site key F2A documents (docs/protocol-labs.md §1.3), used when a page names none. */
export const documentedSiteKey = '6LdsFiUsAAAAAIjVDZcuLhaHiDn5nnHVXVRQGeMV';

export type AccountCookies = {
	name: string;
	/** The labs.google session cookie (or a Cookie header holding it). */
	cookie?: string;
	/** Cookie-Editor JSON, a Cookie header, or the path of a file holding either (as for the client). */
	googleCookies?: string;
};

export type MintTarget = {pageUrl: string; site: TransportKind; action: string};

export type AccountPageOptions = {
	navigationTimeoutMs: number;
	/** How long grecaptcha.enterprise may take to appear once the page has loaded. */
	scriptTimeoutMs: number;
	mintTimeoutMs: number;
};

export const captchaErrorCodes = {
	...browserErrorCodes,
	noPage: 'CAPTCHA_NO_PAGE',
	signedOut: 'CAPTCHA_SIGNED_OUT',
	noCookies: 'CAPTCHA_NO_COOKIES',
	scriptMissing: 'CAPTCHA_SCRIPT_MISSING',
	executeFailed: 'CAPTCHA_EXECUTE_FAILED',
	timeout: 'CAPTCHA_TIMEOUT',
} as const;

type Opened = {page: Page; pageUrl: string; landed: string; siteKey: string; generation: number};

type Cookie = {
	name: string;
	value: string;
	domain: string;
	path: string;
	secure: boolean;
	httpOnly: boolean;
	sameSite: 'Lax';
	expires: number;
};

/** What runs in the page: the site key it announces (WIZ data, or enterprise.js?render=). */
function readSiteKey(): string | null {
	const page = globalThis as unknown as {
		WIZ_global_data?: {xZbWve?: unknown};
		document: {querySelectorAll(selector: string): ArrayLike<{src: string}>};
	};
	const wiz = page.WIZ_global_data?.xZbWve;
	if (typeof wiz === 'string' && wiz !== '') return wiz;
	for (const script of Array.from(page.document.querySelectorAll('script[src*="recaptcha/enterprise.js"]'))) {
		const render = new URL(script.src).searchParams.get('render');
		if (render && render !== 'explicit') return render;
	}
	return null;
}

function hasEnterprise(): boolean {
	const page = globalThis as unknown as {grecaptcha?: {enterprise?: {execute?: unknown}}};
	return typeof page.grecaptcha?.enterprise?.execute === 'function';
}

type Minted = {token: string} | {error: string};

/** What runs in the page: one token, or the error text; never a rejection (Playwright would wrap it). */
async function executeInPage([siteKey, action]: [string, string]): Promise<Minted> {
	type Enterprise = {
		ready(callback: () => void): void;
		execute(siteKey: string, options: {action: string}): PromiseLike<string>;
	};
	const enterprise = (globalThis as unknown as {grecaptcha?: {enterprise?: Enterprise}}).grecaptcha
		?.enterprise;
	if (!enterprise) return {error: 'grecaptcha.enterprise is gone from the page'};
	try {
		const token = await new Promise<string>((resolve, reject) => {
			enterprise.ready(() => {
				enterprise.execute(siteKey, {action}).then(resolve, reject);
			});
		});
		return typeof token === 'string' && token !== '' ? {token} : {error: 'execute gave an empty token'};
	} catch (error) {
		return {error: error instanceof Error ? error.message : String(error)};
	}
}

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

export class AccountPage {
	readonly #session: BrowserSession;
	readonly #account: AccountCookies;
	readonly #options: AccountPageOptions;
	#context: BrowserContext | undefined;
	#contextGeneration = -1;
	/** `<site>|<origin>` whose cookies this context holds. */
	#loaded = new Set<string>();
	/** The account's one tab, reloaded rather than replaced when its page has to be loaded again. */
	#page: Page | undefined;
	#opened: Opened | undefined;
	#opening: {pageUrl: string; promise: Promise<Opened>} | undefined;
	#closed = false;

	constructor(session: BrowserSession, account: AccountCookies, options: AccountPageOptions) {
		this.#session = session;
		this.#account = account;
		this.#options = options;
	}

	get name(): string {
		return this.#account.name;
	}

	/** Gets the page ready (context, cookies, navigation, script) without minting. */
	async open(target: MintTarget): Promise<void> {
		await this.#ready(target);
	}

	/** One fresh token minted in this account's page. */
	async mint(target: MintTarget): Promise<string> {
		const opened = await this.#ready(target);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				reject(
					this.#error(
						`mint timed out after ${Math.round(this.#options.mintTimeoutMs / 1000)} s`,
						captchaErrorCodes.timeout,
					),
				);
			}, this.#options.mintTimeoutMs);
		});
		let minted: Minted;
		try {
			minted = await Promise.race([
				opened.page.evaluate(executeInPage, [opened.siteKey, target.action] as [string, string]),
				timeout,
			]);
		} catch (error) {
			// A page that timed out or broke is loaded afresh next time.
			if (this.#opened === opened) this.#opened = undefined;
			if (error instanceof FlowError) throw error;
			throw (
				this.#gone(error) ??
				this.#error(`execute failed: ${plainReason(error)}`, captchaErrorCodes.executeFailed)
			);
		} finally {
			clearTimeout(timer);
		}
		if ('error' in minted) {
			throw this.#error(`execute failed: ${redactSecrets(minted.error)}`, captchaErrorCodes.executeFailed);
		}
		return minted.token;
	}

	/** Closes this account's context (and so its tab; in CDP mode the user's browser stays). */
	async close(): Promise<void> {
		this.#closed = true;
		this.#opened = undefined;
		this.#page = undefined;
		const context = this.#context;
		this.#context = undefined;
		await context?.close().catch(() => undefined);
	}

	async #ready(target: MintTarget): Promise<Opened> {
		if (this.#closed) throw this.#error('the browser captcha is closed', captchaErrorCodes.closed);
		const opened = this.#opened;
		if (opened && this.#usable(opened, target)) return opened;
		if (this.#opening?.pageUrl === target.pageUrl) return this.#opening.promise;
		const promise = this.#load(target);
		this.#opening = {pageUrl: target.pageUrl, promise};
		try {
			return await promise;
		} finally {
			if (this.#opening?.promise === promise) this.#opening = undefined;
		}
	}

	#usable(opened: Opened, target: MintTarget): boolean {
		return (
			opened.pageUrl === target.pageUrl &&
			opened.generation === this.#session.generation &&
			this.#session.connected &&
			!opened.page.isClosed() &&
			opened.page.url() === opened.landed
		);
	}

	async #load(target: MintTarget): Promise<Opened> {
		let lease: Awaited<ReturnType<BrowserSession['acquire']>>;
		try {
			lease = await this.#session.acquire();
		} catch (error) {
			throw this.#scoped(error);
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
				throw this.#gone(error) ?? this.#error(`no page: ${plainReason(error)}`, captchaErrorCodes.noPage);
			}
			const landed = page.url();
			const elsewhere = signedOutLanding(landed, target.pageUrl);
			if (elsewhere !== undefined) {
				throw this.#error(
					`signed out (the project page sent it to ${elsewhere})`,
					captchaErrorCodes.signedOut,
				);
			}
			if (status !== undefined && status >= 400) {
				throw this.#error(`no page (HTTP ${status} for the project page)`, captchaErrorCodes.noPage);
			}
			try {
				await page.waitForFunction(hasEnterprise, undefined, {timeout: this.#options.scriptTimeoutMs});
			} catch (error) {
				throw (
					this.#gone(error) ??
					this.#error(
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
			throw this.#gone(error) ?? this.#error(`no page: ${plainReason(error)}`, captchaErrorCodes.noPage);
		}
	}

	async #contextFor(browser: Awaited<ReturnType<BrowserSession['acquire']>>['browser'], generation: number) {
		if (this.#context && this.#contextGeneration === generation) return this.#context;
		// The contexts of a browser that went away went with it.
		this.#opened = undefined;
		this.#page = undefined;
		this.#loaded = new Set();
		const context = await browser.newContext();
		if (this.#closed) {
			await context.close().catch(() => undefined);
			throw this.#error('the browser captcha is closed', captchaErrorCodes.closed);
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
			target.site === 'labs' ? this.#labsCookies(target.pageUrl) : this.#flowCookies(target.pageUrl);
		try {
			await context.addCookies(cookies);
		} catch (error) {
			// Playwright's own text is left out: it could one day quote a cookie.
			throw (
				this.#gone(error) ??
				this.#error('the browser refused the account’s cookies', captchaErrorCodes.noCookies)
			);
		}
		this.#loaded.add(key);
	}

	#labsCookies(pageUrl: string): Cookie[] {
		if (!this.#account.cookie) {
			throw this.#error('no labs.google cookie to open its project page with', captchaErrorCodes.noCookies);
		}
		return [
			{
				name: sessionCookieName,
				value: normaliseSessionCookie(this.#account.cookie),
				domain: new URL(pageUrl).hostname,
				path: '/',
				secure: true,
				httpOnly: true,
				sameSite: 'Lax',
				expires: -1,
			},
		];
	}

	#flowCookies(pageUrl: string): Cookie[] {
		if (!this.#account.googleCookies) {
			throw this.#error(
				'no Google cookies to open its flow.google.com page with',
				captchaErrorCodes.noCookies,
			);
		}
		let cookies: JarCookie[];
		try {
			cookies = flowDomainCookies(loadGoogleCookies(this.#account.googleCookies));
		} catch (error) {
			// The loader's messages name the setting, never a value.
			throw this.#error(`googleCookies unusable: ${plainReason(error)}`, captchaErrorCodes.noCookies);
		}
		const host = new URL(pageUrl).hostname;
		const real = host === flowHost;
		const now = Date.now();
		return cookies
			.filter((cookie) => cookie.expiresAt === undefined || cookie.expiresAt > now)
			.map((cookie) => ({
				name: cookie.name,
				value: cookie.value,
				// Real Flow: the cookie's own domain; a stand-in: the page's host stands for flow.google.com.
				domain: real ? (cookie.hostOnly ? cookie.domain : `.${cookie.domain}`) : host,
				path: cookie.path,
				secure: cookie.secure || /^__(Secure|Host)-/.test(cookie.name),
				httpOnly: cookie.httpOnly ?? false,
				sameSite: 'Lax' as const,
				expires: cookie.expiresAt === undefined ? -1 : Math.floor(cookie.expiresAt / 1000),
			}));
	}

	/** A Playwright failure because the browser, context or page went away: the browser is gone. */
	#gone(error: unknown): FlowError | undefined {
		const text = error instanceof Error ? error.message : String(error);
		const closedText =
			/Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target closed|Connection closed/i;
		if (!closedText.test(text) && this.#session.connected && !this.#closed) return undefined;
		if (this.#closed) return this.#error('the browser captcha is closed', captchaErrorCodes.closed);
		return this.#error('the browser went away while minting', captchaErrorCodes.gone);
	}

	#error(reason: string, code: string): FlowError {
		return new FlowError('captcha', `${this.#account.name}: ${reason}`, {code});
	}

	#scoped(error: unknown): FlowError {
		if (error instanceof FlowError) return error.forAccount(this.#account.name);
		return this.#error(plainReason(error), captchaErrorCodes.start);
	}
}

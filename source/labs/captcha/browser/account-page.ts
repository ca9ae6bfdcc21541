/**
 * ONE account's signed-in browser page, as the token pool sees it: opened on demand (account-tab.ts
 * opens it, and opens it again once gone), one mint at a time run as `grecaptcha.enterprise.execute` in
 * that page, the way Flow's own front end does (docs/protocol-labs.md §1.3, docs/protocol-flow.md §4).
 */
import {FlowError, redactSecrets} from '../../errors/index.js';
import type {AccountCookies} from './account-cookies.js';
import {AccountErrors, captchaErrorCodes} from './account-errors.js';
import {AccountTab, type MintTarget, type Opened, type TabOptions} from './account-tab.js';
import {plainReason} from './browser-errors.js';
import type {BrowserSession} from './browser-session.js';
import {executeInPage, type Minted} from './page-scripts.js';

export type AccountPageOptions = TabOptions & {mintTimeoutMs: number};

export class AccountPage {
	readonly #account: AccountCookies;
	readonly #options: AccountPageOptions;
	readonly #errors: AccountErrors;
	readonly #tab: AccountTab;
	#opening: {pageUrl: string; promise: Promise<Opened>} | undefined;

	constructor(session: BrowserSession, account: AccountCookies, options: AccountPageOptions) {
		this.#account = account;
		this.#options = options;
		this.#errors = new AccountErrors(account.name, session);
		this.#tab = new AccountTab(session, account, options, this.#errors);
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
					this.#errors.error(
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
			this.#tab.forget(opened);
			if (error instanceof FlowError) throw error;
			throw (
				this.#errors.gone(error) ??
				this.#errors.error(`execute failed: ${plainReason(error)}`, captchaErrorCodes.executeFailed)
			);
		} finally {
			clearTimeout(timer);
		}
		if ('error' in minted) {
			throw this.#errors.error(
				`execute failed: ${redactSecrets(minted.error)}`,
				captchaErrorCodes.executeFailed,
			);
		}
		return minted.token;
	}

	/** Closes this account's context (and so its tab; in CDP mode the user's browser stays). */
	async close(): Promise<void> {
		this.#errors.closed = true;
		await this.#tab.close();
	}

	async #ready(target: MintTarget): Promise<Opened> {
		if (this.#errors.closed)
			throw this.#errors.error('the browser captcha is closed', captchaErrorCodes.closed);
		const opened = this.#tab.usable(target);
		if (opened) return opened;
		if (this.#opening?.pageUrl === target.pageUrl) return this.#opening.promise;
		const promise = this.#tab.load(target);
		this.#opening = {pageUrl: target.pageUrl, promise};
		try {
			return await promise;
		} finally {
			if (this.#opening?.promise === promise) this.#opening = undefined;
		}
	}
}

import type {AccountConfig} from '../../config/accounts-file.js';
import {ConfigError} from '../../config/accounts-file.js';
import {
	type AccountClient,
	Agent,
	type CaptchaProvider,
	commandCaptchaProvider,
	createAccountClient,
	FlowError,
	isAccountConfigError,
	type Origins,
} from '../../labs/index.js';

export type ClientOptions = {
	origins: Origins;
	/** --captcha-command: used by accounts that name no captchaCommand of their own. */
	captchaCommand?: string;
	/** A provider for every account (the demo's simulator, tests). */
	captcha?: CaptchaProvider;
	/**
	 * --captcha browser|cdp=…: each account's own provider (its browser context). A flag of this run,
	 * so it wins over an account's saved captchaCommand.
	 */
	captchaFor?: (account: AccountConfig) => CaptchaProvider;
	timeoutMs?: number;
	/**
	 * For commands that never generate (`plan`, `accounts check`): an account without a captcha
	 * source is fine, and asking it for a token fails instead.
	 */
	captchaOptional?: boolean;
};

const noCaptcha = (account: string): CaptchaProvider => ({
	label: 'none',
	mint: () =>
		Promise.reject(new FlowError('captcha', `${account}: no captcha source`, {code: 'NO_CAPTCHA_SOURCE'})),
});

/**
 * One AccountClient per configured account, each with its own credentials and keep-alive pool. The
 * configs (which hold the secrets) are not kept anywhere else.
 */
export function buildClients(accounts: AccountConfig[], options: ClientOptions): AccountClient[] {
	const downloadDispatcher = new Agent({keepAliveTimeout: 10_000, connections: 16});
	return accounts.map((account) => {
		const captcha = options.captchaFor
			? options.captchaFor(account)
			: account.captchaCommand
				? commandCaptchaProvider(account.captchaCommand)
				: (options.captcha ??
					(options.captchaCommand ? commandCaptchaProvider(options.captchaCommand) : undefined));
		if (!captcha && !options.captchaOptional) {
			throw new ConfigError(
				`${account.name}: no captcha source: pass --captcha-command or set "captchaCommand" for the account`,
			);
		}
		try {
			// labs, flow or auto per account; bad googleCookies or a transport its credentials cannot
			// serve are bad input, reported before anything is sent.
			return createAccountClient({
				name: account.name,
				cookie: account.cookie,
				googleCookies: account.googleCookies,
				transport: account.transport,
				projectId: account.projectId,
				captcha: captcha ?? noCaptcha(account.name),
				origins: options.origins,
				downloadDispatcher,
				timeoutMs: options.timeoutMs,
			});
		} catch (error) {
			if (isAccountConfigError(error)) throw new ConfigError(error.message);
			throw error;
		}
	});
}

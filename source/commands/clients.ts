import {Agent} from 'undici';
import type {AccountConfig} from '../config/accounts-file.js';
import {ConfigError} from '../config/accounts-file.js';
import {
	type AccountClient,
	type CaptchaProvider,
	commandCaptchaProvider,
	createLabsAccountClient,
	type Origins,
} from '../labs/index.js';

export type ClientOptions = {
	origins: Origins;
	/** --captcha-command: used by accounts that name no captchaCommand of their own. */
	captchaCommand?: string;
	/** A provider for every account (the demo's simulator, tests). */
	captcha?: CaptchaProvider;
	timeoutMs?: number;
};

/**
 * One AccountClient per configured account, each with its own credentials and keep-alive pool. The
 * configs (which hold the secrets) are not kept anywhere else.
 */
export function buildClients(accounts: AccountConfig[], options: ClientOptions): AccountClient[] {
	const downloadDispatcher = new Agent({keepAliveTimeout: 10_000, connections: 16});
	return accounts.map((account) => {
		if (account.transport === 'flow' || !account.cookie) {
			throw new ConfigError(
				`${account.name}: flow.google.com accounts (googleCookies, transport "flow") are not supported yet; give the labs.google "cookie"`,
			);
		}
		const captcha = account.captchaCommand
			? commandCaptchaProvider(account.captchaCommand)
			: (options.captcha ??
				(options.captchaCommand ? commandCaptchaProvider(options.captchaCommand) : undefined));
		if (!captcha) {
			throw new ConfigError(
				`${account.name}: no captcha source: pass --captcha-command or set "captchaCommand" for the account`,
			);
		}
		return createLabsAccountClient({
			name: account.name,
			cookie: account.cookie,
			projectId: account.projectId,
			captcha,
			origins: options.origins,
			downloadDispatcher,
			timeoutMs: options.timeoutMs,
		});
	});
}

import type {AccountConfig} from '../../config/accounts-file.js';
import {readAccountsFile} from '../../config/accounts-file.js';
import type {SettingsAccount} from '../../config/settings.js';
import {readSettings} from '../../config/settings-file.js';
import {UsageError} from '../usage-error.js';

export const settingsAccountConfig = (account: SettingsAccount): AccountConfig => ({
	name: account.name,
	cookie: account.cookie,
	googleCookies: account.googleCookies,
	transport: account.transport ?? 'auto',
	projectId: account.projectId,
	maxInFlight: account.maxInFlight,
	captchaCommand: account.captchaCommand,
});

export type AccountSource = {accounts: AccountConfig[]; fromSettings: boolean};

/** `--accounts <file>` when given, else the accounts saved with `flowdeck accounts add`. */
export async function loadRunAccounts(
	file: string | undefined,
	env: NodeJS.ProcessEnv,
): Promise<AccountSource> {
	if (file) return {accounts: await readAccountsFile(file), fromSettings: false};
	const {accounts} = await readSettings(env);
	if (accounts.length === 0) {
		throw new UsageError(
			'no accounts: add one with `flowdeck accounts add <name> --cookie -`, or pass --accounts <file>',
		);
	}
	return {accounts: accounts.map(settingsAccountConfig), fromSettings: true};
}

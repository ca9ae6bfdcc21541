import type {TransportChoice} from '../../config/account-rules.js';
import type {SettingsAccount} from '../../config/settings.js';
import type {Io} from '../../run/io.js';
import type {SecretInput} from '../read-secret.js';

export type AccountsIo = Pick<Io, 'stdout' | 'stderr' | 'env'> & {
	/** Where `--cookie -` and `--google-cookies -` read from (hidden when a terminal: read-secret.ts). */
	stdin?: SecretInput;
};

export type AccountsFlags = {
	cookie?: string;
	/** A file holding a Cookie-Editor export or a Cookie header, or `-` for stdin. */
	googleCookies?: string;
	transport?: string;
	project?: string;
	maxInFlight?: string;
	captchaCommand?: string;
	json?: boolean;
};

/** What the account's settings call for: its `transport`, else what `auto` means for its cookies. */
export function configuredTransport(account: SettingsAccount): TransportChoice {
	if (account.transport !== undefined && account.transport !== 'auto') return account.transport;
	if (account.cookie === undefined && account.googleCookies !== undefined) return 'flow';
	if (account.cookie !== undefined && account.googleCookies === undefined) return 'labs';
	return 'auto';
}

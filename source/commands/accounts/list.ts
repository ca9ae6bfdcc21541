import type {TransportChoice} from '../../config/account-rules.js';
import {openSettings, type SettingsAccount} from '../../config/settings.js';
import {tierLabel} from '../../labs/index.js';
import {formatTable} from '../../run/report/table.js';
import {type AccountsFlags, type AccountsIo, configuredTransport} from './common.js';

const healthWords: Record<string, string> = {
	ok: 'ok',
	'cookie-expired': 'cookie expired',
	migrated: 'moved to flow.google.com',
	'no-access': 'no access',
	unreachable: 'unreachable',
	failed: 'failed',
};

/** The wire the last check saw the account use, else the one its settings call for. */
const listedTransport = (account: SettingsAccount): TransportChoice =>
	account.lastCheck?.transport ?? configuredTransport(account);

/** `accounts list [--json]`: what was saved and last checked; no cookie is ever part of it. */
export async function accountsList(flags: AccountsFlags, io: AccountsIo): Promise<number> {
	const store = openSettings(io.env);
	const {accounts} = store.read();
	if (flags.json) {
		const list = accounts.map((account) => ({
			name: account.name,
			transport: listedTransport(account),
			projectId: account.projectId ?? null,
			maxInFlight: account.maxInFlight ?? null,
			tier: account.lastCheck?.tier ?? null,
			credits: account.lastCheck?.credits ?? null,
			health: account.lastCheck?.result ?? 'unchecked',
			message: account.lastCheck?.message ?? null,
			checkedAt: account.lastCheck?.at ?? null,
		}));
		io.stdout.write(`${JSON.stringify({settings: store.path, accounts: list})}\n`);
		return 0;
	}
	if (accounts.length === 0) {
		io.stdout.write(
			`no accounts yet: \`flowdeck accounts add <name> --cookie -\` or \`--google-cookies <file>\` (settings: ${store.path})\n`,
		);
		return 0;
	}
	const rows = [['NAME', 'TRANSPORT', 'PROJECT', 'TIER', 'CREDITS', 'HEALTH', 'CHECKED']];
	for (const account of accounts) {
		const check = account.lastCheck;
		rows.push([
			account.name,
			listedTransport(account),
			account.projectId ?? '-',
			check?.tier === undefined ? '-' : tierLabel(check.tier),
			check?.credits === undefined ? '-' : String(check.credits),
			check ? (healthWords[check.result] ?? check.result) : 'not checked',
			check ? check.at.replace('T', ' ').slice(0, 16) : '-',
		]);
	}
	io.stdout.write(`${formatTable(rows).join('\n')}\nsettings: ${store.path}\n`);
	return 0;
}

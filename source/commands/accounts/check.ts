import type {TransportChoice} from '../../config/account-rules.js';
import {isAccountName} from '../../config/account-rules.js';
import {openSettings, type SettingsAccount} from '../../config/settings.js';
import {plural} from '../../core/plural.js';
import {originsFromEnv, tierLabel} from '../../labs/index.js';
import {buildClients} from '../../run/accounts/clients.js';
import {settingsAccountConfig} from '../../run/accounts/load.js';
import {probeAccounts} from '../../run/plan/probe.js';
import {formatTable} from '../../run/report/table.js';
import {UsageError} from '../../run/usage-error.js';
import {type AccountsIo, configuredTransport} from './common.js';

/**
 * `accounts check [name]`: signs in with each cookie, reads credits and tier, creates the Flow project
 * when there is none (and saves its id), and records what it found. Exit 1 if any account failed.
 */
export async function accountsCheck(
	name: string | undefined,
	io: AccountsIo,
	{timeoutMs}: {timeoutMs?: number} = {},
): Promise<number> {
	const store = openSettings(io.env);
	const {accounts} = store.read();
	const chosen = name === undefined ? accounts : accounts.filter((account) => account.name === name);
	if (accounts.length === 0)
		throw new UsageError('no accounts yet: `flowdeck accounts add <name> --cookie -`');
	if (chosen.length === 0) {
		const shown = name !== undefined && isAccountName(name) ? ` named "${name}"` : ' by that name';
		throw new UsageError(`no account${shown}; \`flowdeck accounts list\` shows them`);
	}
	const clients = buildClients(chosen.map(settingsAccountConfig), {
		origins: originsFromEnv(io.env),
		captchaOptional: true,
		timeoutMs,
	});
	let probed: Awaited<ReturnType<typeof probeAccounts>>;
	try {
		probed = await probeAccounts(clients, {createProject: true, maxInFlight: () => 1});
	} finally {
		await Promise.allSettled(clients.map((client) => client.close()));
	}
	const at = new Date().toISOString();
	const settingsOf = new Map(chosen.map((account) => [account.name, account]));
	/**
	 * The wire each account used. An `auto` account with both cookies that failed may have failed
	 * before choosing (it calls itself labs until it has): that is "auto", and not saved as either.
	 */
	const transportOf = (account: (typeof probed)[number]): TransportChoice => {
		const settings = settingsOf.get(account.name);
		const configured = settings ? configuredTransport(settings) : 'auto';
		if (account.failure && configured === 'auto') return 'auto';
		return account.transport ?? configured;
	};
	const failureText = (account: (typeof probed)[number]): string | undefined => {
		if (!account.failure) return undefined;
		// A labs-only account Google has moved: say how to give it what it now needs.
		if (account.failure.result === 'migrated' && !settingsOf.get(account.name)?.googleCookies) {
			return `moved to flow.google.com: export its Google cookies there, then \`flowdeck accounts remove ${account.name}\` and \`flowdeck accounts add ${account.name} --google-cookies <file>\``;
		}
		return account.failure.text;
	};
	const byName = new Map(probed.map((account) => [account.name, account]));
	store.update((settings) => ({
		...settings,
		accounts: settings.accounts.map((account) => {
			const found = byName.get(account.name);
			if (!found) return account;
			const transport = transportOf(found);
			const message = failureText(found);
			const next: SettingsAccount = {
				...account,
				lastCheck: {
					at,
					result: found.failure?.result ?? 'ok',
					...(transport === 'auto' ? {} : {transport}),
					...(found.tier === undefined ? {} : {tier: found.tier}),
					...(found.credits === undefined ? {} : {credits: found.credits}),
					...(message === undefined ? {} : {message}),
				},
			};
			if (found.createdProject && found.projectId && !account.projectId) next.projectId = found.projectId;
			return next;
		}),
	}));
	const rows = probed.map((account) =>
		account.failure
			? [account.name, transportOf(account), failureText(account) ?? account.failure.text]
			: [
					account.name,
					transportOf(account),
					'ok',
					tierLabel(account.tier),
					account.credits === undefined ? '? credits' : plural(account.credits, 'credit'),
					`project ${account.projectId ?? '-'}${account.createdProject ? ' (created)' : ''}`,
				],
	);
	io.stdout.write(`${formatTable(rows).join('\n')}\n`);
	return probed.some((account) => account.failure) ? 1 : 0;
}

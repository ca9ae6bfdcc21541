import type {SimAccountOptions} from '../types.js';
import {defaultServiceTier} from './catalog.js';

export type AccountState = {
	name: string;
	cookie: string;
	tier: string;
	serviceTier: string;
	credits: number;
	maxInFlight: number | undefined;
	migrated: boolean;
	/** The Cookie header that signs the account in on the flow.google.com stand-in. */
	googleCookies: string | undefined;
	revoked: boolean;
};

export type AccountIndex = {byName: Map<string, AccountState>; byCookie: Map<string, AccountState>};

/** The configured accounts, by name and by cookie, in configuration order; both must be unique. */
export function indexAccounts(accounts: SimAccountOptions[]): AccountIndex {
	const byName = new Map<string, AccountState>();
	const byCookie = new Map<string, AccountState>();
	for (const account of accounts) {
		if (byName.has(account.name)) throw new Error(`simulator: duplicate account ${account.name}`);
		if (byCookie.has(account.cookie)) throw new Error(`simulator: accounts share a cookie`);
		const tier = account.tier ?? 'PAYGATE_TIER_ONE';
		const state: AccountState = {
			name: account.name,
			cookie: account.cookie,
			tier,
			serviceTier: account.serviceTier ?? defaultServiceTier(tier),
			credits: account.credits ?? 10_000,
			maxInFlight: account.maxInFlight,
			migrated: account.migrated ?? false,
			googleCookies: account.googleCookies,
			revoked: false,
		};
		byName.set(account.name, state);
		byCookie.set(account.cookie, state);
	}
	return {byName, byCookie};
}

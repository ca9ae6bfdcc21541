/**
 * The built CLI with flow.google.com accounts only (Google cookies, no labs cookie), against an
 * in-process simulator: accounts, files and flags, as test/e2e/mixed-cohort.test.ts sets them up.
 * Shared by crash-flow.test.ts and secrets-flow.test.ts.
 */
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {SimAccountOptions, Simulator} from '../../source/simulator/index.js';
import {uniqueTokenCommand} from '../helpers/cli.js';
import type {CliWorkspace} from './helpers.js';

export type FlowAccount = {name: string; googleCookies: Record<string, string>};

/** The cookies a signed-in flow.google.com session carries (test/fixtures/wire/flow/SOURCES.md). */
export const googleCookieNames = ['SAPISID', '__Secure-1PSID', '__Secure-1PSIDTS', 'OSID', '__Secure-OSID'];

/** `count` accounts whose every cookie value is unique to the account and to `tag`. */
export function flowAccounts(tag: string, count: number): FlowAccount[] {
	return Array.from({length: count}, (_, i) => {
		const name = `acc${i + 1}`;
		return {
			name,
			googleCookies: Object.fromEntries(
				googleCookieNames.map((cookie, j) => [cookie, `g${j}-${cookie.slice(-5)}-${name}-${tag}`]),
			),
		};
	});
}

export const cookieHeader = (cookies: Record<string, string>): string =>
	Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');

/** The simulator's side: the labs cookie is required there but never configured in the CLI. */
export const simAccounts = (accounts: FlowAccount[]): SimAccountOptions[] =>
	accounts.map((account) => ({
		name: account.name,
		cookie: `labs-never-sent-${account.name}-${account.googleCookies.SAPISID}`,
		googleCookies: cookieHeader(account.googleCookies),
	}));

/** Every credential value the accounts hold (the unused labs cookie too), for secretPatterns. */
export const cookieValues = (accounts: FlowAccount[]): string[] =>
	simAccounts(accounts).flatMap((account) => [account.cookie, ...accountValues(account)]);

const accountValues = (account: SimAccountOptions): string[] =>
	(account.googleCookies ?? '').split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1));

export async function flowWorkspace(
	sim: Simulator,
	accounts: FlowAccount[],
	prompts: string[],
	dir: string,
	captchaCommand = uniqueTokenCommand,
): Promise<CliWorkspace> {
	const accountsFile = join(dir, 'accounts.json');
	await writeFile(
		accountsFile,
		JSON.stringify({
			accounts: accounts.map((account) => ({
				name: account.name,
				googleCookies: cookieHeader(account.googleCookies),
			})),
		}),
	);
	const scenesFile = join(dir, 'scenes.txt');
	await writeFile(scenesFile, `${prompts.join('\n')}\n`);
	const out = join(dir, 'out');
	const env = {
		FLOWDECK_API_URL: sim.apiUrl,
		FLOWDECK_LABS_URL: sim.labsUrl,
		FLOWDECK_FLOW_URL: sim.flowUrl,
		FLOWDECK_CONFIG_DIR: join(dir, 'config'),
	};
	const common = ['--accounts', accountsFile, '--captcha-command', captchaCommand, '--poll-interval', '0.05'];
	return {
		dir,
		out,
		accountsFile,
		scenesFile,
		env,
		runFlags: [...common, '--out', out, '--submit-gap', '0'],
		resumeFlags: common,
	};
}

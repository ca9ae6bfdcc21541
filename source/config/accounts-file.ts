import {readFile} from 'node:fs/promises';
import {basename, dirname, isAbsolute, resolve} from 'node:path';
import {
	accountNameRule,
	credentialsRule,
	isAccountName,
	isMaxInFlight,
	isTransportChoice,
	maxInFlightRule,
	type TransportChoice,
	transportRule,
} from './account-rules.js';
import {jsonErrorAt} from './json-error.js';

/** One account as the user configured it. Credentials stay in here until they reach a client. */
export type AccountConfig = {
	name: string;
	cookie?: string;
	googleCookies?: string;
	transport: TransportChoice;
	projectId?: string;
	maxInFlight?: number;
	captchaCommand?: string;
};

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

const knownKeys = new Set([
	'name',
	'cookie',
	'googleCookies',
	'transport',
	'projectId',
	'maxInFlight',
	'captchaCommand',
]);

/** Validates the accounts file shape of docs/design.md §4; errors name the file and the key, never a value. */
export function parseAccountsFile(text: string, fileName: string): AccountConfig[] {
	const where = basename(fileName);
	let data: unknown;
	const json = text.replace(/^\uFEFF/, '');
	try {
		data = JSON.parse(json);
	} catch (error) {
		const {line, column, reason} = jsonErrorAt(json, error);
		throw new ConfigError(`${where}:${line}:${column}: not valid JSON: ${reason}`);
	}
	const list = isRecord(data) ? data.accounts : undefined;
	if (!Array.isArray(list)) throw new ConfigError(`${where}: expected {"accounts": [...]}`);
	if (list.length === 0) throw new ConfigError(`${where}: "accounts" is empty`);
	const seen = new Set<string>();
	return list.map((entry, i) => {
		const at = `${where}: accounts[${i}]`;
		if (!isRecord(entry)) throw new ConfigError(`${at}: expected an object`);
		for (const key of Object.keys(entry)) {
			if (!knownKeys.has(key)) throw new ConfigError(`${at}: unknown key "${key}"`);
		}
		const name = entry.name;
		if (!isAccountName(name)) throw new ConfigError(`${at}.name: expected ${accountNameRule}`);
		if (seen.has(name)) throw new ConfigError(`${at}.name: duplicate account name "${name}"`);
		seen.add(name);
		const cookie = optionalString(entry.cookie, `${at}.cookie`);
		const googleCookies = optionalString(entry.googleCookies, `${at}.googleCookies`);
		if (!cookie && !googleCookies) {
			throw new ConfigError(`${at}: ${credentialsRule}`);
		}
		const transport = entry.transport ?? 'auto';
		if (!isTransportChoice(transport)) throw new ConfigError(`${at}.transport: expected ${transportRule}`);
		const projectId = optionalString(entry.projectId, `${at}.projectId`);
		const maxInFlight = entry.maxInFlight;
		if (maxInFlight !== undefined && !isMaxInFlight(maxInFlight)) {
			throw new ConfigError(`${at}.maxInFlight: expected ${maxInFlightRule}`);
		}
		return {
			name,
			cookie,
			googleCookies: googleCookies && besideFile(googleCookies, fileName),
			transport,
			projectId,
			maxInFlight,
			captchaCommand: optionalString(entry.captchaCommand, `${at}.captchaCommand`),
		};
	});
}

export async function readAccountsFile(path: string): Promise<AccountConfig[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError(
			`${basename(path)}: cannot read${code === 'ENOENT' ? ': no such file' : ` (${code})`}`,
		);
	}
	return parseAccountsFile(text, path);
}

function optionalString(value: unknown, where: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || value.trim() === '')
		throw new ConfigError(`${where}: expected a non-empty string`);
	return value.trim();
}

/**
 * A googleCookies value that names a file (neither JSON nor a Cookie header: no leading `[`/`{`, no
 * `=`) is read relative to the accounts file, so the two can travel together. The value stays a string.
 */
function besideFile(value: string, accountsFile: string): string {
	if (/^[[{]/.test(value) || value.includes('=') || isAbsolute(value)) return value;
	return resolve(dirname(accountsFile), value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

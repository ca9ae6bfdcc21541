/**
 * The settings file: the user's accounts (with their session cookies) and run defaults, kept by conf
 * at the platform's config path (FLOWDECK_CONFIG_DIR overrides it), mode 0600, validated against a
 * JSON schema. A hand-broken file is reported in one line naming the file and the key; it is never
 * wiped or rewritten behind the user's back.
 */

import {mkdirSync} from 'node:fs';
import {ConfigError} from './accounts-file.js';
import Conf from './conf.js';
import {explainSettingsError} from './settings-errors.js';
import {configDirFromEnv, settingsFilePath} from './settings-file.js';
import {schema} from './settings-schema.js';
import type {Settings, SettingsAccount, SettingsDefaults} from './settings-types.js';

export type {
	AccountCheck,
	CheckResult,
	Settings,
	SettingsAccount,
	SettingsDefaults,
} from './settings-types.js';

class SettingsStore {
	readonly path: string;
	readonly #conf: Conf<Record<string, unknown>>;

	constructor(conf: Conf<Record<string, unknown>>) {
		this.#conf = conf;
		this.path = conf.path;
	}

	/** The whole file, validated; a broken file throws a one-line ConfigError. */
	read(): Settings {
		const stored = this.#guard(() => this.#conf.store);
		const settings: Settings = {
			defaults: {...((stored.defaults as SettingsDefaults | undefined) ?? {})},
			accounts: ((stored.accounts as SettingsAccount[] | undefined) ?? []).map((account) => ({...account})),
		};
		const seen = new Set<string>();
		settings.accounts.forEach((account, i) => {
			if (seen.has(account.name)) {
				throw new ConfigError(`${this.path}: accounts[${i}].name "${account.name}" is used twice`);
			}
			seen.add(account.name);
		});
		return settings;
	}

	/**
	 * Reads, changes and writes in one go, so a change made by another command since this one
	 * started (an `accounts add` during a `check`) is not overwritten with stale data.
	 */
	update(change: (current: Settings) => Settings): Settings {
		const next = change(this.read());
		const value: Record<string, unknown> = {};
		if (Object.keys(next.defaults).length > 0) value.defaults = next.defaults;
		value.accounts = next.accounts;
		this.#guard(() => {
			this.#conf.store = value;
		});
		return next;
	}

	#guard<T>(operation: () => T): T {
		try {
			return operation();
		} catch (error) {
			throw explainSettingsError(this.path, error);
		}
	}
}

const confLocation = (env: NodeJS.ProcessEnv) => ({
	projectName: 'flowdeck',
	// ~/.config/flowdeck rather than conf's default ~/.config/flowdeck-nodejs.
	projectSuffix: '',
	cwd: configDirFromEnv(env),
	// settings-file.ts finds the same path without conf (settingsFilePath).
	configName: 'config',
});

export function openSettings(env: NodeJS.ProcessEnv = process.env): SettingsStore {
	const cwd = configDirFromEnv(env);
	// The folder holds session cookies: only its owner may list it. conf would create it 0755.
	if (cwd) mkdirSync(cwd, {recursive: true, mode: 0o700});
	let conf: Conf<Record<string, unknown>>;
	try {
		conf = new Conf<Record<string, unknown>>({
			...confLocation(env),
			configFileMode: 0o600,
			// The user may edit the file: a mistake must be reported, never "fixed" by emptying it.
			clearInvalidConfig: false,
			// Account names may contain dots; keys are whole names.
			accessPropertiesByDotNotation: false,
			schema: schema as unknown as Record<string, object>,
			rootSchema: {additionalProperties: false},
		});
	} catch (error) {
		throw explainSettingsError(settingsFilePath(env), error);
	}
	return new SettingsStore(conf);
}

/**
 * The settings file: the user's accounts (with their session cookies) and run defaults, kept by conf
 * at the platform's config path (FLOWDECK_CONFIG_DIR overrides it), mode 0600, validated against a
 * JSON schema. A hand-broken file is reported in one line naming the file and the key; it is never
 * wiped or rewritten behind the user's back.
 */

import {mkdirSync, readFileSync} from 'node:fs';
import {ConfigError, type TransportChoice} from './accounts-file.js';
import Conf from './conf.js';
import {jsonErrorAt} from './json-error.js';
import {configDirFromEnv, settingsFilePath} from './settings-file.js';

/** What the last `flowdeck accounts check` found; shown by `accounts list`. Holds no secret. */
export const checkResults = [
	'ok',
	'cookie-expired',
	'migrated',
	'no-access',
	'unreachable',
	'failed',
] as const;
export type CheckResult = (typeof checkResults)[number];

export type AccountCheck = {
	/** ISO-8601 time of the check. */
	at: string;
	result: CheckResult;
	tier?: string;
	credits?: number;
	/** The one-line reason of a failed check. */
	message?: string;
	/** The wire the account used (an `auto` account's choice); absent when the check could not tell. */
	transport?: 'labs' | 'flow';
};

/** An account needs `cookie`, `googleCookies`, or both. */
export type SettingsAccount = {
	name: string;
	/** The labs.google session token. Never printed. */
	cookie?: string;
	/**
	 * The flow.google.com Google cookies: the text of a Cookie-Editor JSON export or a Cookie header
	 * (`accounts add` stores the content, not the path of the file it was read from). Never printed.
	 */
	googleCookies?: string;
	/** Which wire the account speaks; absent means `auto`. */
	transport?: TransportChoice;
	projectId?: string;
	maxInFlight?: number;
	captchaCommand?: string;
	lastCheck?: AccountCheck;
};

/** Run defaults: built-in < settings < flags. */
export type SettingsDefaults = {
	model?: string;
	aspect?: '16:9' | '9:16';
	copies?: number;
	maxInFlight?: number;
	/** Seconds. */
	pollInterval?: number;
	out?: string;
	captchaCommand?: string;
};

export type Settings = {defaults: SettingsDefaults; accounts: SettingsAccount[]};

export const accountNamePattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';

// Each `description` is also the error's wording: the schema is the one place a rule is written.
const nonEmpty = {type: 'string', minLength: 1, description: 'must be a non-empty string'} as const;
const maxInFlight = {
	type: 'integer',
	minimum: 1,
	maximum: 16,
	description: 'must be a whole number from 1 to 16',
} as const;

const transportChoices = ['auto', 'labs', 'flow'] as const satisfies readonly TransportChoice[];

/** The wording of an account that has neither kind of cookie. */
const needsCredentials = 'needs "cookie" (labs.google) or "googleCookies" (flow.google.com), or both';

const schema = {
	defaults: {
		type: 'object',
		description: 'must be an object like {"copies": 2}',
		additionalProperties: false,
		properties: {
			model: {
				type: 'string',
				pattern: '^[a-z0-9_]+$',
				description: 'must be a model key like veo_3_1_t2v_fast',
			},
			aspect: {enum: ['16:9', '9:16'], description: 'must be "16:9" or "9:16"'},
			copies: {type: 'integer', minimum: 1, maximum: 4, description: 'must be a whole number from 1 to 4'},
			maxInFlight,
			pollInterval: {
				type: 'number',
				minimum: 0.01,
				maximum: 600,
				description: 'must be a number of seconds from 0.01 to 600',
			},
			out: {...nonEmpty, description: 'must be a folder path'},
			captchaCommand: nonEmpty,
		},
	},
	accounts: {
		type: 'array',
		description: 'must be a list of accounts',
		items: {
			type: 'object',
			description: 'must be an object like {"name": "acc1", "cookie": "…"}',
			additionalProperties: false,
			required: ['name'],
			// ajv reports each branch's missing key as well: describeViolation reports this wording instead.
			anyOf: [
				{required: ['cookie'], description: needsCredentials},
				{required: ['googleCookies'], description: needsCredentials},
			],
			properties: {
				name: {
					type: 'string',
					pattern: accountNamePattern,
					description: "must be 1-32 letters, digits, '.', '_' or '-'",
				},
				cookie: {...nonEmpty, description: 'must be the session cookie (a non-empty string)'},
				googleCookies: {
					...nonEmpty,
					description: 'must be a Cookie-Editor JSON export or a Cookie header (a non-empty string)',
				},
				transport: {enum: [...transportChoices], description: 'must be "auto", "labs" or "flow"'},
				projectId: nonEmpty,
				maxInFlight,
				captchaCommand: nonEmpty,
				lastCheck: {
					type: 'object',
					description: 'must be an object (written by `flowdeck accounts check`)',
					required: ['at', 'result'],
					properties: {
						at: {type: 'string', description: 'must be a time (ISO-8601)'},
						result: {enum: [...checkResults], description: `must be one of ${checkResults.join(', ')}`},
						tier: {type: 'string', description: 'must be a string'},
						credits: {type: 'number', description: 'must be a number'},
						message: {type: 'string', description: 'must be a string'},
						transport: {enum: ['labs', 'flow'], description: 'must be "labs" or "flow"'},
					},
				},
			},
		},
	},
} as const;

type SchemaNode = {
	description?: string;
	properties?: Record<string, SchemaNode>;
	items?: SchemaNode;
	anyOf?: Array<{required?: string[]; description?: string}>;
};

export class SettingsStore {
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

/** conf's errors (JSON.parse's SyntaxError, "Config schema violation: …") as one line naming file and key. */
export function explainSettingsError(path: string, error: unknown): ConfigError {
	if (error instanceof ConfigError) return error;
	const err = error as NodeJS.ErrnoException;
	if (err?.name === 'SyntaxError') {
		return new ConfigError(jsonMistake(error, path));
	}
	const message = typeof err?.message === 'string' ? err.message : String(error);
	const violation = message.startsWith('Config schema violation: ') ? firstViolation(message) : undefined;
	if (violation)
		return new ConfigError(`${path}: ${describeViolation(path, violation.pointer, violation.text)}`);
	if (err?.code) return new ConfigError(`${path}: cannot read or write (${err.code})`);
	return new ConfigError(`${path}: ${message}`);
}

type Violation = {pointer: string; text: string};

/**
 * The violation to report. A failed anyOf (an account with neither cookie) also lists each branch's
 * missing key; those are left out, so the anyOf's own wording is what the user reads.
 */
function firstViolation(message: string): Violation | undefined {
	const violations: Violation[] = [...message.matchAll(/`([^`]*)` ([^;]*)/g)].map((match) => ({
		pointer: match[1] ?? '',
		text: match[2] ?? '',
	}));
	const failedAnyOf = new Set(
		violations.filter((v) => /must match a schema in anyOf/.test(v.text)).map((v) => v.pointer),
	);
	const isBranchOfFailedAnyOf = ({pointer, text}: Violation) => {
		const missing = /must have required property '([^']+)'/.exec(text)?.[1];
		if (missing === undefined || !failedAnyOf.has(pointer)) return false;
		const branches = schemaNodeAt(pointer === '' ? [] : pointer.split('/'))?.anyOf ?? [];
		return branches.some((branch) => branch.required?.includes(missing));
	};
	const reported = violations.filter((violation) => !isBranchOfFailedAnyOf(violation));
	// A plain mistake first (a missing name, a bad value): the anyOf only when nothing else is wrong.
	return (
		reported.find((v) => !failedAnyOf.has(v.pointer) || !/anyOf/.test(v.text)) ?? reported[0] ?? violations[0]
	);
}

function describeViolation(path: string, pointer: string, ajvMessage: string): string {
	const segments = pointer === '' ? [] : pointer.split('/');
	const key = displayKey(segments);
	if (/must match a schema in anyOf/.test(ajvMessage)) {
		const wording = schemaNodeAt(segments)?.anyOf?.find((branch) => branch.description)?.description;
		return `${key || 'the file'} ${wording ?? ajvMessage}`;
	}
	const required = /must have required property '([^']+)'/.exec(ajvMessage);
	if (required) return `${key || 'the file'} is missing "${required[1]}"`;
	if (/additional properties/.test(ajvMessage)) {
		const unknown = unknownKeyAt(path, segments);
		const where = key ? `${key}: ` : '';
		return unknown === undefined ? `${where}unknown key` : `${where}unknown key "${unknown}"`;
	}
	const node = schemaNodeAt(segments);
	return `${key} ${node?.description ?? ajvMessage}`;
}

/** `accounts/0/maxInFlight` → `accounts[0].maxInFlight`. */
function displayKey(segments: string[]): string {
	return segments.reduce(
		(text, segment) =>
			/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
		'',
	);
}

function schemaNodeAt(segments: string[]): SchemaNode | undefined {
	let node: SchemaNode | undefined = {properties: schema as unknown as Record<string, SchemaNode>};
	for (const segment of segments) {
		node = /^\d+$/.test(segment) ? node?.items : node?.properties?.[segment];
	}
	return node;
}

/** ajv names the object, not the stray key: find it in the file itself. */
function unknownKeyAt(path: string, segments: string[]): string | undefined {
	try {
		let value: unknown = JSON.parse(readFileSync(path, 'utf8'));
		for (const segment of segments) value = (value as Record<string, unknown>)?.[segment];
		const known = schemaNodeAt(segments)?.properties ?? {};
		return Object.keys((value as Record<string, unknown>) ?? {}).find((key) => !(key in known));
	} catch {
		return undefined;
	}
}

/** Node 20 says "at position 57"; people count lines. */
/**
 * Where the file goes wrong and why, without V8's quote of the text around the mistake: in a settings
 * file that text is often a cookie (json-error.ts).
 */
function jsonMistake(error: unknown, path: string): string {
	try {
		const {line, column, reason} = jsonErrorAt(readFileSync(path, 'utf8'), error);
		return `${path}:${line}:${column}: not valid JSON: ${reason}`;
	} catch {
		return `${path}: not valid JSON`;
	}
}

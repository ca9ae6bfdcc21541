/**
 * Where the settings file lives, and reading it without loading conf when there is none. conf brings
 * a JSON-schema compiler (ajv) that costs a run about a tenth of a second before its first line; a
 * machine with no saved accounts (an accounts file, the demo, CI) never needs it. When the file
 * exists, it is read by conf as before (settings.ts): the same validation, the same errors.
 */

import {statSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import type {Settings} from './settings.js';

const settingsFileName = 'config.json';

/** The folder settings live in: FLOWDECK_CONFIG_DIR, else the platform's config folder for flowdeck. */
export const configDirFromEnv = (env: NodeJS.ProcessEnv): string | undefined =>
	env.FLOWDECK_CONFIG_DIR?.trim() ? env.FLOWDECK_CONFIG_DIR.trim() : undefined;

/**
 * The platform's config folder for flowdeck, found as conf finds it (env-paths with no suffix):
 * `$XDG_CONFIG_HOME/flowdeck` or `~/.config/flowdeck`, `~/Library/Preferences/flowdeck`,
 * `%APPDATA%\flowdeck\Config`. Like env-paths, it reads the process environment.
 */
export function platformConfigDir(
	env: NodeJS.ProcessEnv = process.env,
	platform: NodeJS.Platform = process.platform,
	home: string = homedir(),
): string {
	const name = 'flowdeck';
	if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', name);
	if (platform === 'win32') {
		return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), name, 'Config');
	}
	return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), name);
}

/** The settings file's path, as conf's `path` says it. */
export function settingsFilePath(env: NodeJS.ProcessEnv): string {
	return path.resolve(configDirFromEnv(env) ?? platformConfigDir(), settingsFileName);
}

const noSettings = (): Settings => ({defaults: {}, accounts: []});

/**
 * The settings as `openSettings(env).read()` returns them. With no settings file that is the empty
 * settings, and conf is not loaded; anything else (a file, or one that cannot even be looked at) goes
 * through conf, which validates it and reports a problem in one line.
 */
export async function readSettings(env: NodeJS.ProcessEnv): Promise<Settings> {
	if (isMissing(settingsFilePath(env))) return noSettings();
	const {openSettings} = await import('./settings.js');
	return openSettings(env).read();
}

function isMissing(file: string): boolean {
	try {
		statSync(file);
		return false;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR';
	}
}

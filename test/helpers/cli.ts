import {type ChildProcess, spawn} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

export const cliPath = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

export type CliRun = {child: ChildProcess; result: Promise<CliResult>};

/** Spawns the built CLI with no TTY; `onLine` sees each stdout line as it arrives. */
export function startCli(
	args: string[],
	options: {env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string, child: ChildProcess) => void} = {},
): CliRun {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	let pending = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
		pending += chunk;
		let newline = pending.indexOf('\n');
		while (newline >= 0) {
			const line = pending.slice(0, newline);
			pending = pending.slice(newline + 1);
			options.onLine?.(line, child);
			newline = pending.indexOf('\n');
		}
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const result = new Promise<CliResult>((resolve) => {
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	return {child, result};
}

export const runCli = (args: string[], options: Parameters<typeof startCli>[1] = {}): Promise<CliResult> =>
	startCli(args, options).result;

/** A captcha command that prints a fresh unique token on every call. */
export const uniqueTokenCommand = 'cat /proc/sys/kernel/random/uuid';

export function parseNdjson(stdout: string): Array<Record<string, unknown>> {
	return stdout
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * A Node `--import` hook that appends the URL of every module the process resolves to `log`, one a
 * line (synchronously, so the file is complete whenever the process is stopped). Returns its path.
 */
export async function writeModuleLogHook(dir: string, log: string): Promise<string> {
	const hook = join(dir, 'module-log-hook.mjs');
	await writeFile(
		hook,
		`import {register} from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import {appendFileSync} from 'node:fs';
export async function resolve(specifier, context, next) {
	const resolved = await next(specifier, context);
	appendFileSync(${JSON.stringify(log)}, resolved.url + '\\\\n');
	return resolved;
}\`));
`,
	);
	return hook;
}

/** The module URLs a writeModuleLogHook log holds. */
export const readModuleLog = async (log: string): Promise<string[]> =>
	(await readFile(log, 'utf8')).split('\n').filter((url) => url !== '');

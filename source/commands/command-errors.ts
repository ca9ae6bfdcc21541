import {ConfigError} from '../config/accounts-file.js';
import {SceneFileError} from '../core/scenes.js';
import {UsageError} from '../run/usage-error.js';

/** Bad usage, settings or input: one line, exit 2 (docs/design.md §4). */
export const isUsageProblem = (error: unknown): error is Error =>
	error instanceof UsageError || error instanceof ConfigError || error instanceof SceneFileError;

/**
 * Runs a command and turns a usage problem into its one `flowdeck: …` line and exit code 2, so a test
 * calling the command sees exactly what a user would. Anything else is a bug and propagates.
 */
export async function withUsageErrors(
	stderr: NodeJS.WritableStream,
	command: () => Promise<number>,
): Promise<number> {
	try {
		return await command();
	} catch (error) {
		if (!isUsageProblem(error)) throw error;
		stderr.write(`flowdeck: ${error.message}\n`);
		return 2;
	}
}

/**
 * Bad usage, one line, exit 2 (commands/command-errors.ts). A module of its own: the dispatcher
 * (commands/main.ts) throws it before any command is chosen, and must not load the run's options
 * (and what they import) to do so.
 */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

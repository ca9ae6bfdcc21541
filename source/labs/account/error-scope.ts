import {FlowError} from '../errors/index.js';

/** An error of one account's call, as a FlowError that names the account. */
export function scopedError(account: string, error: unknown): FlowError {
	if (error instanceof FlowError) return error.forAccount(account);
	// Anything else is a bug in flowdeck or a library; keep it a one-line, classified error.
	return new FlowError('protocol', `${account}: ${(error as Error)?.message ?? String(error)}`, {
		cause: error,
	});
}

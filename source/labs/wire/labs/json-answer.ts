import {excerpt, FlowError, redactSecrets} from '../../errors/index.js';

/** A labs.google or API answer read as JSON; one that is not becomes a protocol error. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// A cut-off session answer holds the access token itself: never quote one.
		throw new FlowError('protocol', `the answer is not JSON: ${excerpt(redactSecrets(text))}`);
	}
}

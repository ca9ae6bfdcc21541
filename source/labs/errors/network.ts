/** A request that got no HTTP answer, as a FlowError: which failures may have reached the server. */
import {FlowError} from './flow-error.js';
import {redactSecrets} from './redact.js';
import {excerpt, isObject, nonEmptyString, table} from './text.js';

type NetworkFailure = {text: string; reachedServer: boolean};

// reachedServer=false: the failure happened before any byte of the request could have been sent, so
// even a generate call is safe to send again.
const networkFailures: Record<string, NetworkFailure> = table({
	ECONNREFUSED: {text: 'connection refused', reachedServer: false},
	UND_ERR_CONNECT_TIMEOUT: {text: 'connect timed out', reachedServer: false},
	ENOTFOUND: {text: 'host not found', reachedServer: false},
	EAI_AGAIN: {text: 'host name lookup failed', reachedServer: false},
	EHOSTUNREACH: {text: 'host unreachable', reachedServer: false},
	ENETUNREACH: {text: 'network unreachable', reachedServer: false},
	ECONNRESET: {text: 'connection reset', reachedServer: true},
	EPIPE: {text: 'connection closed while sending', reachedServer: true},
	ETIMEDOUT: {text: 'connection timed out', reachedServer: true},
	UND_ERR_SOCKET: {text: 'connection closed by the other side', reachedServer: true},
	UND_ERR_CLOSED: {text: 'connection closed', reachedServer: true},
	UND_ERR_HEADERS_TIMEOUT: {text: 'request timed out waiting for the answer', reachedServer: true},
	UND_ERR_BODY_TIMEOUT: {text: 'request timed out while reading the answer', reachedServer: true},
	UND_ERR_ABORTED: {text: 'request aborted', reachedServer: true},
	AbortError: {text: 'request timed out', reachedServer: true},
	TimeoutError: {text: 'request timed out', reachedServer: true},
});

/** The error's own code/name, or those of its cause chain (fetch wraps the real one in `cause`). */
function networkCodeOf(error: unknown, depth = 0): string | undefined {
	if (!isObject(error)) return undefined;
	// String(): the table has no "undefined" entry, so an absent code or name finds nothing.
	const code = nonEmptyString(error.code);
	if (networkFailures[String(code)] !== undefined) return code;
	const name = nonEmptyString(error.name);
	if (networkFailures[String(name)] !== undefined) return name;
	if (depth < 4) {
		const inner = networkCodeOf(error.cause, depth + 1);
		if (inner !== undefined) return inner;
	}
	return depth === 0 ? code : undefined;
}

/**
 * A request that got no HTTP answer. For a write (a generate call) the result is `ambiguous` unless
 * the failure was in the connect phase: the server may have started the generation already.
 */
export function classifyNetworkError(error: unknown, {write}: {write: boolean}): FlowError {
	if (error instanceof FlowError) return error;
	const code = networkCodeOf(error);
	const known = networkFailures[String(code)];
	let text: string;
	if (known !== undefined) {
		text = `${known.text} (${code})`;
	} else {
		const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
		const detail = message.trim() === '' ? 'no answer' : excerpt(redactSecrets(message), 100);
		text = code === undefined ? `network error: ${detail}` : `network error: ${detail} (${code})`;
	}
	// Unknown failures count as having reached the server: re-sending a generate costs credits twice.
	const reachedServer = known?.reachedServer ?? true;
	return new FlowError('transient', text, {
		code: code ?? 'NETWORK_ERROR',
		ambiguous: write && reachedServer,
		cause: error,
	});
}

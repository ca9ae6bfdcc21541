/**
 * Every failure that leaves source/labs is a FlowError of one closed kind, so the pipeline can decide
 * what to do (retry, reroute, fail the scene) without knowing anything about the wire.
 */

import type {WireSample} from '../types.js';

export const errorKinds = [
	'auth',
	'captcha',
	'throttle',
	'quota',
	'model-access',
	'policy',
	'transient',
	'not-found',
	'protocol',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export type FlowErrorOptions = {
	/** PUBLIC_ERROR_* reason, Google canonical status, or a flowdeck code such as ACCOUNT_MIGRATED. */
	code?: string;
	httpStatus?: number;
	/** From Retry-After, when the server sent one. */
	retryAfterMs?: number;
	/**
	 * True when a write (a generate call) may have reached the server although no answer was read:
	 * the caller must not re-send it on its own.
	 */
	ambiguous?: boolean;
	/** For a `protocol` error about an answer flowdeck cannot read: that answer, redacted (docs/errors.md). */
	sample?: WireSample;
	cause?: unknown;
};

export class FlowError extends Error {
	override readonly name = 'FlowError';
	readonly kind: ErrorKind;
	readonly code: string | undefined;
	readonly httpStatus: number | undefined;
	readonly retryAfterMs: number | undefined;
	readonly ambiguous: boolean;
	readonly sample: WireSample | undefined;

	constructor(kind: ErrorKind, message: string, options: FlowErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.kind = kind;
		this.code = options.code;
		this.httpStatus = options.httpStatus;
		this.retryAfterMs = options.retryAfterMs;
		this.ambiguous = options.ambiguous ?? false;
		this.sample = options.sample;
	}

	/** The same error, prefixed with the account it happened on (the only identity shown to users). */
	forAccount(account: string): FlowError {
		if (this.message.startsWith(`${account}: `)) return this;
		const copy = new FlowError(this.kind, `${account}: ${this.message}`, {
			code: this.code,
			httpStatus: this.httpStatus,
			retryAfterMs: this.retryAfterMs,
			ambiguous: this.ambiguous,
			sample: this.sample,
			cause: this.cause,
		});
		return copy;
	}
}

export const isFlowError = (error: unknown): error is FlowError => error instanceof FlowError;

/** Kinds worth trying again after a pause, as opposed to kinds that end a scene or an account. */
export const isRetryableKind = (kind: ErrorKind): boolean => kind === 'transient' || kind === 'throttle';

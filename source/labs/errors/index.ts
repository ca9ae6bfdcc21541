/**
 * Every failure that leaves source/labs is a FlowError of one closed kind, so the pipeline can decide
 * what to do (docs/failure-policy.md) without knowing anything about the wire. One module per job:
 * the error itself, PUBLIC_ERROR codes, HTTP answers, network failures, and the redactor.
 */
export {
	type ErrorKind,
	errorKinds,
	FlowError,
	type FlowErrorOptions,
	isFlowError,
	isRetryableKind,
} from './flow-error.js';
export {classifyHttpError, type HttpErrorInput, parseRetryAfter} from './http.js';
export {classifyNetworkError} from './network.js';
export {
	describePublicError,
	findPublicErrorCode,
	kindOfPublicError,
	type PublicErrorContext,
	publicErrorSentences,
} from './public-errors.js';
export {redactSecrets} from './redact.js';
export {excerpt} from './text.js';

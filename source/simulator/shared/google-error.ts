/** Google's JSON error envelope (docs/protocol-labs.md §6.1), the only error body the API origin sends. */

export type GoogleError = {
	httpStatus: number;
	body: {error: {code: number; message: string; status: string; details: unknown[]}};
	headers?: Record<string, string>;
};

const errorInfoType = 'type.googleapis.com/google.rpc.ErrorInfo';
const badRequestType = 'type.googleapis.com/google.rpc.BadRequest';

export function googleError(
	httpStatus: number,
	status: string,
	message: string,
	reason?: string,
	headers?: Record<string, string>,
): GoogleError {
	const details = reason === undefined ? [] : [{'@type': errorInfoType, reason}];
	return {httpStatus, body: {error: {code: httpStatus, message, status, details}}, headers};
}

/** What a proto JSON parser says about a field it does not know; no PUBLIC_ERROR reason here. */
export function unknownFieldError(field: string, at: string): GoogleError {
	const where = at ? ` at '${at}'` : '';
	const message = `Invalid JSON payload received. Unknown name "${field}"${where}: Cannot find field.`;
	return {
		httpStatus: 400,
		body: {
			error: {
				code: 400,
				message,
				status: 'INVALID_ARGUMENT',
				details: [{'@type': badRequestType, fieldViolations: [{field: at, description: message}]}],
			},
		},
	};
}

export const invalidArgument = (message = 'Request contains an invalid argument.', reason?: string) =>
	googleError(400, 'INVALID_ARGUMENT', message, reason);

export const notFound = () => googleError(404, 'NOT_FOUND', 'Requested entity was not found.');

const unauthenticatedMessage =
	'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Only CREDENTIALS_MISSING was seen on this API (FG); ACCESS_TOKEN_EXPIRED is Google's usual reason. */
export const unauthenticated = (reason?: 'CREDENTIALS_MISSING' | 'ACCESS_TOKEN_EXPIRED') =>
	googleError(401, 'UNAUTHENTICATED', unauthenticatedMessage, reason, {
		'www-authenticate': 'Bearer realm="https://accounts.google.com/"',
	});

export const captchaFailed = () =>
	googleError(403, 'PERMISSION_DENIED', 'reCAPTCHA evaluation failed', 'PUBLIC_ERROR_UNUSUAL_ACTIVITY');

export const modelAccessDenied = () =>
	googleError(
		403,
		'PERMISSION_DENIED',
		'The caller does not have permission',
		'PUBLIC_ERROR_MODEL_ACCESS_DENIED',
	);

export const quotaReached = () =>
	googleError(
		429,
		'RESOURCE_EXHAUSTED',
		'Resource has been exhausted (e.g. check quota).',
		'PUBLIC_ERROR_USER_QUOTA_REACHED',
	);

export const concurrentLimit = () =>
	googleError(
		429,
		'RESOURCE_EXHAUSTED',
		'Resource has been exhausted (e.g. check quota).',
		'PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED',
		{'retry-after': '2'},
	);

/**
 * A second upscale of a clip at a resolution it already has, or is getting (GYGA client; the message
 * is Google's usual one for ALREADY_EXISTS, a GUESS: no capture quotes it).
 */
export const alreadyInProgress = () =>
	googleError(
		409,
		'ALREADY_EXISTS',
		'Requested entity already exists',
		'PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS',
	);

export const unavailable = () => googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.');

export const internal = () => googleError(500, 'INTERNAL', 'Internal error encountered.');

/**
 * PUBLIC_ERROR_* codes, the reasons Flow gives on both wires: what each means for the pipeline (its
 * kind) and in words (docs/failure-policy.md).
 */
import type {ErrorKind} from './flow-error.js';
import {excerpt, table} from './text.js';

/**
 * Every PUBLIC_ERROR_* code docs/protocol-labs.md names (§3.5, §4.4, §6.1): the kind it means for the
 * pipeline and its plain words, so a failed scene says why without the user looking the code up. One
 * table for both wires (flow.google.com quotes the same codes, docs/protocol-flow.md §3).
 */
const publicErrors: Record<string, {kind: ErrorKind; words: string}> = table({
	// Content filters: terminal, the same prompt fails the same way.
	PUBLIC_ERROR_UNSAFE_GENERATION: {
		kind: 'policy',
		words: 'blocked by policy: the safety filter refused the prompt',
	},
	PUBLIC_ERROR_MINOR: {kind: 'policy', words: 'blocked by policy: a minor was detected'},
	PUBLIC_ERROR_SEXUAL: {kind: 'policy', words: 'blocked by policy: sexual content was detected'},
	PUBLIC_ERROR_VIOLENCE_FILTER: {kind: 'policy', words: 'blocked by policy: violent content was detected'},
	PUBLIC_ERROR_DANGER_FILTER: {kind: 'policy', words: 'blocked by policy: dangerous content was detected'},
	PUBLIC_ERROR_REPUTATIONAL: {
		kind: 'policy',
		words: 'blocked by policy: the prompt was judged reputationally risky',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected',
	},
	PUBLIC_ERROR_IMAGE_OUTPUT_IP_FILTER: {
		kind: 'policy',
		words: 'blocked by policy: the output looked like protected intellectual property',
	},
	PUBLIC_ERROR_AUDIO_FILTERED: {kind: 'policy', words: 'blocked by policy: the generated audio was refused'},
	PUBLIC_ERROR_UNDERSPECIFIED_ANIMAL: {
		kind: 'policy',
		words: 'blocked by policy: the animal in the prompt is underspecified',
	},
	PUBLIC_ERROR_NON_ENGLISH_PROMPT: {kind: 'policy', words: 'blocked by policy: the prompt is not in English'},
	PUBLIC_ERROR_RESPONSE_TOO_LONG: {
		kind: 'policy',
		words: 'blocked by policy: the response would be too long',
	},
	// Input images.
	PUBLIC_ERROR_MINOR_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: a minor was detected in the input image',
	},
	PUBLIC_ERROR_MINOR_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: a minor was detected in the uploaded image',
	},
	PUBLIC_ERROR_IP_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: the input image looked like protected intellectual property',
	},
	PUBLIC_ERROR_PHOTOREAL_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: the input image is too photorealistic',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_INPUT_IMAGE: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected in the input image',
	},
	PUBLIC_ERROR_PROMINENT_PEOPLE_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: a prominent person was detected in the uploaded image',
	},
	PUBLIC_ERROR_SEXUAL_UPLOAD: {kind: 'policy', words: 'blocked by policy: the uploaded image is sexual'},
	PUBLIC_ERROR_UNSAFE_IMAGE_UPLOAD: {
		kind: 'policy',
		words: 'blocked by policy: the uploaded image is unsafe',
	},
	PUBLIC_ERROR_IMAGE_TOO_LARGE: {kind: 'policy', words: 'the input image is too large'},
	PUBLIC_ERROR_IMAGE_TOO_SMALL: {kind: 'policy', words: 'the input image is too small'},
	PUBLIC_ERROR_UNKNOWN_IMAGE_FILE_FORMAT: {kind: 'policy', words: 'the input image format is not supported'},
	// Quota.
	PUBLIC_ERROR_USER_QUOTA_REACHED: {kind: 'quota', words: 'daily credit quota reached'},
	// A per-model quota leaves the account's credits and its other models usable: like a tier
	// denial, only this model moves to another account ('quota' would retire the whole account).
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED: {
		kind: 'model-access',
		words: 'daily quota for this model reached',
	},
	PUBLIC_ERROR_PER_MODEL_DAILY_QUOTA_REACHED_UPGRADEABLE: {
		kind: 'model-access',
		words: 'daily quota for this model reached (a higher tier allows more)',
	},
	// Account / tier.
	PUBLIC_ERROR_MODEL_ACCESS_DENIED: {
		kind: 'model-access',
		words: "this account's tier may not use the model",
	},
	PUBLIC_ERROR_UNUSUAL_ACTIVITY: {
		kind: 'captcha',
		words: 'Google flagged unusual activity (reCAPTCHA evaluation failed)',
	},
	// Region, minor and app denials are about the account, not the prompt: like a tier denial they
	// leave the scene runnable on another account, which is what 'model-access' makes the pipeline do.
	PUBLIC_ERROR_USER_REGION_DISALLOWED: {
		kind: 'model-access',
		words: "Flow is not available in this account's region",
	},
	PUBLIC_ERROR_USER_MINOR: {
		kind: 'model-access',
		words: 'this account belongs to a minor and may not use Flow',
	},
	PUBLIC_ERROR_APP_UNAVAILABLE: {kind: 'model-access', words: 'Flow is not available to this account'},
	// Retryable.
	PUBLIC_ERROR_HIGH_TRAFFIC: {kind: 'throttle', words: 'Flow is under high demand, try again later'},
	PUBLIC_ERROR_MODEL_OVERLOADED: {kind: 'transient', words: 'the model is overloaded, try again later'},
	PUBLIC_ERROR_MODEL_DISABLED_DUE_TO_TRAFFIC: {
		kind: 'transient',
		words: 'the model is paused because of traffic, try again later',
	},
	PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC: {
		kind: 'throttle',
		words: 'too many requests from this account, slow down',
	},
	PUBLIC_ERROR_USER_REQUESTS_THROTTLED: {
		kind: 'throttle',
		words: 'requests from this account are being throttled',
	},
	PUBLIC_ERROR_VIDEO_GENERATION_TIMED_OUT: {
		kind: 'transient',
		words: 'the video generation timed out on the server',
	},
	PUBLIC_ERROR_SOMETHING_WENT_WRONG: {kind: 'transient', words: 'something went wrong on the server'},
	PUBLIC_ERROR_CONCURRENT_LIMIT_REACHED: {
		kind: 'throttle',
		words: 'too many generations running on this account at once',
	},
	PUBLIC_ERROR_GENERATION_ALREADY_IN_PROGRESS: {
		kind: 'throttle',
		words: 'the same generation is already in progress',
	},
});

/** The words alone, as messages quote them. */
export const publicErrorSentences: Record<string, string> = table(
	Object.fromEntries(Object.entries(publicErrors).map(([code, {words}]) => [code, words])),
);

const publicErrorPattern = /PUBLIC_ERROR_[A-Z0-9_]*[A-Z0-9]/;

/** The first PUBLIC_ERROR_* token inside a text, as servers put it in messages and status items. */
export function findPublicErrorCode(text: string): string | undefined {
	return publicErrorPattern.exec(text)?.[0];
}

/** A scene's failure in words: the known sentence, or the code itself made readable. */
export function describePublicError(code: string): string {
	const text = typeof code === 'string' ? code.trim() : '';
	const token = findPublicErrorCode(text) ?? text;
	const sentence = publicErrorSentences[token];
	if (sentence !== undefined) return sentence;
	if (token === '') return 'failed: unknown';
	if (/^[A-Z0-9_]+$/.test(token)) return `failed: ${token.toLowerCase().replace(/_+/g, ' ').trim()}`;
	return `failed: ${excerpt(text, 100)}`;
}

export type PublicErrorContext = {httpStatus?: number; message?: string};

// Stryker disable next-line StringLiteral: any fallback without "recaptcha" in it reads the same
export const mentionsRecaptcha = (message: string | undefined): boolean => /recaptcha/i.test(message ?? '');

/**
 * The kind a PUBLIC_ERROR_* code implies, or undefined for a code flowdeck does not know.
 * SOMETHING_WENT_WRONG is also what a low reCAPTCHA score gives (403 "reCAPTCHA evaluation failed"),
 * hence the optional context.
 */
export function kindOfPublicError(
	code: string | undefined,
	context: PublicErrorContext = {},
): ErrorKind | undefined {
	if (typeof code !== 'string') return undefined;
	const token = code.trim().toUpperCase();
	if (
		token === 'PUBLIC_ERROR_SOMETHING_WENT_WRONG' &&
		context.httpStatus === 403 &&
		mentionsRecaptcha(context.message)
	) {
		return 'captcha';
	}
	return publicErrors[token]?.kind;
}

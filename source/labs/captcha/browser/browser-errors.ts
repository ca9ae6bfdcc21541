/** The codes of the browser's own failures, and how a Playwright error is told to the user. */
import {excerpt, redactSecrets} from '../../errors/index.js';

export const browserErrorCodes = {
	start: 'CAPTCHA_BROWSER',
	gone: 'CAPTCHA_BROWSER_GONE',
	unstable: 'CAPTCHA_BROWSER_UNSTABLE',
	closed: 'CAPTCHA_CLOSED',
} as const;

/** The first line of a Playwright error, without its "browserType.launch: " prefix or any token. */
export function plainReason(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const first = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
	return excerpt(redactSecrets(first.replace(/^[\w.]+: /, '')), 160);
}

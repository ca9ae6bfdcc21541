/**
 * Redirects on the labs.google wire (docs/protocol-labs.md): one to another host means the account
 * moved (to flow.google.com) or the wire changed, never a place to send credentials.
 */
import {excerpt, FlowError} from '../../errors/index.js';

export function movedError(location: string | undefined): FlowError {
	if (location && /flow\.google\.com/i.test(location)) {
		return new FlowError(
			'auth',
			'Flow moved this account to flow.google.com (not supported by this transport)',
			{
				code: 'ACCOUNT_MIGRATED',
			},
		);
	}
	return new FlowError(
		'protocol',
		`labs.google redirected to another host (${excerpt(location ?? '?', 80)})`,
		{
			code: 'UNEXPECTED_REDIRECT',
		},
	);
}

/** A Location resolved against `base`; one that is no URL at all is left for the parser to refuse. */
export function absoluteUrl(location: string, base: string): string {
	try {
		return new URL(location, base).toString();
	} catch {
		return location;
	}
}

export function isOtherHost(location: string, base: string): boolean {
	try {
		return new URL(location, base).host !== new URL(base).host;
	} catch {
		return false;
	}
}

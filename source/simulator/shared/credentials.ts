import type {AccountState} from './accounts.js';
import {opaqueToken} from './random.js';

/** `usesLeft`: api calls the token still answers (tokenUses); undefined: only the clock ends it. */
type TokenState = {account: string; expiresAt: number; usesLeft?: number};
type CaptchaState = {account: string; expiresAt: number};

export type CaptchaVerdict = 'ok' | 'reused' | 'wrong-account' | 'expired';

export type CredentialOptions = {
	now: () => number;
	tokenLifetimeMs: number;
	/** Each access token answers this many api calls, then is expired: expiry without the clock. */
	tokenUses: number | undefined;
	/** The account of a name, whatever its standing (a revoked account's tokens are unknown). */
	accountOf: (name: string) => AccountState | undefined;
};

/** reCAPTCHA Enterprise tokens live about two minutes (docs/protocol-labs.md §1.3). */
const captchaLifetimeMs = 120_000;

/** The access tokens and captcha tokens the fake handed out, and what each is still good for. */
export class Credentials {
	readonly #options: CredentialOptions;
	readonly #tokens = new Map<string, TokenState>();
	readonly #captchas = new Map<string, CaptchaState>();
	readonly #usedCaptchas = new Set<string>();

	constructor(options: CredentialOptions) {
		this.#options = options;
	}

	mintAccessToken(account: AccountState): string {
		// Real tokens are ~416 characters; a client that truncates or re-encodes them should notice.
		const token = opaqueToken('ya29.', 416);
		this.#tokens.set(token, {
			account: account.name,
			expiresAt: this.#options.now() + this.#options.tokenLifetimeMs,
			usesLeft: this.#options.tokenUses,
		});
		return token;
	}

	/** The account a bearer token was minted for, valid or not. */
	accountOfToken(token: string | undefined): AccountState | undefined {
		const entry = token === undefined ? undefined : this.#tokens.get(token);
		return entry ? this.#options.accountOf(entry.account) : undefined;
	}

	tokenVerdict(token: string): 'valid' | 'expired' | 'unknown' {
		const entry = this.#tokens.get(token);
		if (!entry) return 'unknown';
		const account = this.#options.accountOf(entry.account);
		if (!account || account.revoked) return 'unknown';
		if (this.#options.now() >= entry.expiresAt || entry.usesLeft === 0) return 'expired';
		if (entry.usesLeft !== undefined) entry.usesLeft--;
		return 'valid';
	}

	expireTokens(name?: string): void {
		const now = this.#options.now();
		for (const entry of this.#tokens.values()) {
			if (name === undefined || entry.account === name) entry.expiresAt = Math.min(entry.expiresAt, now);
		}
	}

	mintCaptcha(name: string): string {
		// Shaped like reCAPTCHA Enterprise tokens (prefix, 2,300+ characters) so size limits show up.
		const token = opaqueToken('0cAFcWe', 2_400);
		this.#captchas.set(token, {account: name, expiresAt: this.#options.now() + captchaLifetimeMs});
		return token;
	}

	/**
	 * Spends a captcha token. Tokens minted here are bound to an account and expire; tokens from
	 * elsewhere (a user's captcha command) are taken on trust, but every string works only once.
	 */
	consumeCaptcha(account: string, token: string): CaptchaVerdict {
		if (this.#usedCaptchas.has(token)) return 'reused';
		const minted = this.#captchas.get(token);
		if (minted && minted.account !== account) return 'wrong-account';
		if (minted && this.#options.now() >= minted.expiresAt) return 'expired';
		this.#usedCaptchas.add(token);
		this.#captchas.delete(token);
		return 'ok';
	}
}

import {randomUUID} from 'node:crypto';
import type {SimAccountOptions, SimAccountView} from '../types.js';
import {defaultServiceTier} from './catalog.js';
import {opaqueToken, type Random} from './random.js';

export type GenerationStatus = 'PENDING' | 'ACTIVE' | 'SUCCESSFUL' | 'FAILED';

export type AccountState = {
	name: string;
	cookie: string;
	tier: string;
	serviceTier: string;
	credits: number;
	maxInFlight: number | undefined;
	migrated: boolean;
	/** The Cookie header that signs the account in on the flow.google.com stand-in. */
	googleCookies: string | undefined;
	revoked: boolean;
};

export type ProjectState = {id: string; account: string; title: string; createdAt: number};

export type MediaState = {
	name: string;
	account: string;
	projectId: string;
	workflowId: string;
	batchId: string;
	prompt: string;
	model: string;
	aspectRatio: string;
	seed: number;
	cost: number;
	createdAt: number;
	durationMs: number;
	/** The PUBLIC_ERROR code this media fails with once its generation time is up. */
	failureCode: string | undefined;
	refunded: boolean;
};

/** `usesLeft`: api calls the token still answers (tokenUses); undefined: only the clock ends it. */
type TokenState = {account: string; expiresAt: number; usesLeft?: number};
type CaptchaState = {account: string; expiresAt: number};

export type CaptchaVerdict = 'ok' | 'reused' | 'wrong-account' | 'expired';

export type NewMedia = Pick<MediaState, 'prompt' | 'model' | 'aspectRatio' | 'seed' | 'cost' | 'failureCode'>;

export type StateOptions = {
	accounts: SimAccountOptions[];
	now: () => number;
	tokenLifetimeMs: number;
	/** Each access token answers this many api calls, then is expired: expiry without the clock. */
	tokenUses?: number;
	generationMs: {min: number; max: number};
	/** Draws generation times; kept apart from fault injection so one does not shift the other. */
	random: Random;
};

/** reCAPTCHA Enterprise tokens live about two minutes (docs/protocol-labs.md §1.3). */
const captchaLifetimeMs = 120_000;
const sessionLifetimeMs = 30 * 24 * 3_600_000;

/**
 * The whole world of the fake: who owns what, and where every generation stands on the clock.
 * Generation progress is derived from the clock rather than timers, so an injected clock moves it.
 */
export class SimState {
	readonly now: () => number;
	readonly #accounts = new Map<string, AccountState>();
	readonly #byCookie = new Map<string, AccountState>();
	readonly #tokens = new Map<string, TokenState>();
	readonly #captchas = new Map<string, CaptchaState>();
	readonly #usedCaptchas = new Set<string>();
	readonly #projects = new Map<string, ProjectState>();
	readonly #media = new Map<string, MediaState>();
	readonly #tokenLifetimeMs: number;
	readonly #tokenUses: number | undefined;
	readonly #generationMs: {min: number; max: number};
	readonly #random: Random;

	constructor(options: StateOptions) {
		this.now = options.now;
		this.#tokenLifetimeMs = options.tokenLifetimeMs;
		this.#tokenUses = options.tokenUses;
		this.#generationMs = options.generationMs;
		this.#random = options.random;
		for (const account of options.accounts) {
			if (this.#accounts.has(account.name)) throw new Error(`simulator: duplicate account ${account.name}`);
			if (this.#byCookie.has(account.cookie)) throw new Error(`simulator: accounts share a cookie`);
			const tier = account.tier ?? 'PAYGATE_TIER_ONE';
			const state: AccountState = {
				name: account.name,
				cookie: account.cookie,
				tier,
				serviceTier: account.serviceTier ?? defaultServiceTier(tier),
				credits: account.credits ?? 10_000,
				maxInFlight: account.maxInFlight,
				migrated: account.migrated ?? false,
				googleCookies: account.googleCookies,
				revoked: false,
			};
			this.#accounts.set(account.name, state);
			this.#byCookie.set(account.cookie, state);
		}
	}

	/** Every account, in configuration order (the flow stand-in matches Google cookies against them). */
	accounts(): AccountState[] {
		return [...this.#accounts.values()];
	}

	account(name: string): AccountState {
		const account = this.#accounts.get(name);
		if (!account) throw new Error(`simulator: no account named ${name}`);
		return account;
	}

	/** Who a cookie belongs to, revoked or migrated included (for the traffic record). */
	accountOfCookie(cookie: string | undefined): AccountState | undefined {
		return cookie === undefined ? undefined : this.#byCookie.get(cookie);
	}

	/** The account a cookie opens a labs session for, if it still does. */
	sessionAccount(cookie: string | undefined): AccountState | undefined {
		const account = this.accountOfCookie(cookie);
		return account && !account.revoked && !account.migrated ? account : undefined;
	}

	sessionExpiry(): string {
		return new Date(this.now() + sessionLifetimeMs).toISOString();
	}

	mintAccessToken(account: AccountState): string {
		// Real tokens are ~416 characters; a client that truncates or re-encodes them should notice.
		const token = opaqueToken('ya29.', 416);
		this.#tokens.set(token, {
			account: account.name,
			expiresAt: this.now() + this.#tokenLifetimeMs,
			usesLeft: this.#tokenUses,
		});
		return token;
	}

	/** The account a bearer token was minted for, valid or not. */
	accountOfToken(token: string | undefined): AccountState | undefined {
		const entry = token === undefined ? undefined : this.#tokens.get(token);
		return entry ? this.#accounts.get(entry.account) : undefined;
	}

	tokenVerdict(token: string): 'valid' | 'expired' | 'unknown' {
		const entry = this.#tokens.get(token);
		if (!entry) return 'unknown';
		const account = this.#accounts.get(entry.account);
		if (!account || account.revoked) return 'unknown';
		if (this.now() >= entry.expiresAt || entry.usesLeft === 0) return 'expired';
		if (entry.usesLeft !== undefined) entry.usesLeft--;
		return 'valid';
	}

	expireTokens(name?: string): void {
		const now = this.now();
		for (const entry of this.#tokens.values()) {
			if (name === undefined || entry.account === name) entry.expiresAt = Math.min(entry.expiresAt, now);
		}
	}

	revoke(name: string): void {
		this.account(name).revoked = true;
	}

	mintCaptcha(name: string): string {
		this.account(name);
		// Shaped like reCAPTCHA Enterprise tokens (prefix, 2,300+ characters) so size limits show up.
		const token = opaqueToken('0cAFcWe', 2_400);
		this.#captchas.set(token, {account: name, expiresAt: this.now() + captchaLifetimeMs});
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
		if (minted && this.now() >= minted.expiresAt) return 'expired';
		this.#usedCaptchas.add(token);
		this.#captchas.delete(token);
		return 'ok';
	}

	createProject(account: string, title: string): ProjectState {
		const project: ProjectState = {id: randomUUID(), account, title, createdAt: this.now()};
		this.#projects.set(project.id, project);
		return project;
	}

	project(id: string): ProjectState | undefined {
		return this.#projects.get(id);
	}

	media(name: string): MediaState | undefined {
		return this.#media.get(name);
	}

	/** Creates the media of one generate call and charges for them; failures are refunded by settle(). */
	createMedia(account: AccountState, projectId: string, batchId: string, items: NewMedia[]): MediaState[] {
		const createdAt = this.now();
		const created = items.map((item): MediaState => {
			const name = randomUUID();
			return {
				...item,
				name,
				account: account.name,
				projectId,
				workflowId: randomUUID(),
				batchId,
				createdAt,
				durationMs: this.#drawDuration(),
				refunded: false,
			};
		});
		for (const media of created) {
			this.#media.set(media.name, media);
			account.credits -= media.cost;
		}
		return created;
	}

	status(media: MediaState): GenerationStatus {
		const elapsed = this.now() - media.createdAt;
		if (elapsed >= media.durationMs) return media.failureCode ? 'FAILED' : 'SUCCESSFUL';
		return elapsed < media.durationMs * 0.1 ? 'PENDING' : 'ACTIVE';
	}

	/** Brings credits up to the clock: media that have failed by now give their credits back, once. */
	settle(): void {
		for (const media of this.#media.values()) {
			if (media.refunded || !media.failureCode || this.status(media) !== 'FAILED') continue;
			media.refunded = true;
			const owner = this.#accounts.get(media.account);
			if (owner) owner.credits += media.cost;
		}
	}

	inFlight(account: string): number {
		let count = 0;
		for (const media of this.#media.values()) {
			if (media.account !== account) continue;
			const status = this.status(media);
			if (status === 'PENDING' || status === 'ACTIVE') count++;
		}
		return count;
	}

	view(name: string): SimAccountView {
		this.settle();
		const account = this.account(name);
		const projects = [...this.#projects.values()].filter((p) => p.account === name).map((p) => p.id);
		const media = [...this.#media.values()].filter((m) => m.account === name).map((m) => m.name);
		return {credits: account.credits, projects, tier: account.tier, media};
	}

	#drawDuration(): number {
		const {min, max} = this.#generationMs;
		return Math.round(min + (max - min) * this.#random());
	}
}

import {randomUUID} from 'node:crypto';
import type {SimAccountOptions, SimAccountView} from '../types.js';
import {type AccountState, indexAccounts} from './accounts.js';
import {type CaptchaVerdict, Credentials} from './credentials.js';
import {
	type GenerationStatus,
	generationStatus,
	type ImageState,
	type MediaState,
	type NewMedia,
	type ProjectState,
} from './media.js';
import type {Random} from './random.js';

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

const sessionLifetimeMs = 30 * 24 * 3_600_000;

/**
 * The whole world of the fake: who owns what, and where every generation stands on the clock.
 * Generation progress is derived from the clock rather than timers, so an injected clock moves it.
 */
export class SimState {
	readonly now: () => number;
	readonly #accounts: Map<string, AccountState>;
	readonly #byCookie: Map<string, AccountState>;
	readonly #credentials: Credentials;
	readonly #projects = new Map<string, ProjectState>();
	readonly #media = new Map<string, MediaState>();
	readonly #images = new Map<string, ImageState>();
	/**
	 * Media a generate call or a refund still has to look at: failing ones not yet refunded, and each
	 * account's media not yet finished. A run of thousands of scenes asks on every call; walking every
	 * media ever made there made the simulator quadratic (docs/performance.md, the scale case).
	 */
	readonly #refundDue = new Set<MediaState>();
	readonly #unfinished = new Map<string, Set<MediaState>>();
	readonly #generationMs: {min: number; max: number};
	readonly #random: Random;

	constructor(options: StateOptions) {
		this.now = options.now;
		const {byName, byCookie} = indexAccounts(options.accounts);
		this.#accounts = byName;
		this.#byCookie = byCookie;
		this.#credentials = new Credentials({
			now: options.now,
			tokenLifetimeMs: options.tokenLifetimeMs,
			tokenUses: options.tokenUses,
			accountOf: (name) => this.#accounts.get(name),
		});
		this.#generationMs = options.generationMs;
		this.#random = options.random;
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
		return this.#credentials.mintAccessToken(account);
	}

	/** The account a bearer token was minted for, valid or not. */
	accountOfToken(token: string | undefined): AccountState | undefined {
		return this.#credentials.accountOfToken(token);
	}

	tokenVerdict(token: string): 'valid' | 'expired' | 'unknown' {
		return this.#credentials.tokenVerdict(token);
	}

	expireTokens(name?: string): void {
		this.#credentials.expireTokens(name);
	}

	revoke(name: string): void {
		this.account(name).revoked = true;
	}

	mintCaptcha(name: string): string {
		this.account(name);
		return this.#credentials.mintCaptcha(name);
	}

	/** Spends a captcha token (see Credentials.consumeCaptcha): every string works only once. */
	consumeCaptcha(account: string, token: string): CaptchaVerdict {
		return this.#credentials.consumeCaptcha(account, token);
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

	/** Keeps an uploaded image under a fresh name, owned by its account and project. */
	addImage(image: Omit<ImageState, 'name' | 'createdAt'>): ImageState {
		const kept: ImageState = {...image, name: randomUUID(), createdAt: this.now()};
		this.#images.set(kept.name, kept);
		return kept;
	}

	image(name: string): ImageState | undefined {
		return this.#images.get(name);
	}

	/**
	 * Creates the media of one generate call and charges for them; failures are refunded by settle().
	 * A given name replaces the media of that name (an upscale made again after its first one failed).
	 */
	createMedia(account: AccountState, projectId: string, batchId: string, items: NewMedia[]): MediaState[] {
		const createdAt = this.now();
		const created = items.map(
			(item): MediaState => ({
				...item,
				name: item.name ?? randomUUID(),
				account: account.name,
				projectId,
				workflowId: item.workflowId ?? randomUUID(),
				batchId,
				createdAt,
				durationMs: this.#drawDuration(),
				refunded: false,
			}),
		);
		const unfinished = this.#unfinished.get(account.name) ?? new Set<MediaState>();
		this.#unfinished.set(account.name, unfinished);
		for (const media of created) {
			this.#media.set(media.name, media);
			unfinished.add(media);
			if (media.failureCode) this.#refundDue.add(media);
			account.credits -= media.cost;
		}
		return created;
	}

	status(media: MediaState): GenerationStatus {
		return generationStatus(media, this.now());
	}

	/** Brings credits up to the clock: media that have failed by now give their credits back, once. */
	settle(): void {
		for (const media of this.#refundDue) {
			if (this.status(media) !== 'FAILED') continue;
			this.#refundDue.delete(media);
			media.refunded = true;
			const owner = this.#accounts.get(media.account);
			if (owner) owner.credits += media.cost;
		}
	}

	inFlight(account: string): number {
		const unfinished = this.#unfinished.get(account);
		if (!unfinished) return 0;
		// The clock only moves forward, so a finished media never counts again.
		for (const media of unfinished) {
			const status = this.status(media);
			if (status !== 'PENDING' && status !== 'ACTIVE') unfinished.delete(media);
		}
		return unfinished.size;
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

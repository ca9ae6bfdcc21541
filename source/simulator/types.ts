/**
 * The public face of the Flow simulator: options, recorded traffic and the handle tests hold.
 * The simulator is an independent fake of docs/protocol-labs.md; it shares no code with the client so that
 * a misreading in one is not silently mirrored by the other.
 */

import type {FlowFaultOptions} from './flow/faults.js';
import type {FaultOptions, SimFaults} from './labs/fault-options.js';

export type SimAccountOptions = {
	name: string;
	/** The value of `__Secure-next-auth.session-token` that identifies this account on the labs origin. */
	cookie: string;
	/** Default 'PAYGATE_TIER_ONE'. */
	tier?: string;
	/** Default 10000. */
	credits?: number;
	/** Default from the tier: NOT_PAID → ENTRY, ONE → INTERMEDIATE, TWO → ADVANCED. */
	serviceTier?: string;
	/** Per-account cap of generating media; a submit that would exceed it gets 429. Default: no cap. */
	maxInFlight?: number;
	/**
	 * The account moved to flow.google.com: its session answers `{}` and `/fx/tools/flow` answers 308 to
	 * https://flow.google.com/ (how a client tells "migrated" from "signed out").
	 */
	migrated?: boolean;
	/**
	 * The Cookie header (`SAPISID=…; __Secure-1PSID=…; OSID=…`) that signs the account in on the
	 * flow.google.com stand-in: a request must carry every one of these cookies. Migrated or not, an
	 * account with Google cookies is served there (GF-wire saw an unflagged account served too).
	 */
	googleCookies?: string;
};

export type ResponseShape = 'current' | 'operations-only' | 'media-only';

export type SimulatorOptions = {
	accounts: SimAccountOptions[];
	/** PENDING for the first 10 %, then ACTIVE, then SUCCESSFUL. Default 60_000..100_000. */
	generationMs?: number | {min: number; max: number};
	/** Access token validity. Default 3_600_000. */
	tokenLifetimeMs?: number;
	/**
	 * Each access token answers this many api calls, then is expired: token expiry a busy machine
	 * cannot make happen twice in a row. Default: no limit.
	 */
	tokenUses?: number;
	/** Signed CDN URL validity. Default 300_000. */
	signedUrlTtlMs?: number;
	/** 0..1 probability of 500 INTERNAL on api routes (drawn from the seeded PRNG). Default 0. */
	errorRate?: number;
	/** Seeds fault injection and generation times, so a failing run can be replayed. Default: random. */
	seed?: number;
	/** Prompt marker → PUBLIC_ERROR code the media FAILS with (filtered, not charged). */
	policyMarkers?: Record<string, string>;
	/** A prompt containing it is refused at submit with 400 PUBLIC_ERROR_UNSAFE_GENERATION. Default '[reject]'. */
	rejectMarker?: string;
	/** The first generate call of each prompt containing it answers 503. Default '[flaky]'. */
	transientMarker?: string;
	/**
	 * flow.google.com: once a media whose prompt contains it is done, its status block holds a value
	 * no capture shows ([99]), with no PUBLIC_ERROR: an answer a client cannot read. Default '[odd-status]'.
	 */
	oddStatusMarker?: string;
	/** The first N CDN downloads announce the full length but close the socket after half the bytes. */
	truncateDownloads?: number;
	/**
	 * The first N CDN downloads are whole, well-formed answers of fewer bytes than the video has (the
	 * length header agrees with them): only the byte size in the media's record shows they are short.
	 */
	shortDownloads?: number;
	/** The first N media redirects answer a 200 text/html login page instead of a 307. */
	htmlLoginDownloads?: number;
	/** Latency added to every api and labs response. */
	slowMs?: number;
	/**
	 * Size of each served mp4: synthetic bytes of exactly this size, for tests of big or exact
	 * downloads. Default: a small playable clip per media (cdn/playable.ts), about 34 KB.
	 */
	videoBytes?: number;
	/** Generate response shape. Default 'current' (operations + workflows + media). */
	responseShape?: ResponseShape;
	/** Status speaks the 2025 operations contract (with a signed fifeUrl) instead of the media one. */
	legacyStatus?: boolean;
	/** Credits per video by model key, merged over the defaults; keys listed here become known. */
	creditsPerVideo?: Record<string, number>;
	/** Clock. Default Date.now. */
	now?: () => number;
	/** More faults for the chaos suite (faults.ts). */
	faults?: FaultOptions;
	/** flow.google.com: every Nth batchexecute call of an account answers `xsrf` with a fresh `at`. */
	xsrfEvery?: number;
	/**
	 * flow.google.com: the Nth accepted submit (YhhmEf, or a call from images) creates its media, then
	 * its reply is lost.
	 */
	dropSubmitReply?: number;
	/** flow.google.com faults for the chaos suite (flow/faults.ts), incl. `echoSecrets`. */
	flowFaults?: FlowFaultOptions;
	/** flow.google.com: signed-out visitors get a page with WIZ_global_data (and an `at`) instead of /about. */
	signedOutWiz?: boolean;
	/** Where labs sends migrated accounts: the real `https://flow.google.com/` (default) or the stand-in. */
	migratedRedirect?: 'flow.google.com' | 'simulator';
	/** The project pages a browser mints reCAPTCHA tokens on (captcha-page.ts); every fault off by default. */
	captchaPage?: SimCaptchaPageOptions;
};

/**
 * The browser-facing project pages: labs `GET /fx/tools/flow/project/<id>` and flow.google.com
 * `GET /project/<id>`, signed in by their cookies, load a grecaptcha.enterprise stub from their own
 * origin. Changeable while running with `Simulator.setCaptchaPage`.
 */
export type SimCaptchaPageOptions = {
	/** The key the pages announce (`render=`, `WIZ_global_data.xZbWve`) and execute accepts. Default F2A's key. */
	siteKey?: string;
	/** Signed-in pages come without the enterprise.js script tag (grecaptcha never appears). */
	scriptMissing?: boolean;
	/** execute() rejects with this text instead of minting (e.g. 'low score'). */
	executeError?: string;
	/** The token endpoint waits this long before answering. */
	mintDelayMs?: number;
};

/** One call of the stub's execute(): who asked, with which cookies (names only) and what came of it. */
export type SimCaptchaMint = {
	origin: 'labs' | 'flow';
	/** The account the cookies sign in on that origin; undefined when they sign in none. */
	account: string | undefined;
	/** Every account at least one of whose cookies (labs session or Google) came along. */
	carried: string[];
	cookieNames: string[];
	siteKey: string;
	siteKeyOk: boolean;
	action: string | undefined;
	outcome: 'minted' | 'signed-out' | 'wrong-site-key' | 'error';
	ts: number;
};

export type SimOrigin = 'labs' | 'api' | 'cdn' | 'flow';

export type SimRequestRecord = {
	origin: SimOrigin;
	method: string;
	/** Path without the query string (queries carry signatures). */
	path: string;
	status: number;
	/** Whose credentials were presented (known cookie or token, even if revoked or expired); else undefined. */
	account?: string;
	hadCookie: boolean;
	hadAuthorization: boolean;
	/** Accounts whose Google cookies the request carried (any one of them); only flow requests should. */
	googleCookiesOf: string[];
	/** Media the request was about. */
	mediaNames: string[];
	projectIds: string[];
	ts: number;
};

/** Which generate call: text-to-video, start (and end) frames, references, extend or upscale. */
export type SimGenerateMode = 'text' | 'frames' | 'references' | 'extend' | 'upscale';

export type SimSubmit = {
	account: string;
	projectId: string;
	prompt: string;
	copies: number;
	mediaNames: string[];
	captchaToken: string;
	mode: SimGenerateMode;
	/**
	 * Every uploaded image the call named (start, end, then references; each once, in that order), so a
	 * test can prove a call named only its own account's images. Empty for text, extend and upscale.
	 */
	imageIds: string[];
	/**
	 * Extend and upscale only: the clips the call named (`videoInput.mediaId`, each once, in order), each
	 * a finished video of the calling account. An upscale has no prompt: its `prompt` is ''.
	 */
	sourceIds?: string[];
};

export type SimDownload = {mediaName: string; bytes: number; complete: boolean};

/** An image uploaded into a project: it belongs to that account alone. */
export type SimUpload = {
	account: string;
	projectId: string;
	mediaName: string;
	bytes: number;
	mimeType: string;
	/** flow.google.com `maseQ` only, when the call carried a reCAPTCHA token (spent like a generate call's). */
	captchaToken?: string;
};

export type SimStats = {
	requests: SimRequestRecord[];
	submits: SimSubmit[];
	/** Every request where credentials of one account named media or a project of another. */
	crossAccountAttempts: SimRequestRecord[];
	downloads: SimDownload[];
	uploads: SimUpload[];
	/** Every reCAPTCHA mint the project pages' stub asked for. */
	captchaMints: SimCaptchaMint[];
	/** Mints whose request carried the cookies of more than one account (a browser context shared). */
	crossAccountCookieMints: SimCaptchaMint[];
};

export type SimAccountView = {credits: number; projects: string[]; tier: string; media: string[]};

export type Simulator = {
	apiUrl: string;
	labsUrl: string;
	cdnUrl: string;
	/** The flow.google.com stand-in (batchexecute, WIZ pages); FLOWDECK_FLOW_URL points here. */
	flowUrl: string;
	stats: SimStats;
	/** What faults.ts injected, and what reached its extra origins. */
	faults: SimFaults;
	/** The exact bytes the CDN serves for a media (tests compare files byte-for-byte). */
	videoBytesFor(mediaName: string): Buffer;
	/** The exact bytes of a flow.google.com media's poster JPEG (`/image/<media>` on the CDN). */
	posterBytesFor(mediaName: string): Buffer;
	/** Which account owns a media: a generated video or an uploaded image. */
	ownerOf(mediaName: string): string | undefined;
	account(name: string): SimAccountView;
	/** The cookie stops opening a session and the account's bearer tokens stop working. */
	revokeCookie(name: string): void;
	/** Every current token of the account (or of all accounts) expires now. */
	expireTokens(name?: string): void;
	setCredits(name: string, credits: number): void;
	/** The simulator's own captcha provider: a single-use token bound to the account. */
	mintCaptchaToken(account: string): string;
	/** Replaces the captcha page knobs (SimulatorOptions.captchaPage) from now on. */
	setCaptchaPage(options: SimCaptchaPageOptions): void;
	close(): Promise<void>;
};

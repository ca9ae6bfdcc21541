/**
 * What the flow.google.com stand-in keeps beside the shared world (docs/protocol-flow.md, "What a fake
 * server of it would need to reproduce"): who a set of Google cookies signs in, each account's current
 * `at`, the fault knobs, and the poster signer. Accounts, projects and media are the shared SimState,
 * so one account could be seen by both modes.
 */
import {createHmac, randomBytes, randomInt, timingSafeEqual} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import type {AccountState} from '../shared/accounts.js';
import {opaqueToken} from '../shared/random.js';
import type {SimState} from '../shared/state.js';
import type {SimulatorOptions} from '../types.js';
import {createFlowFaults, type FlowFaultState} from './faults.js';

export type FlowWorld = {
	/** The stand-in's origin, filled in once it listens. */
	url: string;
	xsrfEvery: number;
	dropSubmitReply: number;
	signedOutWiz: boolean;
	migratedRedirect: 'flow.google.com' | 'simulator';
	/** Each account's current XSRF token; a page load hands it out, a challenge replaces it. */
	at: Map<string, string>;
	/** Accepted batchexecute calls per account (for xsrfEvery). */
	calls: Map<string, number>;
	/** Accepted submits, all accounts (for dropSubmitReply). */
	submits: number;
	/** f.sid and bl of the page; the server ignores what clients send back, as Google's does (§1.2). */
	fsid: string;
	bl: string;
	posterKey: Buffer;
	/** The chaos suite's flow-side faults (flow/faults.ts); all off unless SimulatorOptions.flowFaults. */
	faults: FlowFaultState;
};

/**
 * `name=value; …` as name → every value sent under it (a header may repeat a name, one per domain);
 * malformed parts are skipped, as a server would.
 */
export function parseCookieHeader(header: string | undefined): Map<string, string[]> {
	const cookies = new Map<string, string[]>();
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = part.slice(0, eq).trim();
		cookies.set(name, [...(cookies.get(name) ?? []), part.slice(eq + 1).trim()]);
	}
	return cookies;
}

export function createFlowWorld(options: SimulatorOptions): FlowWorld {
	const seen = new Set<string>();
	for (const account of options.accounts) {
		if (account.googleCookies === undefined) continue;
		const cookies = parseCookieHeader(account.googleCookies);
		if (cookies.size === 0) throw new Error(`simulator: ${account.name}: googleCookies has no cookie`);
		const key = [...cookies].sort().join(';');
		if (seen.has(key)) throw new Error('simulator: accounts share their Google cookies');
		seen.add(key);
	}
	return {
		url: '',
		xsrfEvery: Math.max(0, Math.floor(options.xsrfEvery ?? 0)),
		dropSubmitReply: Math.max(0, Math.floor(options.dropSubmitReply ?? 0)),
		signedOutWiz: options.signedOutWiz ?? false,
		migratedRedirect: options.migratedRedirect ?? 'flow.google.com',
		at: new Map(),
		calls: new Map(),
		submits: 0,
		fsid: String(-randomInt(1, 2 ** 47)) + String(randomInt(0, 99_999)).padStart(5, '0'),
		bl: 'boq_labs-ai-sandbox-frontend_20261002.00_p0',
		posterKey: randomBytes(32),
		faults: createFlowFaults(options.flowFaults, options.seed),
	};
}

export type GoogleIdentity = {
	/** The account the cookies sign in: every one of its cookies present, not revoked. */
	signedIn?: AccountState;
	/** Whose cookies these are for the traffic record (complete set first, then the most matches). */
	owner?: AccountState;
	/** Every account at least one of whose cookies the request carried. */
	carried: string[];
};

/** Matches a request's Cookie header against every account's Google cookies. */
export function googleIdentity(state: SimState, req: IncomingMessage): GoogleIdentity {
	const sent = parseCookieHeader(req.headers.cookie);
	const identity: GoogleIdentity = {carried: []};
	if (sent.size === 0) return identity;
	let bestPartial: {account: AccountState; matches: number} | undefined;
	for (const account of state.accounts()) {
		if (account.googleCookies === undefined) continue;
		const wanted = parseCookieHeader(account.googleCookies);
		let matches = 0;
		for (const [name, [value]] of wanted)
			if (value !== undefined && sent.get(name)?.includes(value)) matches++;
		if (matches === 0) continue;
		identity.carried.push(account.name);
		if (matches === wanted.size) {
			identity.owner ??= account;
			if (!account.revoked) identity.signedIn ??= account;
		} else if (!bestPartial || matches > bestPartial.matches) {
			bestPartial = {account, matches};
		}
	}
	identity.owner ??= bestPartial?.account;
	return identity;
}

/** Shaped like the 42-character `<token>:<epoch ms>` seen on the wire (GF#642; GUESS on the form). */
const mintAt = (now: number): string => `${opaqueToken('AJvLN6', 28)}:${now}`;

export function currentAt(flow: FlowWorld, account: string, now: number): string {
	let at = flow.at.get(account);
	if (at === undefined) {
		at = mintAt(now);
		flow.at.set(account, at);
	}
	return at;
}

/** A fresh `at`; the one before it is stale from now on. */
export function rotateAt(flow: FlowWorld, account: string, now: number): string {
	const at = mintAt(now);
	flow.at.set(account, at);
	return at;
}

/** A token for a signed-out page: it opens nothing, which a client must find out with a real call. */
export const anonymousAt = (now: number): string => mintAt(now);

/** Where labs' 308 points a migrated account. */
export const migratedTarget = (flow: FlowWorld): string =>
	flow.migratedRedirect === 'simulator' && flow.url !== '' ? `${flow.url}/` : 'https://flow.google.com/';

const posterKeyName = 'sim-poster';

/** The poster JPEG's signed URL on the CDN stand-in (`flow-content.google/image/<id>?…`). */
export function posterUrl(flow: FlowWorld, cdnUrl: string, mediaName: string, expiresAtMs: number): string {
	const path = `/image/${encodeURIComponent(mediaName)}`;
	const query = `Expires=${Math.floor(expiresAtMs / 1000)}&KeyName=${posterKeyName}`;
	return `${cdnUrl}${path}?${query}&Signature=${posterSignature(flow, `${path}?${query}`)}`;
}

export function verifyPosterUrl(flow: FlowWorld, url: URL, nowMs: number): boolean {
	const expires = url.searchParams.get('Expires') ?? '';
	const expected = Buffer.from(
		posterSignature(
			flow,
			`${url.pathname}?Expires=${expires}&KeyName=${url.searchParams.get('KeyName') ?? ''}`,
		),
	);
	const given = Buffer.from(url.searchParams.get('Signature') ?? '');
	return (
		given.length === expected.length && timingSafeEqual(given, expected) && nowMs < Number(expires) * 1000
	);
}

const posterSignature = (flow: FlowWorld, payload: string): string =>
	createHmac('sha256', flow.posterKey).update(payload).digest('base64url');

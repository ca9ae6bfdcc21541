/**
 * Fault injection beyond the simulator's built-in knobs, for the chaos suite (test/chaos): connections
 * cut before or after the headers, 429 with Retry-After, bursts of 503, answers slower than a client's
 * timeout, downloads that are not MP4s, login pages or already expired, and two extra loopback origins:
 * a second CDN the media redirect can point at, and a foreign host that records whatever reaches it
 * (no credential ever may). Random faults draw from their own seeded PRNG so a failing run replays.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {googleError} from './google-error.js';
import {type Ctx, redirect, send, sendGoogleError, sleep} from './http-util.js';
import {type Random, randomSeed, seededRandom} from './random.js';
import type {SimOrigin} from './types.js';
import type {World} from './world.js';

export type FaultOptions = {
	/**
	 * 0..1 probability that a labs or api request loses its connection: half of them before the request
	 * is handled (nothing happened), half after (the server acted, e.g. created the media, but the
	 * answer is cut after its headers and half its body).
	 */
	resetRate?: number;
	/** 0..1 probability that an api request answers 429 with Retry-After. */
	throttleRate?: number;
	/** Retry-After of those 429s, in seconds (fractions allowed). Default 0.2. */
	retryAfterSeconds?: number;
	/** Every `every`-th api request starts a burst of `length` consecutive 503 answers. */
	burst5xx?: {every: number; length: number};
	/** Those 503s quote the request's Authorization and Cookie headers, as a chatty proxy might. */
	echoCredentials?: boolean;
	/** 0..1 probability that a labs or api request is held for `stallMs` (longer than the client waits). */
	stallRate?: number;
	/** Default 2000. */
	stallMs?: number;
	/** Only paths containing one of these stall (default: every path of the origins hit). */
	stallPaths?: string[];
	/** Which origins resetRate and stallRate hit. Default labs and api. */
	origins?: Array<Exclude<SimOrigin, 'cdn'>>;
	/** The first N CDN downloads serve the announced length of bytes that are not an MP4. */
	corruptDownloads?: number;
	/** The first N CDN downloads answer a 200 HTML sign-in page. */
	htmlDownloads?: number;
	/** The first N CDN downloads answer 403 ExpiredToken, whatever the URL says. */
	expiredDownloads?: number;
	/** Signed URLs point at a second CDN origin (its own loopback server) instead of the first. */
	secondCdn?: boolean;
	/**
	 * The first N labs and api requests (media redirects excepted: redirecting is their job) answer a
	 * 302 to the foreign host. A client must not follow them, least of all with credentials.
	 */
	foreignRedirects?: number;
	/** The first N media redirects point at the foreign host instead of the CDN. */
	foreignMediaRedirects?: number;
};

export const faultKinds = [
	'reset-before',
	'reset-after',
	'throttle',
	'burst-5xx',
	'stall',
	'corrupt-download',
	'html-download',
	'expired-download',
	'foreign-redirect',
	'foreign-media-redirect',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** A request that reached one of the extra origins, with what it carried. */
export type ExtraOriginRequest = {
	origin: 'second-cdn' | 'foreign';
	method: string;
	path: string;
	hadCookie: boolean;
	hadAuthorization: boolean;
	/** Every header name sent, lower case. */
	headerNames: string[];
};

export type SimFaults = {
	/** How many of each fault were served so far. */
	injected: Record<FaultKind, number>;
	/** Empty unless `secondCdn`. */
	secondCdnUrl: string;
	/** Empty unless a foreign redirect knob is set. */
	foreignUrl: string;
	requests: ExtraOriginRequest[];
	/** Undoes revokeCookie (the user signed in again), so a resumed run can finish what waited. */
	restoreCookie(name: string): void;
};

type FaultState = {
	options: FaultOptions;
	random: Random;
	view: SimFaults;
	apiRequests: number;
	burstLeft: number;
	corruptLeft: number;
	htmlLeft: number;
	expiredLeft: number;
	foreignLeft: number;
	foreignMediaLeft: number;
};

/** World → its faults; a WeakMap keeps the World type (shared with the flow engineer's files) untouched. */
const states = new WeakMap<World, FaultState>();

const mediaRedirectPath = '/fx/api/trpc/media.getMediaUrlRedirect';

const loginPage =
	'<!doctype html><html><head><title>Sign in - Google Accounts</title></head>' +
	'<body><form action="https://accounts.google.com/signin">Sign in to continue</form></body></html>';

export type FaultServers = {view: SimFaults; close(): Promise<void>};

/**
 * Sets up the faults of one simulator and starts the extra origins it needs. `serveCdn` answers a
 * request exactly as the first CDN would, so the second CDN differs only in its address.
 */
export async function startFaults(
	world: World,
	options: FaultOptions | undefined,
	seed: number | undefined,
	serveCdn: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FaultServers> {
	const opts = options ?? {};
	const view: SimFaults = {
		injected: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>,
		secondCdnUrl: '',
		foreignUrl: '',
		requests: [],
		restoreCookie(name) {
			world.state.account(name).revoked = false;
		},
	};
	states.set(world, {
		options: opts,
		random: seededRandom((seed ?? randomSeed()) ^ 0x2f6b1d3c),
		view,
		apiRequests: 0,
		burstLeft: 0,
		corruptLeft: opts.corruptDownloads ?? 0,
		htmlLeft: opts.htmlDownloads ?? 0,
		expiredLeft: opts.expiredDownloads ?? 0,
		foreignLeft: opts.foreignRedirects ?? 0,
		foreignMediaLeft: opts.foreignMediaRedirects ?? 0,
	});
	const servers: Server[] = [];
	const note = (origin: ExtraOriginRequest['origin'], req: IncomingMessage) =>
		view.requests.push({
			origin,
			method: req.method ?? 'GET',
			path: (req.url ?? '/').split('?', 1)[0] ?? '/',
			hadCookie: req.headers.cookie !== undefined,
			hadAuthorization: req.headers.authorization !== undefined,
			headerNames: Object.keys(req.headers),
		});
	if (opts.secondCdn) {
		const server = createServer((req, res) => {
			note('second-cdn', req);
			serveCdn(req, res);
		});
		servers.push(server);
		view.secondCdnUrl = await listen(server);
		world.cdnUrl = view.secondCdnUrl;
	}
	if ((opts.foreignRedirects ?? 0) > 0 || (opts.foreignMediaRedirects ?? 0) > 0) {
		const server = createServer((req, res) => {
			note('foreign', req);
			req.resume();
			const body = '<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>';
			res.writeHead(404, {'content-type': 'application/xml', 'content-length': Buffer.byteLength(body)});
			res.end(body);
		});
		servers.push(server);
		view.foreignUrl = await listen(server);
	}
	for (const server of servers) server.on('clientError', (_error, socket) => socket.destroy());
	return {
		view,
		close: () =>
			Promise.all(
				servers.map(
					(server) =>
						new Promise<void>((resolve) => {
							server.close(() => resolve());
							server.closeAllConnections();
						}),
				),
			).then(() => undefined),
	};
}

/**
 * Called for every request before it is handled. Returns true when the fault answered (or cut) it;
 * false to let the normal handler run, possibly with a response rigged to break after its headers.
 */
export async function injectFault(world: World, origin: SimOrigin, ctx: Ctx): Promise<boolean> {
	const state = states.get(world);
	if (!state) return false;
	if (origin === 'cdn') return cdnFault(state, ctx);
	const {options, view} = state;
	const count = (kind: FaultKind) => {
		view.injected[kind]++;
	};
	const path = ctx.url.pathname;
	if (state.foreignLeft > 0 && path !== mediaRedirectPath) {
		state.foreignLeft--;
		count('foreign-redirect');
		ctx.req.resume();
		redirect(ctx, 302, `${view.foreignUrl}${path}`);
		return true;
	}
	if (state.foreignMediaLeft > 0 && path === mediaRedirectPath) {
		state.foreignMediaLeft--;
		count('foreign-media-redirect');
		redirect(
			ctx,
			307,
			`${view.foreignUrl}/video/${encodeURIComponent(ctx.url.searchParams.get('name') ?? '')}`,
		);
		return true;
	}
	const hits = (options.origins ?? ['labs', 'api']).some((hit) => hit === origin);
	const stalls = options.stallPaths?.some((part) => path.includes(part)) ?? true;
	if (hits && stalls && chance(state, options.stallRate)) {
		count('stall');
		await sleep(options.stallMs ?? 2000);
	}
	if (origin === 'api') {
		state.apiRequests++;
		const burst = options.burst5xx;
		if (burst && burst.every > 0 && state.apiRequests % burst.every === 0) state.burstLeft = burst.length;
		if (state.burstLeft > 0) {
			state.burstLeft--;
			count('burst-5xx');
			ctx.req.resume();
			const echo = options.echoCredentials
				? ` (request had ${ctx.req.headers.authorization ?? 'no authorization'}; cookie ${ctx.req.headers.cookie ?? 'none'})`
				: '';
			sendGoogleError(ctx, googleError(503, 'UNAVAILABLE', `The service is currently unavailable.${echo}`));
			return true;
		}
		if (chance(state, options.throttleRate)) {
			count('throttle');
			ctx.req.resume();
			const retryAfter = String(options.retryAfterSeconds ?? 0.2);
			sendGoogleError(
				ctx,
				googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'Resource has been exhausted (e.g. check quota).',
					'PUBLIC_ERROR_USER_REQUESTS_THROTTLED',
					{'retry-after': retryAfter},
				),
			);
			return true;
		}
	}
	if (hits && chance(state, options.resetRate)) {
		if (state.random() < 0.5) {
			count('reset-before');
			ctx.req.socket.destroy();
			return true;
		}
		count('reset-after');
		breakAfterHeaders(ctx.res);
	}
	return false;
}

const chance = (state: FaultState, rate: number | undefined): boolean =>
	rate !== undefined && rate > 0 && state.random() < rate;

/** The handler runs (and acts) normally; its answer then stops halfway and the connection drops. */
function breakAfterHeaders(res: ServerResponse): void {
	const cut = (chunk?: unknown) => {
		const bytes =
			typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.alloc(0);
		const socket = res.socket;
		if (bytes.length === 0 || !socket) {
			socket?.destroy();
			return res;
		}
		// Raw write: ServerResponse would hold these back or complete the message on end().
		res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => socket.destroy());
		return res;
	};
	res.end = cut as ServerResponse['end'];
}

function cdnFault(state: FaultState, ctx: Ctx): boolean {
	if (!/^\/video\/[^/]+$/.test(ctx.url.pathname) || ctx.req.method !== 'GET') return false;
	const {view} = state;
	if (state.expiredLeft > 0) {
		state.expiredLeft--;
		view.injected['expired-download']++;
		const body =
			"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code>" +
			'<Message>Access denied.</Message><Details>Request has expired</Details></Error>';
		send(ctx, 403, 'application/xml; charset=UTF-8', body);
		return true;
	}
	if (state.htmlLeft > 0) {
		state.htmlLeft--;
		view.injected['html-download']++;
		send(ctx, 200, 'text/html; charset=utf-8', loginPage);
		return true;
	}
	if (state.corruptLeft > 0) {
		state.corruptLeft--;
		view.injected['corrupt-download']++;
		const size = 4096;
		const junk = Buffer.alloc(size);
		for (let i = 0; i < size; i++) junk[i] = Math.floor(state.random() * 256);
		// Never an accidental `ftyp` at bytes 4-7.
		junk.write('junk', 4, 'latin1');
		ctx.record.status = 200;
		ctx.res.writeHead(200, {'content-type': 'video/mp4', 'content-length': size});
		ctx.res.end(junk);
		return true;
	}
	return false;
}

function listen(server: Server): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		});
	});
}

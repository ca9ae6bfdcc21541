/**
 * Starts one simulator's faults: their state, and the two extra loopback origins some need (a second
 * CDN, and a foreign host that records whatever reaches it; no credential ever may).
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {randomSeed, seededRandom} from '../shared/random.js';
import type {World} from '../shared/world.js';
import {
	type ExtraOriginRequest,
	type FaultKind,
	type FaultOptions,
	faultKinds,
	type SimFaults,
} from './fault-options.js';
import {states} from './fault-state.js';

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
		uploadCalls: new Map(),
		upscaleCalls: new Map(),
		upscaleRenders: new Map(),
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

function listen(server: Server): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		});
	});
}

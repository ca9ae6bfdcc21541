/**
 * A local fake of Google Labs Flow (labs mode, docs/protocol-labs.md; flow.google.com mode,
 * docs/protocol-flow.md): four loopback servers, so that the labs, API, CDN and Flow origins are as
 * distinct as in production and a credential sent to the wrong one shows up in the traffic record. It
 * imports nothing from the client on purpose.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {handleCdn} from './cdn/cdn-routes.js';
import {mediaBytes} from './cdn/media-bytes.js';
import {posterFor} from './cdn/playable.js';
import {handleFlow, handlePoster} from './flow/routes.js';
import {googleIdentity} from './flow/world.js';
import {handleApi} from './labs/api-routes.js';
import {startFaults} from './labs/fault-origins.js';
import {injectFault} from './labs/faults.js';
import {handleLabs} from './labs/labs-routes.js';
import {captchaPageConfig} from './shared/captcha-page.js';
import {googleError, internal} from './shared/google-error.js';
import {
	BodyTooLargeError,
	bearerToken,
	type Ctx,
	sendGoogleError,
	sessionCookie,
	sleep,
} from './shared/http-util.js';
import {createWorld, type World} from './shared/world.js';
import type {SimOrigin, SimRequestRecord, Simulator, SimulatorOptions} from './types.js';

export type * from './types.js';

type Handler = (world: World, ctx: Ctx) => Promise<void> | void;

const handlers: Record<SimOrigin, Handler> = {
	labs: handleLabs,
	api: handleApi,
	// The poster JPEGs of flow.google.com media sit beside the videos on the same CDN.
	cdn: (world, ctx) =>
		ctx.url.pathname.startsWith('/image/') ? handlePoster(world, ctx) : handleCdn(world, ctx),
	flow: handleFlow,
};

function resolveAccount(world: World, origin: SimOrigin, req: IncomingMessage): string | undefined {
	if (origin === 'flow') return googleIdentity(world.state, req).owner?.name;
	const byCookie = world.state.accountOfCookie(sessionCookie(req));
	const byToken = world.state.accountOfToken(bearerToken(req));
	return (origin === 'api' ? (byToken ?? byCookie) : (byCookie ?? byToken))?.name;
}

async function serve(
	world: World,
	origin: SimOrigin,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const record: SimRequestRecord = {
		origin,
		method: req.method ?? 'GET',
		path: (req.url ?? '/').split('?', 1)[0] ?? '/',
		status: 0,
		account: resolveAccount(world, origin, req),
		hadCookie: req.headers.cookie !== undefined,
		hadAuthorization: req.headers.authorization !== undefined,
		googleCookiesOf: googleIdentity(world.state, req).carried,
		mediaNames: [],
		projectIds: [],
		ts: world.state.now(),
	};
	world.stats.requests.push(record);
	// Google cookies of two accounts in one request: a jar mixed up, whatever the origin.
	if (record.googleCookiesOf.length > 1) world.stats.crossAccountAttempts.push(record);
	try {
		const ctx: Ctx = {req, res, url: new URL(req.url ?? '/', 'http://sim.invalid'), record};
		if (origin !== 'cdn' && world.config.slowMs > 0) await sleep(world.config.slowMs);
		if (await injectFault(world, origin, ctx)) return;
		if (res.destroyed) return;
		await handlers[origin](world, ctx);
	} catch (error) {
		// Bad input must never take the simulator down: answer what can still be answered.
		if (res.headersSent || res.destroyed) {
			res.destroy();
			return;
		}
		const ctx: Ctx = {req, res, url: new URL('http://sim.invalid/'), record};
		if (error instanceof BodyTooLargeError) {
			res.setHeader('connection', 'close');
			return sendGoogleError(
				ctx,
				googleError(413, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit.'),
			);
		}
		sendGoogleError(ctx, internal());
	}
}

function listen(server: Server): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			const {port} = server.address() as AddressInfo;
			resolve(`http://127.0.0.1:${port}`);
		});
	});
}

function shut(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
	const world = createWorld(options);
	const origins: SimOrigin[] = ['labs', 'api', 'cdn', 'flow'];
	const servers = origins.map((origin) => {
		const server = createServer((req, res) => void serve(world, origin, req, res));
		server.on('clientError', (_error, socket) => socket.destroy());
		return server;
	});
	let urls: string[];
	try {
		urls = await Promise.all(servers.map(listen));
	} catch (error) {
		await Promise.all(servers.map((server) => (server.listening ? shut(server) : undefined)));
		throw error;
	}
	const [labsUrl = '', apiUrl = '', cdnUrl = '', flowUrl = ''] = urls;
	world.cdnUrl = cdnUrl;
	world.flow.url = flowUrl;
	const faults = await startFaults(world, options.faults, options.seed, (req, res) => {
		void serve(world, 'cdn', req, res);
	});
	let closing: Promise<void> | undefined;
	return {
		apiUrl,
		labsUrl,
		cdnUrl,
		flowUrl,
		stats: world.stats,
		faults: faults.view,
		videoBytesFor: (mediaName) => mediaBytes(world.config.videoBytes, mediaName),
		posterBytesFor: (mediaName) => posterFor(mediaName),
		ownerOf: (mediaName) => (world.state.media(mediaName) ?? world.state.image(mediaName))?.account,
		account: (name) => world.state.view(name),
		revokeCookie: (name) => world.state.revoke(name),
		expireTokens(name) {
			if (name !== undefined) world.state.account(name);
			world.state.expireTokens(name);
		},
		setCredits(name, credits) {
			world.state.account(name).credits = credits;
		},
		mintCaptchaToken: (account) => world.state.mintCaptcha(account),
		setCaptchaPage(options) {
			world.config.captchaPage = captchaPageConfig(options);
		},
		close() {
			closing ??= Promise.all([...servers.map(shut), faults.close()]).then(() => undefined);
			return closing;
		},
	};
}

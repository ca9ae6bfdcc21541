/**
 * Issue #6, part 3b: bad server answers. A tiny fake server (not the simulator) answers every labs,
 * API and CDN endpoint with random JSON shapes, garbage, truncated JSON, HTML, odd status codes and
 * headers, cut connections; an AccountClient is driven through prepare → submit → status → download
 * against it. Every call either succeeds with well-typed values or throws a FlowError of the closed
 * set with one clear line: never a TypeError (not even wrapped), never an undefined field, never a
 * secret. The parsers are also fuzzed directly, where a million shapes cost seconds.
 */
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {AccountClient} from '../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../source/labs/captcha/providers.js';
import {
	classifyHttpError,
	classifyNetworkError,
	errorKinds,
	FlowError,
} from '../../source/labs/errors/index.js';
import {createLabsAccountClient} from '../../source/labs/index.js';
import type {MediaStatus} from '../../source/labs/types.js';
import {
	parseCreateProject,
	parseCredits,
	parseGenerateResponse,
	parseRedirectLocation,
	parseSession,
	parseStatusResponse,
} from '../../source/labs/wire/labs/protocol.js';
import {videoBytes} from '../../source/simulator/cdn/video-bytes.js';
import {chaosSeed, figure, findSecrets, type Rng, rng, size} from './helpers.js';

const seed = chaosSeed(0x5e4e);
const cookie = 'fuzz-session-cookie-9c1e77';
const secrets = [cookie, /ya29\.fuzz/];

const figures = {calls: 0, ok: 0, flowErrors: 0, byKind: new Map<string, number>(), parsed: 0, answers: 0};
afterAll(() =>
	figure(
		'fuzz-server',
		`${figures.answers} random server answers, ${figures.calls} AccountClient calls (${figures.ok} well-typed successes, ` +
			`${figures.flowErrors} FlowErrors: ${[...figures.byKind].map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
			`${figures.parsed} shapes through the parsers; 0 TypeErrors, 0 leaks`,
	),
);

// ---- random shapes ----

const words = [
	'name',
	'media',
	'operations',
	'operation',
	'status',
	'projectId',
	'credits',
	'error',
	'result',
];

function randomScalar(r: Rng): unknown {
	return r.pick([
		null,
		true,
		false,
		0,
		-1,
		3.5,
		Number.POSITIVE_INFINITY,
		Number.NaN,
		'',
		' ',
		'x',
		'ya29.fuzz-token-in-a-body',
		'MEDIA_GENERATION_STATUS_SUCCESSFUL',
		'MEDIA_GENERATION_STATUS_FAILED',
		'MEDIA_GENERATION_STATUS_ACTIVE',
		'MEDIA_GENERATION_STATUS_BOGUS',
		'PUBLIC_ERROR_UNSAFE_GENERATION',
		'PUBLIC_ERROR_USER_QUOTA_REACHED',
		'PAYGATE_TIER_ONE',
		'http://127.0.0.1:9/v.mp4',
		'javascript:alert(1)',
		'12',
		'\n\r\t',
		'🎬',
		'__proto__',
	]);
}

function randomJson(r: Rng, depth = 0): unknown {
	const roll = r.int(0, depth > 3 ? 2 : 5);
	if (roll <= 2) return randomScalar(r);
	if (roll === 3) return Array.from({length: r.int(0, 4)}, () => randomJson(r, depth + 1));
	const object: Record<string, unknown> = {};
	for (let i = r.int(0, 5); i > 0; i--) object[r.pick(words)] = randomJson(r, depth + 1);
	return object;
}

/** Replaces, deletes or retypes a random spot of a plausible answer. */
function mutate(r: Rng, value: unknown, depth = 0): unknown {
	if (r.chance(0.15) || depth > 6) return r.chance(0.5) ? randomJson(r) : undefined;
	if (Array.isArray(value)) {
		const copy = value.map((item) => (r.chance(0.5) ? mutate(r, item, depth + 1) : item));
		if (r.chance(0.2)) copy.push(randomJson(r));
		return r.chance(0.1) ? [] : copy;
	}
	if (typeof value === 'object' && value !== null) {
		const copy: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) {
			if (r.chance(0.1)) continue;
			copy[key] = r.chance(0.5) ? mutate(r, item, depth + 1) : item;
		}
		if (r.chance(0.1)) copy[r.pick(words)] = randomJson(r);
		return copy;
	}
	return r.chance(0.3) ? randomScalar(r) : value;
}

const mediaName = (i: number) => `m-${i}-0c8f`;

/** Answers shaped like the real ones (docs/protocol-labs.md), for mutate() to start from. */
function plausible(path: string, r: Rng, base: string): unknown {
	if (path === '/fx/api/auth/session')
		return {user: {name: 'f'}, expires: '2030-01-01T00:00:00Z', access_token: 'ya29.fuzz-token'};
	if (path === '/v1/credits')
		return {credits: 100, userPaygateTier: 'PAYGATE_TIER_ONE', serviceTier: 'SERVICE_TIER_INTERMEDIATE'};
	if (path.includes('createProject'))
		return {result: {data: {json: {result: {projectId: 'p-1'}, status: 200}}}};
	if (path.includes('GenerateVideoText')) {
		return {
			operations: [{operation: {name: mediaName(1)}, status: 'MEDIA_GENERATION_STATUS_PENDING'}],
			media: [{name: mediaName(1), projectId: 'p-1'}],
			remainingCredits: 80,
		};
	}
	if (path.includes('CheckAsyncVideoGenerationStatus')) {
		return r.chance(0.5)
			? {
					media: [
						{
							name: mediaName(1),
							projectId: 'p-1',
							mediaMetadata: {mediaStatus: {mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_SUCCESSFUL'}},
						},
					],
				}
			: {
					operations: [
						{
							operation: {name: mediaName(1), metadata: {video: {fifeUrl: `${base}/video/x`}}},
							status: 'MEDIA_GENERATION_STATUS_SUCCESSFUL',
						},
					],
				};
	}
	return {};
}

type Answer = {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
	/** Cut the connection after this many body bytes (headers promise all of them). */
	cutAt?: number;
	stall?: boolean;
};

function answerFor(req: IncomingMessage, r: Rng, base: string): Answer {
	const path = (req.url ?? '/').split('?')[0] ?? '/';
	const json = (value: unknown, status = 200): Answer => ({
		status,
		headers: {
			'content-type': r.pick(['application/json', 'text/plain', 'application/json; charset=utf-8', '']),
		},
		body: Buffer.from(JSON.stringify(value) ?? ''),
	});
	if (path.startsWith('/video/')) {
		// The CDN: a real mp4, a wrong one, a lie about its length, HTML, an odd status.
		const good = videoBytes(`fuzz-${path}`, 2048);
		const roll = r.chance(0.4) ? 0 : r.int(0, 7);
		if (roll <= 2)
			return {
				status: 200,
				headers: {'content-type': r.pick(['video/mp4', 'application/octet-stream', ''])},
				body: good,
			};
		if (roll === 3)
			return {status: 200, headers: {'content-type': 'video/mp4'}, body: good, cutAt: r.int(0, 2000)};
		if (roll === 4)
			return {status: 200, headers: {'content-type': 'video/mp4'}, body: Buffer.from(randomText(r))};
		if (roll === 5)
			return {status: 200, headers: {'content-type': 'text/html'}, body: Buffer.from('<html>sign in</html>')};
		return {
			status: r.pick([206, 301, 403, 404, 410, 416, 429, 500, 503]),
			headers: {location: r.pick(['/x', 'http://[bad'])},
			body: Buffer.from(randomText(r)),
		};
	}
	if (path.includes('getMediaUrlRedirect')) {
		const roll = r.chance(0.5) ? 0 : r.int(0, 6);
		const location = r.chance(0.5)
			? `${base}/video/${mediaName(1)}?sig=1`
			: r.pick([
					`${base}/video/${mediaName(1)}?sig=1`,
					`/video/${mediaName(2)}`,
					'http://[::1',
					'javascript:alert(1)',
					'',
					'//evil.invalid/x',
					'ftp://x/y',
				]);
		if (roll <= 3) return {status: r.pick([302, 307, 301, 308]), headers: {location}, body: Buffer.alloc(0)};
		if (roll === 4)
			return {
				status: 200,
				headers: {'content-type': r.pick(['text/html', 'text/plain'])},
				body: Buffer.from(r.pick(['No session found', '<html>', randomText(r)])),
			};
		return {status: r.pick([302, 400, 401, 404, 500]), headers: {}, body: Buffer.from(randomText(r))};
	}
	const roll = r.chance(0.45) ? 4 : r.int(0, 11);
	const echo = `${req.headers.authorization ?? ''} ${req.headers.cookie ?? ''}`;
	if (roll <= 3) return json(mutate(r, plausible(path, r, base)));
	if (roll === 4) return json(plausible(path, r, base));
	if (roll === 5) return json(randomJson(r));
	if (roll === 6) {
		const text = JSON.stringify(plausible(path, r, base));
		return {
			status: 200,
			headers: {'content-type': 'application/json'},
			body: Buffer.from(text.slice(0, r.int(0, text.length - 1))),
		};
	}
	if (roll === 7)
		return {
			status: 200,
			headers: {'content-type': 'text/html'},
			body: Buffer.from('<!doctype html><title>Sign in</title>'),
		};
	if (roll === 8) {
		// A Google error that echoes the credentials back, the way a verbose proxy might.
		const status = r.pick([400, 401, 403, 404, 409, 429, 500, 503]);
		return {
			status,
			headers: {
				'content-type': 'application/json',
				'retry-after': r.pick(['1', '-5', 'soon', '0.01', 'Wed, 21 Oct 2015 07:28:00 GMT']),
			},
			body: Buffer.from(
				JSON.stringify({
					error: {
						code: status,
						message: `bad request from ${echo}`,
						status: 'X',
						details: mutate(r, [{reason: 'PUBLIC_ERROR_HIGH_TRAFFIC'}]),
					},
				}),
			),
		};
	}
	if (roll === 9)
		return {
			status: r.pick([200, 201, 204, 301, 302, 418, 500]),
			headers: {location: r.pick(['http://127.0.0.1:9/', '/x', ''])},
			body: Buffer.from(randomText(r)),
		};
	if (roll === 10) {
		const body = Buffer.from(JSON.stringify(plausible(path, r, base)));
		return {
			status: 200,
			headers: {'content-type': 'application/json'},
			body,
			cutAt: r.int(0, body.length - 1),
		};
	}
	return r.chance(0.1)
		? {status: 200, headers: {}, body: Buffer.alloc(0), stall: true}
		: {status: 200, headers: {}, body: Buffer.alloc(0)};
}

function randomText(r: Rng): string {
	return Array.from({length: r.int(0, 80)}, () => String.fromCharCode(r.int(0, 0x2fff))).join('');
}

// ---- the fake server ----

let server: Server;
let base = '';
let answers: Rng;
const sockets = new Set<import('node:net').Socket>();

function respond(req: IncomingMessage, res: ServerResponse): void {
	req.resume();
	figures.answers++;
	const answer = answerFor(req, answers, base);
	if (answer.stall) return; // the client's timeout has to end it
	const headers: Record<string, string | number> = {...answer.headers, 'content-length': answer.body.length};
	if (headers['content-type'] === '') delete headers['content-type'];
	try {
		res.writeHead(answer.status, headers);
	} catch {
		res.writeHead(answer.status, {'content-length': answer.body.length});
	}
	if (answer.cutAt !== undefined) {
		res.write(answer.body.subarray(0, answer.cutAt), () => res.socket?.destroy());
		return;
	}
	res.end(answer.body);
}

beforeAll(async () => {
	answers = rng(seed);
	server = createServer(respond);
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await new Promise((resolve) => server.close(resolve));
});

// ---- checks ----

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const bugs = [TypeError, RangeError, ReferenceError, SyntaxError];

/** What is wrong with a failure, if anything: plain checks, as expect() costs too much per call here. */
function errorProblem(error: unknown): string | undefined {
	if (!(error instanceof FlowError)) return `not a FlowError: ${String((error as Error)?.stack ?? error)}`;
	figures.byKind.set(error.kind, (figures.byKind.get(error.kind) ?? 0) + 1);
	if (!errorKinds.includes(error.kind)) return `kind ${error.kind}`;
	if (!isText(error.message)) return 'no message';
	if (/[\n\r]|\bundefined\b|\[object Object\]|\bNaN\b/.test(error.message))
		return `message: ${error.message}`;
	if (error.message.length > 400) return `message of ${error.message.length} characters`;
	if (error.retryAfterMs !== undefined && !(isCount(error.retryAfterMs) && error.retryAfterMs >= 0)) {
		return `retryAfterMs ${error.retryAfterMs}`;
	}
	// A parser bug wrapped as 'protocol' is still a bug.
	for (let cause = error.cause, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
		if (bugs.some((kind) => cause instanceof kind)) {
			return `a ${(cause as Error).name} inside: ${(cause as Error).message}`;
		}
		cause = (cause as {cause?: unknown}).cause;
	}
	const leaks = findSecrets(error.message, secrets);
	return leaks.length > 0 ? `leaks ${leaks.join(', ')}: ${error.message}` : undefined;
}

/** A FlowError of the closed set, one clear line, no bug inside it, no secret in it. */
function checkError(error: unknown, call: string): void {
	figures.flowErrors++;
	const problem = errorProblem(error);
	if (problem) expect.fail(`${call}: ${problem}`);
}

function checkStatus(item: MediaStatus, call: string): void {
	expect(isText(item.name), call).toBe(true);
	expect(typeof item.projectId, call).toBe('string');
	expect(['pending', 'active', 'succeeded', 'failed'], call).toContain(item.state);
	if (item.state === 'failed') expect(isText(item.failureCode), call).toBe(true);
	if (item.url !== undefined) expect(item.url, call).toMatch(/^https?:\/\//);
}

async function attempt<T>(
	call: string,
	operation: () => Promise<T>,
	check: (value: T) => void | Promise<void>,
) {
	figures.calls++;
	try {
		const value = await operation();
		figures.ok++;
		await check(value);
		return value;
	} catch (error) {
		if (error instanceof Error && error.name === 'AssertionError') throw error;
		checkError(error, call);
		return undefined;
	}
}

describe('fuzzed server answers', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-chaos-fuzz-server-'));
	});
	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('an AccountClient through prepare, submit, status and download: typed values or a FlowError', async () => {
		const rounds = size(250, 4000);
		for (let round = 0; round < rounds; round++) {
			const client: AccountClient = createLabsAccountClient({
				name: 'fuzz',
				cookie,
				captcha: functionCaptchaProvider('fuzz', () => `0cAFcWe-fuzz-${round}`),
				origins: {apiUrl: base, labsUrl: base, flowUrl: 'http://127.0.0.1:9'},
				timeoutMs: 150,
			});
			try {
				const snapshot = await attempt(
					`#${round} prepare`,
					() => client.prepare(),
					(value) => {
						expect(value.name).toBe('fuzz');
						expect(value.transport).toBe('labs');
						expect(isText(value.projectId)).toBe(true);
						expect(isText(value.tier)).toBe(true);
						expect(isCount(value.credits)).toBe(true);
					},
				);
				if (!snapshot) continue;
				const submitted = await attempt(
					`#${round} submit`,
					() => client.submit({prompt: 'a fox', model: 'veo_3_1_t2v_fast', aspect: '16:9', copies: 1}),
					(value) => {
						expect(value.media.length).toBeGreaterThan(0);
						for (const ref of value.media) {
							expect(isText(ref.name)).toBe(true);
							expect(isText(ref.projectId)).toBe(true);
						}
						if (value.remainingCredits !== undefined) expect(isCount(value.remainingCredits)).toBe(true);
					},
				);
				if (!submitted) continue;
				await attempt(
					`#${round} status`,
					() => client.status(submitted.media),
					(value) => {
						for (const item of value.media) checkStatus(item, `#${round} status`);
						if (value.remainingCredits !== undefined) expect(isCount(value.remainingCredits)).toBe(true);
					},
				);
				const dest = join(dir, `v-${round}.mp4`);
				const media = submitted.media[0]!;
				const downloaded = await attempt(
					`#${round} download`,
					() => client.download(media, dest),
					async (value) => {
						const bytes = await readFile(dest);
						expect(value.bytes).toBe(bytes.length);
						expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
						expect(isText(value.contentType)).toBe(true);
					},
				);
				// Whatever happened, no half file is left, and a failed download leaves no file at all.
				await expect(stat(`${dest}.part`)).rejects.toThrow();
				if (!downloaded) await expect(stat(dest)).rejects.toThrow();
				await rm(dest, {force: true});
			} finally {
				await client.close();
			}
		}
		expect(figures.ok).toBeGreaterThan(0);
	}, 300_000);

	it('the parsers and classifiers directly: typed values or a FlowError, never a TypeError', () => {
		const r = rng(seed ^ 0x9a);
		const shapes = size(5000, 300_000);
		const paths = [
			'/fx/api/auth/session',
			'/v1/credits',
			'createProject',
			'GenerateVideoText',
			'CheckAsyncVideoGenerationStatus',
		];
		for (let i = 0; i < shapes; i++) {
			const path = r.pick(paths);
			// Only what JSON.parse can hand a parser (no undefined, no NaN): a round trip through JSON.
			const shape = r.chance(0.6) ? mutate(r, plausible(path, r, 'http://x')) : randomJson(r);
			const body: unknown = JSON.parse(JSON.stringify(shape) ?? 'null');
			figures.parsed++;
			const call = `shape ${i} (${path}): ${JSON.stringify(body)?.slice(0, 200)}`;
			try {
				if (path === '/fx/api/auth/session') expect(isText(parseSession(body).accessToken)).toBe(true);
				else if (path === '/v1/credits') {
					const credits = parseCredits(body);
					expect(isCount(credits.credits) && isText(credits.tier), call).toBe(true);
				} else if (path === 'createProject') expect(isText(parseCreateProject(body)), call).toBe(true);
				else if (path === 'GenerateVideoText') {
					const result = parseGenerateResponse(body, 'p-1');
					expect(result.media.length, call).toBeGreaterThan(0);
					for (const ref of result.media) expect(isText(ref.name) && isText(ref.projectId), call).toBe(true);
				} else {
					for (const item of parseStatusResponse(body).media) checkStatus(item, call);
				}
			} catch (error) {
				if (error instanceof Error && error.name === 'AssertionError') throw error;
				checkError(error, call);
			}
			// The error classifiers take anything the wire hands them.
			const status = r.pick([0, 200, 302, 400, 401, 403, 404, 409, 429, 500, 503, 599, 999]);
			checkError(
				classifyHttpError({
					status,
					bodyText: r.chance(0.5) ? (JSON.stringify(body) ?? '') : randomText(r),
					retryAfter: r.pick([undefined, null, '', '5', '-1', 'x', '1e3']),
					contentType: r.pick([undefined, 'text/html', 'application/json']),
				}),
				`classifyHttpError ${status}: ${call}`,
			);
			checkError(
				classifyNetworkError(r.chance(0.5) ? body : new Error(randomText(r)), {write: r.chance(0.5)}),
				call,
			);
			try {
				const url = parseRedirectLocation(
					r.pick([200, 204, 301, 302, 307, 308, 400, 404, 500]),
					r.pick([
						undefined,
						null,
						'',
						'http://[::1',
						'/x',
						'https://cdn.example/v',
						'javascript:x',
						randomText(r),
					]),
					r.pick([undefined, 'text/html', 'text/plain']),
					r.pick([undefined, '', 'No session found', randomText(r)]),
				);
				expect(isText(url), call).toBe(true);
			} catch (error) {
				if (error instanceof Error && error.name === 'AssertionError') throw error;
				checkError(error, `redirect: ${call}`);
			}
		}
	}, 300_000);
});

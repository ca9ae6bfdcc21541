/**
 * fuzz-flow's loopback flow.google.com: a tiny HTTP server of its own (not the simulator) that
 * answers the RPC a case targets with the case's answer and every other call with its captured,
 * well-formed reply; and the account-client call that reaches each target, checked against the
 * invariant (a typed result or one classified FlowError, bounded tries, no hang).
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import type {AccountClient} from '../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../source/labs/captcha/providers.js';
import {errorKinds, FlowError} from '../../source/labs/errors/index.js';
import {createAccountClient} from '../../source/labs/index.js';
import {Agent} from '../../source/labs/wire/undici.js';
import {videoBytes} from '../../source/simulator/cdn/video-bytes.js';
import type {Answer, FuzzCase} from './fuzz-flow-answers.js';
import {
	type Capture,
	contentsProject,
	dataEntry,
	framed,
	loadCaptures,
	maskedUuid,
	projectId,
	replaceAt,
	type Target,
	wizData,
	wizPage,
} from './fuzz-flow-captures.js';
import {findSecrets} from './helpers.js';

export const googleCookies = 'SAPISID=fuzz-sapisid-Qx81; __Secure-1PSID=g.a000-fuzz-psid; OSID=osid-fuzz-77';
const secrets = ['fuzz-sapisid-Qx81', 'g.a000-fuzz-psid', 'osid-fuzz-77'];

/** Tries of the targeted call one client operation may make (reads retry once; a download resolves up to 3 times). */
export const maxTries: Record<Target, number> = {
	page: 8,
	nzlxg: 2,
	jHPbke: 2,
	YhhmEf: 2,
	jwpduf: 2,
	as29s: 6,
	Zzl0ze: 2,
};

export type Outcome = {ok: boolean; kind?: string; problem?: string; tries: number};

export type FuzzServer = {
	origin: string;
	captures: Capture[];
	run(fuzz: FuzzCase, dir: string): Promise<Outcome>;
	close(): Promise<void>;
};

function send(res: ServerResponse, answer: Answer): void {
	res.writeHead(answer.status, {'content-type': answer.contentType, ...answer.headers});
	if (answer.cut) {
		res.write(answer.body);
		res.socket?.destroy();
		return;
	}
	res.end(answer.body);
}

const cdnBytes = 4096;

const bugs = [TypeError, RangeError, ReferenceError, SyntaxError];

/** What is wrong with a failure, if anything: a FlowError of the closed set, one line, no bug inside, no secret. */
export function errorProblem(error: unknown): string | undefined {
	if (!(error instanceof FlowError)) return `not a FlowError: ${String((error as Error)?.stack ?? error)}`;
	if (!errorKinds.includes(error.kind)) return `kind ${error.kind}`;
	if (typeof error.message !== 'string' || error.message.trim() === '') return 'no message';
	if (/[\n\r]/.test(error.message)) return `message of several lines: ${error.message.slice(0, 200)}`;
	if (error.message.length > 400) return `message of ${error.message.length} characters`;
	for (let cause = error.cause, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
		if (bugs.some((kind) => cause instanceof kind))
			return `a ${(cause as Error).name} inside: ${(cause as Error).stack}`;
		cause = (cause as {cause?: unknown}).cause;
	}
	const leaks = findSecrets(`${error.message} ${error.sample?.text ?? ''}`, secrets);
	return leaks.length > 0 ? `leaks ${leaks.join(', ')}` : undefined;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const states = ['pending', 'active', 'succeeded', 'failed', 'unreadable'];

/** What is wrong with a success, if anything: every field typed as types.ts says. */
export function resultProblem(target: Target, value: unknown): string | undefined {
	const v = value as Record<string, unknown> | undefined;
	const media = (list: unknown) =>
		Array.isArray(list) && list.every((m) => isText(m?.name) && isText(m?.projectId));
	switch (target) {
		case 'page':
		case 'jHPbke':
			return isText(v?.projectId) && (v?.credits === undefined || isCount(v.credits))
				? undefined
				: 'snapshot';
		case 'nzlxg':
			return isCount(v?.credits) && isText(v?.tier) && String(v?.tier).startsWith('PAYGATE_TIER_')
				? undefined
				: 'credits';
		case 'YhhmEf':
			if (!media(v?.media) || (v?.media as unknown[] | undefined)?.length === 0) return 'submit media';
			return v?.remainingCredits === undefined || isCount(v.remainingCredits)
				? undefined
				: 'remainingCredits';
		case 'jwpduf': {
			const list = v?.media as Array<Record<string, unknown>> | undefined;
			if (!media(list)) return 'status media';
			const bad = list?.find(
				(m) =>
					!states.includes(m.state as string) ||
					(m.url !== undefined && !/^https?:\/\//.test(String(m.url))) ||
					(m.byteSize !== undefined && !isCount(m.byteSize)) ||
					(m.state === 'failed' && !isText(m.failureCode)),
			);
			return bad ? `status item ${JSON.stringify(bad).slice(0, 200)}` : undefined;
		}
		case 'as29s':
			return isCount(v?.bytes) && typeof v?.contentType === 'string' ? undefined : 'download';
		case 'Zzl0ze':
			return value === undefined || media(value) ? undefined : 'found media';
	}
}

export async function startFuzzServer(timeoutMs: number): Promise<FuzzServer> {
	let current: FuzzCase | undefined;
	let tries = 0;
	const defaults = new Map<string, Answer>();
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		req.resume();
		req.on('end', () => {
			if (url.pathname.startsWith('/video/')) {
				const bytes = videoBytes(url.pathname.slice(7), cdnBytes);
				res.writeHead(200, {'content-type': 'video/mp4', 'content-length': String(bytes.length)});
				return res.end(bytes);
			}
			const target = req.method === 'GET' ? 'page' : (url.searchParams.get('rpcids') ?? '');
			if (current?.target === target) {
				tries++;
				const {body} = current.answer;
				const cookie = JSON.stringify(req.headers.cookie ?? '').slice(1, -1);
				const echoed = typeof body === 'string' ? body.replaceAll('@@cookie@@', cookie) : body;
				return send(res, {...current.answer, body: echoed});
			}
			send(res, defaults.get(target) ?? {status: 404, contentType: 'text/plain', body: 'no such call'});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const captures = loadCaptures(origin).map((capture) =>
		// The CDN here serves 4 KiB videos: the as29s record says so, or every download would be short.
		capture.target === 'as29s'
			? {...capture, payload: replaceAt(capture.payload, [5, 13], () => cdnBytes)}
			: capture,
	);
	defaults.set('page', {status: 200, contentType: 'text/html', body: wizPage(JSON.stringify(wizData()))});
	for (const capture of [...captures].reverse()) {
		defaults.set(capture.target, {
			status: 200,
			contentType: 'application/json',
			body: framed([dataEntry(capture.target, capture.payload)]),
		});
	}
	const dispatcher = new Agent({keepAliveTimeout: 10_000, connections: 8});
	const newClient = (withProject: boolean): AccountClient =>
		createAccountClient({
			name: 'fuzz',
			googleCookies,
			transport: 'flow',
			...(withProject ? {projectId} : {}),
			captcha: functionCaptchaProvider('fuzz', () => 'fuzz-captcha-token'),
			origins: {apiUrl: origin, labsUrl: origin, flowUrl: origin},
			dispatcher,
			downloadDispatcher: dispatcher,
			timeoutMs,
			lookupGraceMs: 0,
		});
	const main = newClient(true);
	const defaultRef = {name: maskedUuid(11), projectId};

	const operation = (fuzz: FuzzCase, dir: string): Promise<unknown> => {
		const ref = fuzz.ref ?? defaultRef;
		switch (fuzz.target) {
			case 'page':
				return main.prepare();
			case 'nzlxg':
				return main.refreshCredits();
			case 'jHPbke': {
				const fresh = newClient(false);
				return fresh.prepare().finally(() => fresh.close());
			}
			case 'YhhmEf':
				return main.submit({prompt: 'a fuzzed boat', model: 'abra_t2v_6s', aspect: '16:9', copies: 1});
			case 'jwpduf':
				return main.status([ref]);
			case 'as29s':
				return main.download(ref, join(dir, 'fuzz.mp4'));
			case 'Zzl0ze':
				return main.findSubmitted(
					fuzz.batchId ?? maskedUuid(99).toUpperCase(),
					fuzz.batchId ? contentsProject : projectId,
				);
		}
	};

	return {
		origin,
		captures,
		async run(fuzz, dir) {
			current = fuzz;
			tries = 0;
			const started = performance.now();
			let timer: NodeJS.Timeout | undefined;
			const hang = new Promise<'hang'>((resolve) => {
				timer = setTimeout(() => resolve('hang'), timeoutMs * 12);
			});
			const outcome: Outcome = await Promise.race([
				operation(fuzz, dir).then(
					(value): Outcome => {
						const problem = resultProblem(fuzz.target, value);
						return problem ? {ok: false, problem: `ill-typed result (${problem})`, tries} : {ok: true, tries};
					},
					(error: unknown): Outcome => {
						const problem = errorProblem(error);
						const kind = error instanceof FlowError ? error.kind : 'bug';
						return problem ? {ok: false, kind, problem, tries} : {ok: false, kind, tries};
					},
				),
				hang.then((): Outcome => ({ok: false, kind: 'hang', problem: 'no end within the bound', tries})),
			]);
			clearTimeout(timer);
			current = undefined;
			outcome.tries = tries;
			// A reader that blocks the event loop (a backtracking regex) beats the timer: measure too.
			const took = performance.now() - started;
			// Ten times the client's own timeout (a normal case takes ~5 ms): a busy machine stays inside it.
			if (!outcome.problem && took > timeoutMs * 10) {
				Object.assign(outcome, {
					kind: 'hang',
					problem: `took ${Math.round(took)} ms (at most ${timeoutMs * 10})`,
				});
			}
			if (!outcome.problem && tries > maxTries[fuzz.target]) {
				outcome.problem = `${tries} tries of ${fuzz.target} (at most ${maxTries[fuzz.target]})`;
			}
			return outcome;
		},
		async close() {
			await main.close();
			await dispatcher.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * Which wire an account speaks (docs/protocol-flow.md §6): `labs`, `flow` or `auto`. This is where an
 * account's settings become its transport, so that a wrong combination is one line before anything
 * is sent.
 */

import {FlowError} from '../errors/index.js';
import {AutoTransport} from './auto.js';
import {CookieJar} from './flow/cookie-jar.js';
import {googleCookiesErrorCode} from './flow/jar-cookie.js';
import {FlowTransport} from './flow/transport.js';
import {LabsTransport} from './labs/transport.js';
import {LabsOnlyTransport} from './labs-only.js';
import type {Transport} from './transport.js';
import {Agent, type Dispatcher} from './undici.js';

const accountConfigErrorCode = 'ACCOUNT_CONFIG';

/** An error about how the account is configured (nothing was sent): the CLI reports it as bad input. */
export const isAccountConfigError = (error: unknown): error is FlowError =>
	error instanceof FlowError &&
	(error.code === accountConfigErrorCode || error.code === googleCookiesErrorCode);

export type TransportChoice = 'auto' | 'labs' | 'flow';

export type AccountTransportConfig = {
	name: string;
	/** The labs.google session cookie. */
	cookie?: string;
	/** Cookie-Editor JSON, a Cookie header, or the path of a file holding either. */
	googleCookies?: string;
	transport: TransportChoice;
	origins: {apiUrl: string; labsUrl: string; flowUrl: string};
	/** Shared keep-alive pool for every call of the account; a test may inject its own. */
	dispatcher?: Dispatcher;
	timeoutMs?: number;
	tokenRefreshMs?: number;
	/** flow.google.com: how long a submit whose answer was lost is looked for (tests shorten it). */
	lookupGraceMs?: number;
};

/**
 * The transport an account's settings call for: only `cookie` → labs, only `googleCookies` → flow,
 * both → auto (unless `transport` says otherwise). Throws a FlowError for which
 * isAccountConfigError() holds when the settings cannot work, before anything is sent.
 */
export function buildTransport(config: AccountTransportConfig): Transport {
	const {name, cookie, googleCookies, transport, origins} = config;
	const configError = (message: string) =>
		new FlowError('auth', `${name}: ${message}`, {code: accountConfigErrorCode});
	if (transport === 'labs' && !cookie) {
		throw configError('transport "labs" needs "cookie" (the labs.google session cookie)');
	}
	if (transport === 'flow' && !googleCookies) {
		throw configError('transport "flow" needs "googleCookies" (a Cookie-Editor export or Cookie header)');
	}
	if (!cookie && !googleCookies) {
		throw configError('needs "cookie" (labs.google) or "googleCookies" (flow.google.com)');
	}
	const flowCookies = transport !== 'labs' ? googleCookies : undefined;
	const labsCookie = transport !== 'flow' ? cookie : undefined;
	let jar: CookieJar | undefined;
	if (flowCookies) {
		try {
			jar = CookieJar.fromSpec(flowCookies, origins.flowUrl);
		} catch (error) {
			throw error instanceof FlowError ? error.forAccount(name) : error;
		}
	}
	const ownsDispatcher = config.dispatcher === undefined;
	const dispatcher = config.dispatcher ?? new Agent({keepAliveTimeout: 30_000, connections: 16});
	const single = !(jar && labsCookie);
	const labs = labsCookie
		? new LabsTransport({
				sessionCookie: labsCookie,
				apiUrl: origins.apiUrl,
				labsUrl: origins.labsUrl,
				dispatcher,
				ownsDispatcher: single && ownsDispatcher,
				timeoutMs: config.timeoutMs,
				tokenRefreshMs: config.tokenRefreshMs,
			})
		: undefined;
	const flow = jar
		? new FlowTransport({
				jar,
				flowUrl: origins.flowUrl,
				dispatcher,
				ownsDispatcher: single && ownsDispatcher,
				timeoutMs: config.timeoutMs,
				lookupGraceMs: config.lookupGraceMs,
			})
		: undefined;
	if (labs && flow && labsCookie) {
		return new AutoTransport({
			labs,
			flow,
			labsCookie,
			labsUrl: origins.labsUrl,
			flowUrl: origins.flowUrl,
			dispatcher,
			ownsDispatcher,
			timeoutMs: config.timeoutMs,
		});
	}
	if (flow) return flow;
	if (!labs) throw configError('needs "cookie" (labs.google) or "googleCookies" (flow.google.com)');
	const advice =
		transport === 'labs'
			? 'set "transport": "auto" or "flow" and give its googleCookies'
			: 'give its googleCookies (see the readme)';
	return new LabsOnlyTransport(labs, advice);
}

/**
 * Which wire an account speaks (docs/protocol-flow.md §6): `labs` (labs.google + bearer), `flow`
 * (flow.google.com batchexecute) or `auto`, decided once per run from the account's own answers.
 * Also where an account's settings become its transport, so that a wrong combination is one line
 * before anything is sent.
 */

import {FlowError} from '../errors.js';
import {labsPaths, sessionCookieName} from '../protocol.js';
import type {
	CreditsInfo,
	MediaRef,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
	TransportKind,
} from '../types.js';
import {Agent, type Dispatcher, request} from '../undici.js';
import {FlowTransport} from './flow.js';
import {CookieJar, googleCookiesErrorCode} from './flow-cookie-jar.js';
import {isFlowHost} from './flow-wiz.js';
import {LabsTransport, normaliseSessionCookie} from './labs.js';
import {RenewalSignal} from './renewal.js';
import type {GenerateCall, Transport} from './transport.js';

export const accountConfigErrorCode = 'ACCOUNT_CONFIG';

/** An error about how the account is configured (nothing was sent): the CLI reports it as bad input. */
export const isAccountConfigError = (error: unknown): error is FlowError =>
	error instanceof FlowError &&
	(error.code === accountConfigErrorCode || error.code === googleCookiesErrorCode);

const migratedCode = 'ACCOUNT_MIGRATED';

type Methods = Omit<Transport, 'kind' | 'captchaAction' | 'captchaPageUrl'>;

/** Forwards every call to the transport `pick` gives, mapping its errors through `mapError`. */
abstract class Delegating implements Transport {
	abstract readonly kind: TransportKind;
	abstract readonly captchaAction: string;
	abstract captchaPageUrl(projectId: string): string;
	protected abstract pick(): Promise<Transport>;
	protected mapError(error: unknown): unknown {
		return error;
	}

	async #call<T>(use: (transport: Methods) => Promise<T>): Promise<T> {
		try {
			return await use(await this.pick());
		} catch (error) {
			throw this.mapError(error);
		}
	}

	authenticate(): Promise<void> {
		return this.#call((t) => t.authenticate());
	}
	credits(): Promise<CreditsInfo> {
		return this.#call((t) => t.credits());
	}
	createProject(title: string): Promise<string> {
		return this.#call((t) => t.createProject(title));
	}
	generate(call: GenerateCall): Promise<SubmitResult> {
		return this.#call((t) => t.generate(call));
	}
	status(media: MediaRef[]): Promise<StatusResult> {
		return this.#call((t) => t.status(media));
	}
	resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		return this.#call((t) => t.resolveMediaUrl(media));
	}
	abstract close(): Promise<void>;
}

/**
 * A labs account whose settings give no way to reach flow.google.com: when Flow has moved it, the
 * error says what to change instead of a bare "migrated".
 */
export class LabsOnlyTransport extends Delegating {
	readonly kind = 'labs' as const;
	readonly #labs: LabsTransport;
	readonly #advice: string;

	constructor(labs: LabsTransport, advice: string) {
		super();
		this.#labs = labs;
		this.#advice = advice;
	}

	get renewal(): RenewalSignal {
		return this.#labs.renewal;
	}

	get captchaAction(): string {
		return this.#labs.captchaAction;
	}

	captchaPageUrl(projectId: string): string {
		return this.#labs.captchaPageUrl(projectId);
	}

	protected pick(): Promise<Transport> {
		return Promise.resolve(this.#labs);
	}

	protected override mapError(error: unknown): unknown {
		if (error instanceof FlowError && error.code === migratedCode) {
			return new FlowError('auth', `Flow moved this account to flow.google.com; ${this.#advice}`, {
				code: migratedCode,
				cause: error,
			});
		}
		return error;
	}

	close(): Promise<void> {
		return this.#labs.close();
	}
}

export type AutoTransportOptions = {
	labs: LabsTransport;
	flow: FlowTransport;
	/** The labs session cookie, for the one redirect probe. */
	labsCookie: string;
	labsUrl: string;
	flowUrl: string;
	dispatcher: Dispatcher;
	ownsDispatcher?: boolean;
	timeoutMs?: number;
};

/**
 * An account with both a labs cookie and Google cookies. Until it has decided it calls itself
 * `labs`; afterwards it is whichever it chose, for the rest of the run:
 * 1. labs `/fx/tools/flow` redirecting to flow.google.com (or the configured Flow host) means flow;
 * 2. else a labs session means labs;
 * 3. a labs session answering `{}` (moved, or a dead labs cookie) while Google cookies are present
 *    means flow.
 * Choosing flow always needs its positive check (a credits call) to pass.
 */
export class AutoTransport extends Delegating {
	readonly #labs: LabsTransport;
	readonly #flow: FlowTransport;
	readonly #options: AutoTransportOptions;
	#chosen: Transport | undefined;
	#deciding: Promise<Transport> | undefined;

	/** Either wire's renewals: only the chosen one has credentials to renew. */
	readonly renewal = new RenewalSignal();

	constructor(options: AutoTransportOptions) {
		super();
		this.#labs = options.labs;
		this.#flow = options.flow;
		this.#options = options;
		for (const wire of [options.labs, options.flow])
			wire.renewal.listen((renewing) => this.renewal.emit(renewing));
	}

	get kind(): TransportKind {
		return this.#chosen?.kind ?? 'labs';
	}

	get captchaAction(): string {
		return (this.#chosen ?? this.#labs).captchaAction;
	}

	captchaPageUrl(projectId: string): string {
		return (this.#chosen ?? this.#labs).captchaPageUrl(projectId);
	}

	override async authenticate(): Promise<void> {
		// Deciding authenticates the chosen transport; a later prepare only re-checks it.
		if (this.#chosen === undefined) await this.pick();
		else await this.#chosen.authenticate();
	}

	/** Only the wire chosen for this run holds the account's media; labs cannot look (undefined). */
	async findSubmitted(projectId: string, batchId: string): Promise<MediaRef[] | undefined> {
		const wire = await this.pick();
		return wire.findSubmitted?.(projectId, batchId);
	}

	protected pick(): Promise<Transport> {
		if (this.#chosen) return Promise.resolve(this.#chosen);
		this.#deciding ??= this.#decide().finally(() => {
			this.#deciding = undefined;
		});
		return this.#deciding;
	}

	async #decide(): Promise<Transport> {
		if (await this.#labsRedirectsToFlow()) {
			await this.#flow.authenticate();
			this.#chosen = this.#flow;
			return this.#flow;
		}
		try {
			await this.#labs.authenticate();
			this.#chosen = this.#labs;
			return this.#labs;
		} catch (labsError) {
			if (!(labsError instanceof FlowError) || labsError.kind !== 'auth') throw labsError;
			try {
				await this.#flow.authenticate();
			} catch (flowError) {
				if (labsError.code === migratedCode || !(flowError instanceof FlowError)) throw flowError;
				if (flowError.kind !== 'auth') throw flowError;
				throw new FlowError('auth', `${labsError.message}, and ${flowError.message}`, {
					code: flowError.code,
					cause: flowError,
				});
			}
			this.#chosen = this.#flow;
			return this.#flow;
		}
	}

	/** One GET, no redirect followed, no answer read: any failure just means "not shown to be moved". */
	async #labsRedirectsToFlow(): Promise<boolean> {
		const {labsUrl, flowUrl} = this.#options;
		const url = `${labsUrl.replace(/\/+$/, '')}${labsPaths.flowTool}`;
		try {
			const response = await request(url, {
				method: 'GET',
				headers: {cookie: `${sessionCookieName}=${normaliseSessionCookie(this.#options.labsCookie)}`},
				dispatcher: this.#options.dispatcher,
				headersTimeout: this.#options.timeoutMs ?? 30_000,
				bodyTimeout: this.#options.timeoutMs ?? 30_000,
			});
			await response.body.dump();
			const location = response.headers.location;
			const target = Array.isArray(location) ? location[0] : location;
			return (
				response.statusCode >= 300 &&
				response.statusCode < 400 &&
				target !== undefined &&
				isFlowHost(target, flowUrl, url)
			);
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.#labs.close(), this.#flow.close()]);
		if (this.#options.ownsDispatcher) await this.#options.dispatcher.close();
	}
}

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

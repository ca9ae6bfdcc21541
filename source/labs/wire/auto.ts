/**
 * The `auto` wire (docs/protocol-flow.md §6): an account with both kinds of cookie speaks `labs`
 * (labs.google + bearer) or `flow` (flow.google.com batchexecute), decided once per run from the
 * account's own answers.
 */

import {FlowError} from '../errors/index.js';
import type {MediaRef, TransportKind} from '../types.js';
import {Delegating, migratedCode} from './delegating.js';
import type {FlowTransport} from './flow/transport.js';
import {isFlowHost} from './flow/wiz.js';
import {labsPaths, sessionCookieName} from './labs/protocol.js';
import {normaliseSessionCookie} from './labs/session-cookie.js';
import type {LabsTransport} from './labs/transport.js';
import {RenewalSignal} from './renewal.js';
import type {Transport} from './transport.js';
import {type Dispatcher, request} from './undici.js';

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

	/** Decided with the wire, on prepare(): an upload needs a project, so it never comes earlier. */
	get uploadCaptchaAction(): string | undefined {
		return (this.#chosen ?? this.#labs).uploadCaptchaAction;
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

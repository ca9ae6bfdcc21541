/** A labs-only account (no Google cookies): its one wire, with advice when Flow has moved it. */

import {FlowError} from '../errors/index.js';
import {Delegating, migratedCode} from './delegating.js';
import type {LabsTransport} from './labs/transport.js';
import type {RenewalSignal} from './renewal.js';
import type {Transport} from './transport.js';

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

	get uploadCaptchaAction(): string | undefined {
		return this.#labs.uploadCaptchaAction;
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

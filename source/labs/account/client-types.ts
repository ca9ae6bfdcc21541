import type {CaptchaProvider} from '../captcha/providers.js';
import type {PaygateTier, TransportKind} from '../types.js';
import type {Transport} from '../wire/transport.js';
import type {Dispatcher} from '../wire/undici.js';

export type AccountClientOptions = {
	name: string;
	transport: Transport;
	captcha: CaptchaProvider;
	/** The account's Flow project; created on prepare() when absent. */
	projectId?: string;
	/** For the signed CDN URLs; it carries no credentials of any account. */
	downloadDispatcher?: Dispatcher;
	/** How many media one status call covers at most. */
	statusBatchSize?: number;
	downloadTimeoutMs?: number;
};

export type AccountSnapshot = {
	name: string;
	transport: TransportKind;
	projectId: string | undefined;
	tier: PaygateTier | undefined;
	credits: number | undefined;
};

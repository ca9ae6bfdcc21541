import {AccountClient} from './account-client.js';
import type {CaptchaProvider} from './captcha/providers.js';
import {type AccountTransportConfig, buildTransport} from './wire/build-transport.js';
import {LabsTransport} from './wire/labs/transport.js';
import type {Dispatcher} from './wire/undici.js';
import {Agent} from './wire/undici.js';

export type {AccountSnapshot} from './account/client-types.js';
export {AccountClient} from './account-client.js';
export {aspects, isAspect} from './aspect.js';
export {type BrowserMode, normaliseCdpEndpoint} from './captcha/browser/browser-mode.js';
export type {
	AccountCookies,
	BrowserCaptcha,
	BrowserCaptchaOptions,
	BrowserCaptchaProvider,
	BrowserCaptchaStats,
	LatencySummary,
} from './captcha/browser/index.js';
export {
	type CaptchaProvider,
	type CaptchaRequest,
	commandCaptchaProvider,
	functionCaptchaProvider,
} from './captcha/providers.js';
export {type ErrorKind, FlowError, isFlowError} from './errors/index.js';
export {redactSample} from './errors/redact.js';
export {modelForMode, upscaleAllowed, upscaleModel, type VideoMode} from './mode-models.js';
export {
	knownModelKeys,
	type ModelInfo,
	type ModelLookup,
	modelInfo,
	tierLabel,
} from './models.js';
export type * from './types.js';
export {isAccountConfigError, type TransportChoice} from './wire/build-transport.js';
export {CookieJar} from './wire/flow/cookie-jar.js';
export {parseGoogleCookies} from './wire/flow/google-cookies.js';
export {normaliseSessionCookie} from './wire/labs/session-cookie.js';
export {Agent} from './wire/undici.js';

/**
 * The browser that mints captcha tokens, loaded only by a run that asks for one (--captcha): its
 * dozen modules are not worth loading before every run's first line (docs/performance.md).
 */
export const loadBrowserCaptcha = () => import('./captcha/browser/index.js');

export type Origins = {apiUrl: string; labsUrl: string; flowUrl: string};

/** The Flow origins, overridable through the environment (docs/design.md §4). */
export function originsFromEnv(env: NodeJS.ProcessEnv = process.env): Origins {
	return {
		apiUrl: env.FLOWDECK_API_URL || 'https://aisandbox-pa.googleapis.com',
		labsUrl: env.FLOWDECK_LABS_URL || 'https://labs.google',
		flowUrl: env.FLOWDECK_FLOW_URL || 'https://flow.google.com',
	};
}

export type LabsAccountConfig = {
	name: string;
	cookie: string;
	projectId?: string;
	captcha: CaptchaProvider;
	origins: Origins;
	/** Shared keep-alive pool for API and labs calls; a test may inject its own. */
	dispatcher?: Dispatcher;
	downloadDispatcher?: Dispatcher;
	timeoutMs?: number;
	tokenRefreshMs?: number;
};

/** One client for one labs.google account, its credentials sealed inside. */
export function createLabsAccountClient(config: LabsAccountConfig): AccountClient {
	const transport = new LabsTransport({
		sessionCookie: config.cookie,
		apiUrl: config.origins.apiUrl,
		labsUrl: config.origins.labsUrl,
		dispatcher: config.dispatcher ?? new Agent({keepAliveTimeout: 30_000, connections: 16}),
		ownsDispatcher: config.dispatcher === undefined,
		timeoutMs: config.timeoutMs,
		tokenRefreshMs: config.tokenRefreshMs,
	});
	return new AccountClient({
		name: config.name,
		transport,
		captcha: config.captcha,
		projectId: config.projectId,
		downloadDispatcher: config.downloadDispatcher,
	});
}

export type AccountClientConfig = Omit<AccountTransportConfig, 'origins'> & {
	origins: Origins;
	projectId?: string;
	captcha: CaptchaProvider;
	downloadDispatcher?: Dispatcher;
};

/**
 * One client for one account of either kind: labs.google (`cookie`), flow.google.com
 * (`googleCookies`), or both with `transport: "auto"` deciding per run. Settings that cannot work
 * throw at once; isAccountConfigError() tells those apart.
 */
export function createAccountClient(config: AccountClientConfig): AccountClient {
	return new AccountClient({
		name: config.name,
		transport: buildTransport(config),
		captcha: config.captcha,
		projectId: config.projectId,
		downloadDispatcher: config.downloadDispatcher,
	});
}

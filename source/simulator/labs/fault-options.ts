/**
 * What the chaos suite can ask of the simulator's labs-side fault injection (see faults.ts), and the
 * view of what it served.
 */
import type {SimOrigin} from '../types.js';

export type FaultOptions = {
	/**
	 * 0..1 probability that a labs or api request loses its connection: half of them before the request
	 * is handled (nothing happened), half after (the server acted, e.g. created the media, but the
	 * answer is cut after its headers and half its body).
	 */
	resetRate?: number;
	/** 0..1 probability that an api request answers 429 with Retry-After. */
	throttleRate?: number;
	/** Retry-After of those 429s, in seconds (fractions allowed). Default 0.2. */
	retryAfterSeconds?: number;
	/** Every `every`-th api request starts a burst of `length` consecutive 503 answers. */
	burst5xx?: {every: number; length: number};
	/** Those 503s quote the request's Authorization and Cookie headers, as a chatty proxy might. */
	echoCredentials?: boolean;
	/** 0..1 probability that a labs or api request is held for `stallMs` (longer than the client waits). */
	stallRate?: number;
	/** Default 2000. */
	stallMs?: number;
	/** Only paths containing one of these stall (default: every path of the origins hit). */
	stallPaths?: string[];
	/** Which origins resetRate and stallRate hit. Default labs and api. */
	origins?: Array<Exclude<SimOrigin, 'cdn'>>;
	/** The first N CDN downloads serve the announced length of bytes that are not an MP4. */
	corruptDownloads?: number;
	/** The first N CDN downloads answer a 200 HTML sign-in page. */
	htmlDownloads?: number;
	/** The first N CDN downloads answer 403 ExpiredToken, whatever the URL says. */
	expiredDownloads?: number;
	/** Signed URLs point at a second CDN origin (its own loopback server) instead of the first. */
	secondCdn?: boolean;
	/**
	 * The first N labs and api requests (media redirects excepted: redirecting is their job) answer a
	 * 302 to the foreign host. A client must not follow them, least of all with credentials.
	 */
	foreignRedirects?: number;
	/** The first N media redirects point at the foreign host instead of the CDN. */
	foreignMediaRedirects?: number;
	/**
	 * The first N well-formed upload calls (`/v1/flow/uploadImage`) of each account answer 500
	 * INTERNAL and keep nothing, so a test can check a client loses no image to them.
	 */
	failUploads?: number;
	/** 0..1 probability that a well-formed upload call answers 500 INTERNAL and keeps nothing. */
	failUploadRate?: number;
	/**
	 * The first N upscale calls (`…:batchAsyncGenerateVideoUpsampleVideo`) of each account that would
	 * have made their copy answer 500 INTERNAL instead: nothing is made or charged, no 409 follows.
	 */
	failUpscales?: number;
	/**
	 * The first N upscaled copies each account makes end FAILED with PUBLIC_ERROR_SOMETHING_WENT_WRONG
	 * when their time is up (charged, then refunded, like any failed generation); the same upscale may
	 * be asked for again once its copy has failed.
	 */
	failUpscaleRenders?: number;
};

export const faultKinds = [
	'reset-before',
	'reset-after',
	'throttle',
	'burst-5xx',
	'stall',
	'corrupt-download',
	'html-download',
	'expired-download',
	'foreign-redirect',
	'foreign-media-redirect',
	'failed-upload',
	'failed-upscale',
	'failed-upscale-render',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** A request that reached one of the extra origins, with what it carried. */
export type ExtraOriginRequest = {
	origin: 'second-cdn' | 'foreign';
	method: string;
	path: string;
	hadCookie: boolean;
	hadAuthorization: boolean;
	/** Every header name sent, lower case. */
	headerNames: string[];
};

export type SimFaults = {
	/** How many of each fault were served so far. */
	injected: Record<FaultKind, number>;
	/** Empty unless `secondCdn`. */
	secondCdnUrl: string;
	/** Empty unless a foreign redirect knob is set. */
	foreignUrl: string;
	requests: ExtraOriginRequest[];
	/** Undoes revokeCookie (the user signed in again), so a resumed run can finish what waited. */
	restoreCookie(name: string): void;
};

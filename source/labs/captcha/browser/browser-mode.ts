/** Which Chromium the captcha uses: one flowdeck launches, or the user's own Chrome reached over CDP. */
import {excerpt, FlowError} from '../../errors/index.js';
import {browserErrorCodes} from './browser-errors.js';

export type BrowserMode =
	| {
			kind: 'launch';
			/** Chromium or Chrome; default /usr/bin/chromium. */
			executablePath?: string;
			/** A visible window instead of headless. */
			headed?: boolean;
	  }
	| {
			kind: 'cdp';
			/** `host:port` (→ http://host:port) or a `ws://…/devtools/browser/…` URL. */
			endpoint: string;
	  };

export const defaultChromiumPath = '/usr/bin/chromium';

/** `host:port` → `http://host:port`; http(s) and ws(s) URLs as they are. Throws on anything else. */
export function normaliseCdpEndpoint(endpoint: string): string {
	const text = endpoint.trim();
	if (/^(wss?|https?):\/\//i.test(text)) return text;
	if (/^[a-z0-9.-]+:\d{1,5}$/i.test(text) || /^\[[0-9a-f:]+\]:\d{1,5}$/i.test(text)) return `http://${text}`;
	throw new FlowError(
		'captcha',
		`the browser could not be reached: "${excerpt(text, 60)}" is not host:port or a ws:// URL`,
		{code: browserErrorCodes.start},
	);
}

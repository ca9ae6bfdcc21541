/**
 * The reCAPTCHA Enterprise stand-in a browser sees (docs/protocol-labs.md §1.3, docs/protocol-flow.md §4):
 * the signed-in project pages of both origins load `/recaptcha/enterprise.js?render=<siteKey>` from
 * their own origin, a stub whose `grecaptcha.enterprise.ready(cb)` / `execute(siteKey, {action})` mint
 * a token by POSTing to `/recaptcha/enterprise/reload?k=<siteKey>` with the page's cookies. That
 * endpoint tells the account from the cookies alone and mints the single-use token generate checks
 * (SimState.mintCaptcha / consumeCaptcha). Every mint is recorded with the names (never the values) of
 * the cookies that came, and a mint carrying the cookies of two accounts is counted apart.
 */

import {googleIdentity, parseCookieHeader} from '../flow/world.js';
import type {SimCaptchaMint, SimCaptchaPageOptions} from '../types.js';
import {type Ctx, readBody, send, sessionCookie, sleep} from './http-util.js';
import type {World} from './world.js';

/** The key F2A documents (docs/protocol-labs.md §1.3); the stand-in's default for both origins. */
const defaultSiteKey = '6LdsFiUsAAAAAIjVDZcuLhaHiDn5nnHVXVRQGeMV';

const recaptchaPaths = {
	script: '/recaptcha/enterprise.js',
	reload: '/recaptcha/enterprise/reload',
} as const;

export type CaptchaPageConfig = Required<Pick<SimCaptchaPageOptions, 'siteKey'>> &
	Omit<SimCaptchaPageOptions, 'siteKey'>;

export function captchaPageConfig(options: SimCaptchaPageOptions | undefined): CaptchaPageConfig {
	return {...options, siteKey: options?.siteKey ?? defaultSiteKey};
}

const escapeAttribute = (text: string): string =>
	text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `<script>` a signed-in project page carries; nothing when the `scriptMissing` knob is on. */
export function recaptchaScriptTag(world: World): string {
	const config = world.config.captchaPage;
	if (config.scriptMissing) return '';
	const src = `${recaptchaPaths.script}?render=${encodeURIComponent(config.siteKey)}`;
	return `<script src="${escapeAttribute(src)}" async defer></script>`;
}

/**
 * The stub. Like the real one, `execute` returns a promise and works only after the script has
 * loaded; the reload answer is `)]}'`-guarded, `["rresp", token, …]` or `["rerr", reason]`.
 */
const stubScript = `(() => {
	const waiting = [];
	let loaded = false;
	const enterprise = {
		ready(callback) {
			if (loaded) setTimeout(callback, 0);
			else waiting.push(callback);
		},
		execute(siteKey, options) {
			return fetch('${recaptchaPaths.reload}?k=' + encodeURIComponent(String(siteKey)), {
				method: 'POST',
				credentials: 'include',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({action: options && options.action}),
			})
				.then((response) => response.text())
				.then((text) => {
					const answer = JSON.parse(text.replace(/^\\)\\]\\}'\\n?/, ''));
					if (!Array.isArray(answer) || answer[0] !== 'rresp' || typeof answer[1] !== 'string') {
						throw new Error(String((Array.isArray(answer) && answer[1]) || 'reCAPTCHA error'));
					}
					return answer[1];
				});
		},
	};
	window.grecaptcha = Object.assign(window.grecaptcha || {}, {enterprise});
	setTimeout(() => {
		loaded = true;
		for (const callback of waiting.splice(0)) callback();
	}, 0);
})();
`;

const reloadAnswer = (entry: unknown[]): string => `)]}'\n${JSON.stringify(entry)}`;

/** Answers the two reCAPTCHA paths on a page origin; false for any other request. */
export async function handleRecaptcha(world: World, origin: 'labs' | 'flow', ctx: Ctx): Promise<boolean> {
	const path = ctx.url.pathname;
	if (path === recaptchaPaths.script && ctx.req.method === 'GET') {
		send(ctx, 200, 'text/javascript; charset=utf-8', stubScript, {'cache-control': 'no-store'});
		return true;
	}
	if (path === recaptchaPaths.reload && ctx.req.method === 'POST') {
		await reload(world, origin, ctx);
		return true;
	}
	return false;
}

async function reload(world: World, origin: 'labs' | 'flow', ctx: Ctx): Promise<void> {
	const config = world.config.captchaPage;
	const text = await readBody(ctx.req);
	let action: string | undefined;
	try {
		const body = JSON.parse(text) as {action?: unknown};
		action = typeof body?.action === 'string' ? body.action : undefined;
	} catch {}
	const labsCookie = world.state.accountOfCookie(sessionCookie(ctx.req));
	const google = googleIdentity(world.state, ctx.req);
	const carried = [...new Set([...(labsCookie ? [labsCookie.name] : []), ...google.carried])];
	const account = origin === 'labs' ? world.state.sessionAccount(sessionCookie(ctx.req)) : google.signedIn;
	const siteKey = ctx.url.searchParams.get('k') ?? '';
	const mint: SimCaptchaMint = {
		origin,
		account: account?.name,
		carried,
		cookieNames: [...parseCookieHeader(ctx.req.headers.cookie).keys()],
		siteKey,
		siteKeyOk: siteKey === config.siteKey,
		action,
		outcome: 'minted',
		ts: world.state.now(),
	};
	world.stats.captchaMints.push(mint);
	// Cookies of two accounts in one browser context: the isolation the client promises is broken.
	if (carried.length > 1) world.stats.crossAccountCookieMints.push(mint);
	if ((config.mintDelayMs ?? 0) > 0) await sleep(config.mintDelayMs ?? 0);
	const refuse = (outcome: SimCaptchaMint['outcome'], reason: string) => {
		mint.outcome = outcome;
		send(ctx, 200, 'application/json; charset=utf-8', reloadAnswer(['rerr', reason]));
	};
	if (!mint.siteKeyOk) return refuse('wrong-site-key', 'Invalid site key or not loaded in api.js');
	if (!account) return refuse('signed-out', 'no signed-in session');
	if (config.executeError) return refuse('error', config.executeError);
	const token = world.state.mintCaptcha(account.name);
	send(ctx, 200, 'application/json; charset=utf-8', reloadAnswer(['rresp', token, null, 120]), {
		'cache-control': 'no-store',
	});
}

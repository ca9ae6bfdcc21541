/**
 * The flow.google.com stand-in (docs/protocol-flow.md, "What a fake server of it would need to
 * reproduce"): WIZ bootstrap pages for signed-in Google cookies, `/about` for anyone else, and
 * `POST /_/AiSandboxAngularFrontend/data/batchexecute` checking cookies, `at`, the form encoding,
 * `x-same-domain` and that `rpcids` matches `f.req`. Also the poster JPEGs on the CDN stand-in.
 */

import {posterFor} from '../cdn/playable.js';
import type {AccountState} from '../shared/accounts.js';
import {handleRecaptcha, recaptchaScriptTag} from '../shared/captcha-page.js';
import {type Ctx, readBody, redirect, send, writeHead} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import {echoSecrets, skewLengths} from './answer-faults.js';
import {flowFault, rotatesOnPageLoad} from './call-faults.js';
import {flowRpcs} from './rpcs.js';
import {type Entry, erEntry, reply, xsrfEntry} from './wire.js';
import {anonymousAt, currentAt, googleIdentity, rotateAt, verifyPosterUrl} from './world.js';

const batchexecutePath = '/_/AiSandboxAngularFrontend/data/batchexecute';

const html = 'text/html; charset=utf-8';

/** `recaptcha`: the enterprise.js tag, which signed-in project pages load (docs/protocol-flow.md §4 GUESS). */
function wizPage(world: World, at: string, recaptcha = ''): string {
	const wiz = JSON.stringify({
		SNlM0e: at,
		FdrFJe: world.flow.fsid,
		cfb2h: world.flow.bl,
		// The reCAPTCHA site key lives here too (EL).
		xZbWve: world.config.captchaPage.siteKey,
		qwAQke: 'AiSandboxAngularFrontend',
	});
	return (
		'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flow</title>' +
		`<script data-id="_gd" nonce="sim">window.WIZ_global_data = ${wiz};</script>${recaptcha}</head>` +
		'<body><aisandbox-root></aisandbox-root></body></html>'
	);
}

const aboutPage =
	'<!doctype html><html lang="en"><head><title>Flow - About</title></head>' +
	'<body><a href="https://accounts.google.com/ServiceLogin?continue=https://flow.google.com/">Sign in</a></body></html>';

export async function handleFlow(world: World, ctx: Ctx): Promise<void> {
	const method = ctx.req.method;
	const path = ctx.url.pathname;
	if (path === batchexecutePath && method === 'POST') return batchexecute(world, ctx);
	if (await handleRecaptcha(world, 'flow', ctx)) return;
	if (method === 'GET' && (path === '/' || /^\/project\/[^/]+(\/.*)?$/.test(path))) return page(world, ctx);
	if (method === 'GET' && path === '/about') {
		// GF-cred: signed-out pages carry WIZ too; the switch makes /about one of them.
		return send(
			ctx,
			200,
			html,
			world.flow.signedOutWiz ? wizPage(world, anonymousAt(world.state.now())) : aboutPage,
		);
	}
	send(ctx, 404, html, '<!doctype html><title>Error 404 (Not Found)!!1</title>');
}

/**
 * Signed in: the app shell with WIZ_global_data (project pages also load reCAPTCHA). Otherwise the
 * bounce to /about (or, switched, a WIZ page).
 */
function page(world: World, ctx: Ctx) {
	const account = googleIdentity(world.state, ctx.req).signedIn;
	const now = world.state.now();
	if (account) {
		const recaptcha = ctx.url.pathname === '/' ? '' : recaptchaScriptTag(world);
		const at = rotatesOnPageLoad(world.flow.faults)
			? rotateAt(world.flow, account.name, now)
			: currentAt(world.flow, account.name, now);
		return send(ctx, 200, html, wizPage(world, at, recaptcha));
	}
	if (world.flow.signedOutWiz) return send(ctx, 200, html, wizPage(world, anonymousAt(now)));
	redirect(ctx, 302, `${world.flow.url}/about`);
}

function answer(ctx: Ctx, entries: Entry[], world?: World): void {
	const text = world ? skewLengths(world.flow.faults, reply(entries)) : reply(entries);
	send(ctx, 200, 'application/json; charset=utf-8', text, {
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
	});
}

const badRequest = (ctx: Ctx) =>
	send(ctx, 400, html, '<!doctype html><title>Error 400 (Bad Request)!!1</title>');

/** `f.req` = `[[[rpcid, "<payload>", null, "generic"]]]`; undefined when it is not that. */
function readFreq(text: string | null): {rpcid: string; payload: unknown} | undefined {
	if (text === null) return undefined;
	try {
		const envelope = JSON.parse(text) as unknown;
		const call = Array.isArray(envelope) && Array.isArray(envelope[0]) ? envelope[0][0] : undefined;
		if (!Array.isArray(call) || typeof call[0] !== 'string' || typeof call[1] !== 'string') return undefined;
		if (call[3] !== 'generic') return undefined;
		return {rpcid: call[0], payload: JSON.parse(call[1]) as unknown};
	} catch {
		return undefined;
	}
}

async function batchexecute(world: World, ctx: Ctx): Promise<void> {
	const body = await readBody(ctx.req);
	const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
	if (!type.startsWith('application/x-www-form-urlencoded')) return badRequest(ctx);
	if (ctx.req.headers['x-same-domain'] !== '1') return badRequest(ctx);
	const form = new URLSearchParams(body);
	const call = readFreq(form.get('f.req'));
	if (!call || ctx.url.searchParams.get('rpcids') !== call.rpcid) return badRequest(ctx);
	// Every answer passes the chaos knobs: error entries may quote the request (echoSecrets).
	const quoted = {
		req: ctx.req,
		at: form.get('at'),
		fsid: ctx.url.searchParams.get('f.sid'),
		payload: call.payload,
	};
	const respond = (entries: Entry[]) => answer(ctx, echoSecrets(world.flow.faults, quoted, entries), world);
	const account = googleIdentity(world.state, ctx.req).signedIn;
	if (!account) return respond([erEntry(401)]);
	const now = world.state.now();
	const at = currentAt(world.flow, account.name, now);
	if (form.get('at') !== at) return respond([xsrfEntry(at)]);
	if (challenged(world, account)) return respond([xsrfEntry(rotateAt(world.flow, account.name, now))]);
	const fault = flowFault(world.flow.faults, account.name, call.rpcid);
	if (fault?.kind === 'xsrf') return respond([xsrfEntry(rotateAt(world.flow, account.name, now))]);
	if (fault?.kind === 'entries') return respond(fault.entries);
	if (fault?.kind === 'http') {
		return send(
			ctx,
			fault.status,
			html,
			`<!doctype html><title>Error ${fault.status} (Server Error)!!1</title>`,
		);
	}
	if (world.config.errorRate > 0 && world.faults() < world.config.errorRate) return respond([erEntry(500)]);
	const handler = Object.hasOwn(flowRpcs, call.rpcid) ? flowRpcs[call.rpcid] : undefined;
	if (!handler) return respond([erEntry(400)]);
	const result = handler(world, ctx, account, call.payload);
	if ('drop' in result) {
		// The work is done; the client never hears of it (a lost reply, for the no-resubmit rule).
		ctx.res.destroy();
		return;
	}
	respond([result.entry]);
}

/** xsrfEvery: every Nth otherwise acceptable call of an account is challenged with a fresh token. */
function challenged(world: World, account: AccountState): boolean {
	const calls = (world.flow.calls.get(account.name) ?? 0) + 1;
	world.flow.calls.set(account.name, calls);
	return world.flow.xsrfEvery > 0 && calls % world.flow.xsrfEvery === 0;
}

/**
 * `GET /image/<media>?Expires…&Signature…` on the CDN stand-in: signed, no credentials, image/jpeg:
 * a frame of the media's playable clip (cdn/playable.ts), whatever size its video is served at.
 */
export function handlePoster(world: World, ctx: Ctx) {
	const name = decodeURIComponent(ctx.url.pathname.slice('/image/'.length));
	ctx.record.mediaNames.push(name);
	if (!world.state.media(name) || !verifyPosterUrl(world.flow, ctx.url, world.state.now())) {
		return send(ctx, 403, 'application/xml; charset=UTF-8', '<Error><Code>AccessDenied</Code></Error>');
	}
	const poster = posterFor(name);
	writeHead(ctx, 200, {
		'content-type': 'image/jpeg',
		'content-length': poster.length,
		'cache-control': 'private, max-age=300',
	});
	ctx.res.end(ctx.req.method === 'HEAD' ? undefined : poster);
}

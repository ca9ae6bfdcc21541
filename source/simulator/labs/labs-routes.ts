/** The labs.google origin (next-auth session + tRPC), authenticated by the session cookie alone. */

import {migratedTarget} from '../flow/world.js';
import {handleRecaptcha, recaptchaScriptTag} from '../shared/captcha-page.js';
import {invalidArgument, notFound} from '../shared/google-error.js';
import {
	type Ctx,
	isRecord,
	readBody,
	redirect,
	send,
	sendGoogleError,
	sendJson,
	sessionCookie,
} from '../shared/http-util.js';
import {noteCrossAccount, signedUrlFor, type World} from '../shared/world.js';

const loginPage =
	'<!doctype html><html><head><title>Sign in - Google Accounts</title></head>' +
	'<body><form action="https://accounts.google.com/signin">Sign in to continue to Google Labs</form></body></html>';

const flowPage =
	'<!doctype html><html><head><title>Flow</title></head><body><div id="__next"></div>' +
	'<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}}}</script></body></html>';

/** next-auth's own sign-in page: where a signed-out visitor of a tool page ends up. No reCAPTCHA. */
const signInPage =
	'<!doctype html><html><head><title>Sign In</title></head><body><div class="signin">' +
	'<form action="/fx/api/auth/signin/google" method="POST"><button type="submit">Sign in with Google</button></form>' +
	'</div></body></html>';

const projectPagePattern = /^\/fx\/tools\/flow\/project\/[^/]+\/?$/;

export async function handleLabs(world: World, ctx: Ctx): Promise<void> {
	const method = ctx.req.method;
	if (method === 'GET' && projectPagePattern.test(ctx.url.pathname)) return projectPage(world, ctx);
	if (await handleRecaptcha(world, 'labs', ctx)) return;
	switch (ctx.url.pathname) {
		case '/fx/api/auth/signin':
			if (method === 'GET') return send(ctx, 200, 'text/html; charset=utf-8', signInPage);
			break;
		case '/fx/api/auth/session':
			if (method === 'GET') return session(world, ctx);
			break;
		case '/fx/tools/flow':
			if (method === 'GET') return toolPage(world, ctx);
			break;
		case '/fx/api/trpc/project.createProject':
			if (method === 'POST') return createProject(world, ctx);
			break;
		case '/fx/api/trpc/media.getMediaUrlRedirect':
			if (method === 'GET') return mediaRedirect(world, ctx);
			break;
	}
	send(
		ctx,
		404,
		'text/html; charset=utf-8',
		'<!doctype html><title>404: This page could not be found</title>',
	);
}

/** next-auth answers `{}` with 200 for anyone it does not know, which is what a client must detect. */
function session(world: World, ctx: Ctx) {
	const account = world.state.sessionAccount(sessionCookie(ctx.req));
	if (!account) return sendJson(ctx, 200, {});
	sendJson(ctx, 200, {
		user: {
			name: account.name,
			email: `${account.name}@example.com`,
			image: 'https://lh3.googleusercontent.com/a/default-user=s96-c',
		},
		expires: world.state.sessionExpiry(),
		access_token: world.state.mintAccessToken(account),
	});
}

/** A migrated account is sent to flow.google.com; that redirect is how it differs from a dead session. */
function toolPage(world: World, ctx: Ctx) {
	const account = world.state.accountOfCookie(sessionCookie(ctx.req));
	if (account?.migrated && !account.revoked) return redirect(ctx, 308, migratedTarget(world.flow));
	send(ctx, 200, 'text/html; charset=utf-8', flowPage);
}

/**
 * The project page a browser mints reCAPTCHA tokens on (docs/protocol-labs.md §1.3: the solvers' page URL).
 * Signed in: the Next.js shell plus enterprise.js. Migrated: the 308 to flow.google.com. Anyone else:
 * next-auth's redirect to its sign-in page.
 */
function projectPage(world: World, ctx: Ctx) {
	const known = world.state.accountOfCookie(sessionCookie(ctx.req));
	if (known?.migrated && !known.revoked) return redirect(ctx, 308, migratedTarget(world.flow));
	const account = world.state.sessionAccount(sessionCookie(ctx.req));
	if (!account) {
		const callbackUrl = encodeURIComponent(ctx.url.pathname);
		return redirect(ctx, 307, `/fx/api/auth/signin?callbackUrl=${callbackUrl}`);
	}
	const page =
		'<!doctype html><html><head><title>Flow</title>' +
		`${recaptchaScriptTag(world)}</head><body><div id="__next"></div>` +
		'<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}}}</script></body></html>';
	send(ctx, 200, 'text/html; charset=utf-8', page);
}

function trpcError(ctx: Ctx, httpStatus: number, code: string, rpcCode: number, path: string): void {
	sendJson(ctx, httpStatus, {error: {json: {message: code, code: rpcCode, data: {code, httpStatus, path}}}});
}

async function createProject(world: World, ctx: Ctx): Promise<void> {
	const path = 'project.createProject';
	const text = await readBody(ctx.req);
	const account = world.state.sessionAccount(sessionCookie(ctx.req));
	if (!account) return trpcError(ctx, 401, 'UNAUTHORIZED', -32001, path);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return trpcError(ctx, 400, 'PARSE_ERROR', -32700, path);
	}
	const input = isRecord(body) ? body.json : undefined;
	if (!isRecord(input) || typeof input.projectTitle !== 'string' || input.toolName !== 'PINHOLE') {
		return trpcError(ctx, 400, 'BAD_REQUEST', -32600, path);
	}
	const project = world.state.createProject(account.name, input.projectTitle);
	ctx.record.projectIds.push(project.id);
	sendJson(ctx, 200, {
		result: {
			data: {
				json: {
					result: {projectId: project.id, projectInfo: {projectTitle: project.title}},
					status: 200,
					statusText: 'OK',
				},
			},
		},
	});
}

/**
 * Cookie-only (§5.2). Without a cookie, or in the tRPC `?input=` form, it says "No session found"
 * (SLOT's finding); with a cookie that no longer opens a session it ends on a login page, both 200.
 */
function mediaRedirect(world: World, ctx: Ctx) {
	const cookie = sessionCookie(ctx.req);
	const name = ctx.url.searchParams.get('name');
	if (name) ctx.record.mediaNames.push(name);
	if (cookie === undefined || ctx.url.searchParams.has('input')) {
		return send(ctx, 200, 'text/plain; charset=utf-8', 'No session found');
	}
	const account = world.state.sessionAccount(cookie);
	if (!account) return send(ctx, 200, 'text/html; charset=utf-8', loginPage);
	if (!name) return sendGoogleError(ctx, invalidArgument());
	const media = world.state.media(name);
	if (media && media.account !== account.name) noteCrossAccount(world, ctx);
	if (!media || media.account !== account.name || world.state.status(media) !== 'SUCCESSFUL') {
		return sendGoogleError(ctx, notFound());
	}
	if (world.htmlLoginsLeft > 0) {
		world.htmlLoginsLeft--;
		return send(ctx, 200, 'text/html; charset=utf-8', loginPage);
	}
	ctx.res.setHeader('cache-control', 'no-cache, no-store, max-age=0, must-revalidate');
	redirect(ctx, 307, signedUrlFor(world, media.name));
}

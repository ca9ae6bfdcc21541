/**
 * Bootstrap of a flow.google.com session (docs/protocol-flow.md §1.2, §1.4, §6.4): the project page
 * carries `WIZ_global_data`, whose SNlM0e / FdrFJe / cfb2h become `at` / `f.sid` / `bl`. Pure: the
 * transport fetches the page, this reads it and judges where a redirect lands.
 *
 * WIZ data alone proves nothing: a signed-out browser gets it too (GF-cred). Where a redirect goes,
 * and a positive RPC afterwards, are what tell a live session.
 */
import {FlowError} from '../../errors/index.js';
import {type PageSession, wireChanged} from './batchexecute.js';

/** The build label's family, for pages whose WIZ block lacks cfb2h (F2A-cur's fallback regex). */
const buildLabel = /boq_labs-ai-sandbox-frontend_[A-Za-z0-9_.-]+/;

/** A JSON string field of WIZ_global_data, decoded (escapes included); undefined when absent. */
function wizString(html: string, key: string): string | undefined {
	const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(html);
	if (!match) return undefined;
	try {
		const value = JSON.parse(`"${match[1]}"`) as string;
		return value.trim() === '' ? undefined : value;
	} catch {
		return undefined;
	}
}

const signedOutCode = 'SIGNED_OUT';

export const signedOut = (why: string): FlowError =>
	new FlowError(
		'auth',
		`flow.google.com ${why}: the Google cookies are expired, revoked or incomplete (export them again)`,
		{code: signedOutCode},
	);

/**
 * The session a project page offers. No WIZ block at all is a changed page (protocol); a WIZ block
 * without `at` is a signed-out page (auth).
 */
export function readPageSession(html: string): PageSession {
	const text = typeof html === 'string' ? html : '';
	if (!/WIZ_global_data/.test(text)) {
		if (/accounts\.google\.com|ServiceLogin/i.test(text)) throw signedOut('answered with a sign-in page');
		throw wireChanged(text);
	}
	const at = wizString(text, 'SNlM0e');
	if (at === undefined) throw signedOut('served its page signed out');
	const fsid = /"FdrFJe"\s*:\s*"(-?\d+)"/.exec(text)?.[1];
	const bl = wizString(text, 'cfb2h') ?? buildLabel.exec(text)?.[0];
	if (fsid === undefined || bl === undefined) throw wireChanged(text);
	return {at, fsid, bl, hl: pageLang(text) ?? 'en'};
}

/**
 * The `lang` of the page's first `<html>` tag, read from that tag alone: one regex over the whole
 * page backtracks quadratically on a page of unclosed `<html` tags (seconds per 100 KB).
 */
function pageLang(text: string): string | undefined {
	const start = text.search(/<html/i);
	if (start < 0) return undefined;
	const end = text.indexOf('>', start);
	const tag = text.slice(start, end < 0 ? start + 2000 : end);
	return /\blang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)"/i.exec(tag)?.[1];
}

export type Landing = 'follow' | 'signed-out';

/**
 * Where a redirect from the Flow origin leads: another page of the same origin may be followed (with
 * the cookies); `/about`, accounts.google.com or any other host means the session is gone.
 */
export function judgeRedirect(location: string, from: string): {landing: Landing; url: URL} {
	let url: URL;
	try {
		url = new URL(location, from);
	} catch {
		return {landing: 'signed-out', url: new URL(from)};
	}
	const origin = new URL(from).origin;
	if (url.origin !== origin) return {landing: 'signed-out', url};
	if (url.pathname === '/about' || url.pathname.startsWith('/about/')) return {landing: 'signed-out', url};
	return {landing: 'follow', url};
}

/** True when a URL is on flow.google.com or on the configured Flow origin's host (detection). */
export function isFlowHost(location: string, flowUrl: string, base?: string): boolean {
	try {
		const url = new URL(location, base);
		return url.hostname === 'flow.google.com' || url.host === new URL(flowUrl).host;
	} catch {
		return false;
	}
}

/**
 * The `googleCookies` setting read into cookies (docs/protocol-flow.md §1.5): a Cookie-Editor JSON
 * export or a copied `Cookie:` header, given inline or as the path of a file holding either.
 */
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import type {FlowError} from '../../errors/index.js';
import {configError, flowHost, type JarCookie} from './jar-cookie.js';

const notCookies = (): FlowError => configError('not a Cookie-Editor export or Cookie header');

/** RFC 6265 cookie-name: an HTTP token. */
const cookieName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value that cannot break out of the Cookie header it is put in. */
const safeValue = (value: string): boolean => !/[;\r\n\0]/.test(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `googleCookies` as written in the accounts file: JSON text (starts with `[` or `{`), a Cookie header
 * (contains `=`), or else the path of a file holding either.
 */
export function loadGoogleCookies(
	spec: string,
	readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): JarCookie[] {
	const text = spec.replace(/^\uFEFF/, '').trim();
	if (text === '') throw notCookies();
	if (/^[[{]/.test(text) || text.includes('=')) return parseGoogleCookies(text);
	let content: string;
	try {
		content = readText(text);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException)?.code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? 'unreadable');
		throw configError(`cannot read ${basename(text)}: ${why}`);
	}
	try {
		return parseGoogleCookies(content);
	} catch {
		throw configError(`${basename(text)} is not a Cookie-Editor export or Cookie header`);
	}
}

/** Cookie-Editor JSON or a Cookie header, decided by the first character. */
export function parseGoogleCookies(text: string): JarCookie[] {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	return /^[[{]/.test(trimmed) ? parseCookieEditorJson(trimmed) : parseCookieHeader(trimmed);
}

/**
 * Cookie-Editor's "Export → JSON": an array of {domain, name, value, path, secure, httpOnly,
 * expirationDate (s), hostOnly, session, ...}. Also accepted wrapped as {"cookies": [...]}.
 */
export function parseCookieEditorJson(text: string): JarCookie[] {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw notCookies();
	}
	const list = Array.isArray(data) ? data : isRecord(data) ? data.cookies : undefined;
	if (!Array.isArray(list) || list.length === 0) throw notCookies();
	return list.map((entry): JarCookie => {
		if (!isRecord(entry)) throw notCookies();
		const {name, value, domain} = entry;
		if (typeof name !== 'string' || !cookieName.test(name)) throw notCookies();
		if (typeof value !== 'string' || !safeValue(value)) throw notCookies();
		if (typeof domain !== 'string' || !/^\.?[a-z0-9.-]+$/i.test(domain)) throw notCookies();
		const path = typeof entry.path === 'string' && entry.path.startsWith('/') ? entry.path : '/';
		const cookie: JarCookie = {
			name,
			value,
			domain: domain.toLowerCase().replace(/^\./, ''),
			// Cookie-Editor says hostOnly itself; without it, a leading dot is what marks a domain cookie.
			hostOnly: typeof entry.hostOnly === 'boolean' ? entry.hostOnly : !domain.startsWith('.'),
			path,
			secure: entry.secure === true,
		};
		if (typeof entry.httpOnly === 'boolean') cookie.httpOnly = entry.httpOnly;
		const expires = entry.expirationDate;
		if (entry.session !== true && typeof expires === 'number' && Number.isFinite(expires)) {
			cookie.expiresAt = Math.round(expires * 1000);
		}
		return cookie;
	});
}

/**
 * `name=value; name2=value2`, optionally starting with `Cookie:`, as DevTools shows it for a
 * batchexecute request. Those cookies were all sent to flow.google.com, so they belong to it.
 */
export function parseCookieHeader(text: string): JarCookie[] {
	const header = text.replace(/^cookie\s*:/i, '');
	if (/[\r\n\0]/.test(header)) throw notCookies();
	const cookies: JarCookie[] = [];
	for (const part of header.split(';')) {
		if (part.trim() === '') continue;
		const eq = part.indexOf('=');
		if (eq < 0) throw notCookies();
		const name = part.slice(0, eq).trim();
		if (!cookieName.test(name)) throw notCookies();
		cookies.push({
			name,
			value: part.slice(eq + 1).trim(),
			domain: flowHost,
			hostOnly: true,
			path: '/',
			secure: false,
		});
	}
	if (cookies.length === 0) throw notCookies();
	return cookies;
}

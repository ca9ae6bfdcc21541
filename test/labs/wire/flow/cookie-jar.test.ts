import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {CookieJar} from '../../../../source/labs/wire/flow/cookie-jar.js';
import {
	loadGoogleCookies,
	parseCookieEditorJson,
	parseCookieHeader,
} from '../../../../source/labs/wire/flow/google-cookies.js';
import {googleCookiesErrorCode} from '../../../../source/labs/wire/flow/jar-cookie.js';

const now = () => 1_790_000_000_000;
const future = 1_800_000_000;
const past = 1_700_000_000;

/** A Cookie-Editor "Export → JSON" as it comes out of the extension on flow.google.com. */
const editorExport = [
	{
		domain: '.google.com',
		name: 'SAPISID',
		value: 'sapisid-val',
		path: '/',
		secure: true,
		httpOnly: false,
		hostOnly: false,
		expirationDate: future,
		session: false,
		sameSite: 'unspecified',
		storeId: '0',
	},
	{
		domain: '.google.com',
		name: '__Secure-1PSID',
		value: 'psid-val',
		path: '/',
		secure: true,
		httpOnly: true,
		hostOnly: false,
		expirationDate: future,
	},
	{
		domain: '.google.com',
		name: '__Secure-1PSIDTS',
		value: 'psidts-val',
		path: '/',
		secure: true,
		httpOnly: true,
		hostOnly: false,
		expirationDate: future,
	},
	{
		domain: 'flow.google.com',
		name: 'OSID',
		value: 'osid-val',
		path: '/',
		secure: true,
		httpOnly: true,
		hostOnly: true,
		expirationDate: future,
	},
	{
		domain: 'flow.google.com',
		name: '__Secure-OSID',
		value: 'sosid-val',
		path: '/',
		secure: true,
		httpOnly: true,
		hostOnly: true,
		expirationDate: future,
	},
	{
		domain: '.flow.google.com',
		name: 'NID_FLOW',
		value: 'nid-val',
		path: '/',
		secure: false,
		httpOnly: false,
		hostOnly: false,
		session: true,
	},
	{
		domain: 'flow.google.com',
		name: 'PATHED',
		value: 'pathed-val',
		path: '/project',
		secure: false,
		hostOnly: true,
		expirationDate: future,
	},
	// Not for flow.google.com: another host, a sibling host-only cookie, an expired one, another site.
	{
		domain: 'accounts.google.com',
		name: 'LSID',
		value: 'lsid-val',
		path: '/',
		secure: true,
		hostOnly: true,
		expirationDate: future,
	},
	{
		domain: 'google.com',
		name: 'HOSTONLY',
		value: 'hostonly-val',
		path: '/',
		secure: false,
		hostOnly: true,
		expirationDate: future,
	},
	{
		domain: '.google.com',
		name: 'OLD',
		value: 'old-val',
		path: '/',
		secure: false,
		hostOnly: false,
		expirationDate: past,
	},
	{
		domain: 'labs.google',
		name: '__Secure-next-auth.session-token',
		value: 'labs-val',
		path: '/',
		secure: true,
		hostOnly: true,
		expirationDate: future,
	},
];
const editorJson = JSON.stringify(editorExport);

const names = (header: string | undefined) => (header ?? '').split('; ').map((pair) => pair.split('=')[0]);

function configErrorOf(call: () => unknown): FlowError {
	try {
		call();
	} catch (error) {
		expect(error).toBeInstanceOf(FlowError);
		expect((error as FlowError).code).toBe(googleCookiesErrorCode);
		return error as FlowError;
	}
	throw new Error('expected a FlowError');
}

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

describe('Google cookie import', () => {
	it('reads a Cookie-Editor export: domains, host-only, paths, secure, expiry', () => {
		const cookies = parseCookieEditorJson(editorJson);
		expect(cookies).toHaveLength(editorExport.length);
		expect(cookies[0]).toEqual({
			name: 'SAPISID',
			value: 'sapisid-val',
			domain: 'google.com',
			hostOnly: false,
			path: '/',
			secure: true,
			expiresAt: future * 1000,
			httpOnly: false,
		});
		expect(cookies[5]).toMatchObject({domain: 'flow.google.com', hostOnly: false});
		expect(cookies[5]?.expiresAt).toBeUndefined();
		expect(parseCookieEditorJson(JSON.stringify({cookies: editorExport}))).toEqual(cookies);
	});

	it('reads a Cookie header with or without "Cookie:" as flow.google.com cookies', () => {
		const cookies = parseCookieHeader('Cookie: SAPISID=a; __Secure-1PSID=b=c;OSID=d ');
		expect(cookies.map(({name, value, domain, hostOnly}) => ({name, value, domain, hostOnly}))).toEqual([
			{name: 'SAPISID', value: 'a', domain: 'flow.google.com', hostOnly: true},
			{name: '__Secure-1PSID', value: 'b=c', domain: 'flow.google.com', hostOnly: true},
			{name: 'OSID', value: 'd', domain: 'flow.google.com', hostOnly: true},
		]);
	});

	it('decides by the first character: [ or { is JSON, = is a header, else a file', async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-jar-'));
		expect(loadGoogleCookies(editorJson)).toHaveLength(editorExport.length);
		expect(loadGoogleCookies('SAPISID=a; OSID=b')).toHaveLength(2);
		const file = join(dir, 'acc2.cookies.json');
		await writeFile(file, `\uFEFF${editorJson}\n`);
		expect(loadGoogleCookies(file)).toHaveLength(editorExport.length);
		const headerFile = join(dir, 'acc2.txt');
		await writeFile(headerFile, 'Cookie: SAPISID=a; OSID=b\n');
		expect(loadGoogleCookies(headerFile)).toHaveLength(2);
	});

	it.each([
		['not JSON', '[{"name":'],
		['not a list', '{"name":"SAPISID"}'],
		['an empty list', '[]'],
		['a cookie without a value', '[{"domain":".google.com","name":"SAPISID"}]'],
		['a bad name', '[{"domain":".google.com","name":"SAP ISID","value":"secret-value-1"}]'],
		['a value that breaks the header', '[{"domain":".google.com","name":"S","value":"secret;value-1"}]'],
		['a header part without =', 'SAPISID=secret-value-1; justtext'],
		['a header with a newline', 'SAPISID=secret-value-1\r\nX-Evil: 1'],
	])('refuses %s in one line, without echoing a value', (_what, input) => {
		const error = configErrorOf(() => loadGoogleCookies(input));
		expect(error.message).toBe('googleCookies: not a Cookie-Editor export or Cookie header');
		expect(error.message).not.toContain('secret');
	});

	it('a missing or unreadable file names the file, not its content', async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-jar-'));
		expect(configErrorOf(() => loadGoogleCookies(join(dir!, 'nope.json'))).message).toBe(
			'googleCookies: cannot read nope.json: no such file',
		);
		const file = join(dir, 'notes.txt');
		await writeFile(file, 'my secret-value-1 notes');
		const error = configErrorOf(() => loadGoogleCookies(file));
		expect(error.message).toBe('googleCookies: notes.txt is not a Cookie-Editor export or Cookie header');
		expect(error.message).not.toContain('secret');
	});

	it('an export made on another site is refused at once', () => {
		const labsOnly = JSON.stringify([editorExport[10]]);
		const error = configErrorOf(() => CookieJar.fromSpec(labsOnly, 'https://flow.google.com'));
		expect(error.message).toBe(
			'googleCookies: none of these cookies is for flow.google.com or .google.com (export them while signed in on flow.google.com)',
		);
	});
});

describe('CookieJar', () => {
	const real = new CookieJar(parseCookieEditorJson(editorJson), 'https://flow.google.com', now);

	it('sends flow.google.com and .google.com cookies to the Flow origin, longer paths first', () => {
		expect(names(real.headerFor('https://flow.google.com/project/p1'))).toEqual([
			'PATHED',
			'SAPISID',
			'__Secure-1PSID',
			'__Secure-1PSIDTS',
			'OSID',
			'__Secure-OSID',
			'NID_FLOW',
		]);
		expect(
			real.headerFor('https://flow.google.com/_/AiSandboxAngularFrontend/data/batchexecute?rpcids=x'),
		).toBe(
			'SAPISID=sapisid-val; __Secure-1PSID=psid-val; __Secure-1PSIDTS=psidts-val; OSID=osid-val; __Secure-OSID=sosid-val; NID_FLOW=nid-val',
		);
	});

	it('path-matches per RFC 6265: /project matches /project/x, not /projects', () => {
		expect(names(real.headerFor('https://flow.google.com/projects'))).not.toContain('PATHED');
		expect(names(real.headerFor('https://flow.google.com/project'))).toContain('PATHED');
	});

	it('never sends anything to another origin: CDN, labs, API, other scheme or port', () => {
		for (const url of [
			'https://flow-content.google/video/x?Signature=s',
			'https://labs.google/fx/api/auth/session',
			'https://aisandbox-pa.googleapis.com/v1/credits',
			'https://accounts.google.com/ServiceLogin',
			'https://google.com/',
			'http://flow.google.com/',
			'https://flow.google.com:8443/',
			'not a url',
		]) {
			expect(real.headerFor(url), url).toBeUndefined();
		}
	});

	it('drops Secure cookies over plain http, except on a loopback Flow origin (the simulator)', () => {
		const remote = new CookieJar(parseCookieEditorJson(editorJson), 'http://flow.example.test', now);
		expect(names(remote.headerFor('http://flow.example.test/'))).toEqual(['NID_FLOW']);
		const loopback = new CookieJar(parseCookieEditorJson(editorJson), 'http://127.0.0.1:4321', now);
		expect(names(loopback.headerFor('http://127.0.0.1:4321/'))).toEqual([
			'SAPISID',
			'__Secure-1PSID',
			'__Secure-1PSIDTS',
			'OSID',
			'__Secure-OSID',
			'NID_FLOW',
		]);
		// The stand-in host maps onto flow.google.com, so its cookies still go nowhere else.
		expect(loopback.headerFor('http://127.0.0.1:4322/video/x')).toBeUndefined();
		expect(loopback.headerFor('http://localhost:4321/')).toBeUndefined();
	});

	it('leaves out cookies that have expired since the export', () => {
		const later = new CookieJar(
			parseCookieEditorJson(editorJson),
			'https://flow.google.com',
			() => (future + 1) * 1000,
		);
		expect(names(later.headerFor('https://flow.google.com/'))).toEqual(['NID_FLOW']);
	});

	it('shows names, never values, for diagnostics', () => {
		expect(real.size).toBe(8); // the expired OLD included: it matches, it just is not sent
		expect(real.names().join(',')).not.toContain('val');
	});
});

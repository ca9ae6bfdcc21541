import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {SimulatorOptions} from '../../source/simulator/index.js';
import {parseNdjson, runCli, uniqueTokenCommand} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

const workspace = perTestWorkspace();

const google = (tag: string) => ({
	SAPISID: `sapisid-${tag}-4f1a`,
	'__Secure-1PSID': `g.a000psid-${tag}-77c2`,
	'__Secure-1PSIDTS': `sidts-${tag}-0b9e`,
	OSID: `osid-${tag}-a51d`,
	'__Secure-OSID': `sosid-${tag}-e3c0`,
});
const header = (cookies: Record<string, string>) =>
	Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');

/** acc3's cookies as Cookie-Editor exports them on flow.google.com, plus cookies that must stay home. */
const editorExport = (cookies: Record<string, string>) =>
	JSON.stringify([
		...Object.entries(cookies).map(([name, value]) => {
			const host = name.includes('OSID');
			return {
				domain: host ? 'flow.google.com' : '.google.com',
				hostOnly: host,
				name,
				value,
				path: '/',
				secure: true,
				httpOnly: true,
				session: false,
				expirationDate: 4_000_000_000,
			};
		}),
		{
			domain: 'accounts.google.com',
			hostOnly: true,
			name: 'LSID',
			value: 'lsid-acc3-secret',
			path: '/',
			secure: true,
		},
		{
			domain: 'labs.google',
			hostOnly: true,
			name: 'NID',
			value: 'labs-nid-acc3-secret',
			path: '/',
			secure: true,
		},
	]);

const cohort = {
	/** labs.google, not migrated: the labs cookie only. */
	acc1: {cookie: 'labs-cookie-acc1-9d3f'},
	/** Migrated, configured with Google cookies only (a Cookie header). */
	acc2: {cookie: 'labs-cookie-acc2-51aa', google: google('acc2'), migrated: true},
	/** Migrated, both kinds of cookie: auto detects flow (its Google cookies are a Cookie-Editor file). */
	acc3: {cookie: 'labs-cookie-acc3-c07e', google: google('acc3'), migrated: true},
	/** Not migrated, both kinds: auto stays on labs. */
	acc4: {cookie: 'labs-cookie-acc4-2b6d', google: google('acc4')},
};

const secrets = [
	...Object.values(cohort).map((a) => a.cookie),
	...Object.values(cohort).flatMap((a) => ('google' in a ? Object.values(a.google) : [])),
	'lsid-acc3-secret',
	'labs-nid-acc3-secret',
];

type Manifest = {
	scenes: Array<{index: number; prompt: string; state: string; account: string | null; files: string[]}>;
};

async function setup(simOptions: Partial<SimulatorOptions>, accountsJson: unknown[], prompts: string[]) {
	const {sim, dir} = await workspace.start(
		{
			accounts: Object.entries(cohort).map(([name, a]) => ({
				name,
				cookie: a.cookie,
				...('google' in a ? {googleCookies: header(a.google)} : {}),
				...('migrated' in a ? {migrated: a.migrated} : {}),
			})),
			...simOptions,
		},
		'flowdeck-mixed-',
	);
	await writeFile(join(dir, 'acc3-cookies.json'), editorExport(cohort.acc3.google));
	const accountsFile = join(dir, 'accounts.json');
	await writeFile(accountsFile, JSON.stringify({accounts: accountsJson}));
	const scenesFile = join(dir, 'scenes.txt');
	await writeFile(scenesFile, `${prompts.join('\n')}\n`);
	const out = join(dir, 'out');
	const env = {
		FLOWDECK_API_URL: sim.apiUrl,
		FLOWDECK_LABS_URL: sim.labsUrl,
		FLOWDECK_FLOW_URL: sim.flowUrl,
		FLOWDECK_CONFIG_DIR: join(dir, 'config'),
	};
	const args = [
		'run',
		scenesFile,
		'--accounts',
		accountsFile,
		'--out',
		out,
		'--captcha-command',
		uniqueTokenCommand,
		'--poll-interval',
		'0.05',
		'--submit-gap',
		'0',
		'--json',
	];
	return {out, env, args};
}

const fullCohort = [
	{name: 'acc1', cookie: cohort.acc1.cookie},
	{name: 'acc2', googleCookies: header(cohort.acc2.google)},
	// A file path, relative to the accounts file.
	{name: 'acc3', cookie: cohort.acc3.cookie, googleCookies: 'acc3-cookies.json', transport: 'auto'},
	{name: 'acc4', cookie: cohort.acc4.cookie, googleCookies: header(cohort.acc4.google)},
];

describe('a mixed cohort: labs.google and flow.google.com accounts in one run (built CLI)', () => {
	it('each account on its own wire, every video byte-exact, no credential astray, a lost answer found', async () => {
		const prompts = Array.from(
			{length: 12},
			(_, i) => `Scene ${i + 1}: a paper boat on a river, shot ${i + 1}`,
		);
		const {out, env, args} = await setup(
			{generationMs: {min: 60, max: 160}, dropSubmitReply: 2, seed: 7},
			fullCohort,
			prompts,
		);
		const result = await runCli([...args, '--copies', '2'], {env});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const events = parseNdjson(result.stdout);
		expect(events.at(-1)).toMatchObject({type: 'run.end', done: 12, failed: 0, inDoubt: 0});

		// The transport each account ended up on, as the dashboard and `accounts check` show it.
		const transports: Record<string, unknown> = {};
		for (const e of events)
			if (e.type === 'account.state' && e.health === 'ok') transports[e.account as string] = e.transport;
		expect(transports).toEqual({acc1: 'labs', acc2: 'flow', acc3: 'flow', acc4: 'labs'});
		const submitters = new Set(workspace.sim!.stats.submits.map((s) => s.account));
		expect(submitters).toEqual(new Set(['acc1', 'acc2', 'acc3', 'acc4']));

		// The lost reply: found in its project by the batch id it carried, its videos adopted, and Flow
		// saw its submit exactly once.
		const flowSubmits = workspace.sim!.stats.submits.filter(
			(s) => s.account === 'acc2' || s.account === 'acc3',
		);
		const lost = flowSubmits[1]!;
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
		const found = manifest.scenes.find((s) => s.prompt === lost.prompt);
		expect(found).toMatchObject({state: 'done', account: lost.account});
		const perPrompt = new Map<string, number>();
		for (const s of workspace.sim!.stats.submits) perPrompt.set(s.prompt, (perPrompt.get(s.prompt) ?? 0) + 1);
		expect(perPrompt.size).toBe(12);
		expect([...perPrompt.values()].every((n) => n === 1)).toBe(true);

		// Every video byte-exact, from the account that made it.
		const journal = await readFile(join(out, '.flowdeck', 'journal.jsonl'), 'utf8');
		const nameOf = new Map<string, string>();
		for (const line of journal.trim().split('\n')) {
			const event = JSON.parse(line);
			if (event.type === 'media.state' && event.state === 'downloaded') nameOf.set(event.file, event.name);
		}
		const done = manifest.scenes.filter((s) => s.state === 'done');
		expect(done).toHaveLength(12);
		for (const scene of done) {
			expect(scene.files).toHaveLength(2);
			for (const file of scene.files) {
				const name = nameOf.get(file)!;
				expect(workspace.sim!.ownerOf(name)).toBe(scene.account);
				expect((await readFile(join(out, file))).equals(workspace.sim!.videoBytesFor(name)), file).toBe(true);
			}
		}
		expect((await readdir(out)).filter((f) => f.endsWith('.mp4'))).toHaveLength(24);

		// Each account's calls carry its own credentials only.
		expect(workspace.sim!.stats.crossAccountAttempts).toHaveLength(0);
		const flowAccounts = new Set(['acc2', 'acc3']);
		for (const r of workspace.sim!.stats.requests) {
			const where = `${r.origin} ${r.method} ${r.path}`;
			if (r.origin === 'flow') {
				expect(r.hadAuthorization, where).toBe(false);
				expect(flowAccounts.has(r.account ?? ''), where).toBe(true);
				expect(r.googleCookiesOf, where).toEqual([r.account]);
			} else {
				expect(r.googleCookiesOf, where).toEqual([]);
			}
			if (r.origin === 'cdn') {
				expect(r.hadCookie || r.hadAuthorization, where).toBe(false);
				continue;
			}
			for (const name of r.mediaNames) expect(r.account, where).toBe(workspace.sim!.ownerOf(name));
		}
		// Flow accounts never used the bearer API; labs ones never touched flow.google.com.
		for (const r of workspace.sim!.stats.requests.filter((q) => q.origin === 'api')) {
			expect(flowAccounts.has(r.account ?? ''), `api ${r.path}`).toBe(false);
		}

		// No secret anywhere a user or a log sees.
		const texts = [
			result.stdout,
			result.stderr,
			journal,
			await readFile(join(out, 'manifest.json'), 'utf8'),
			await readFile(join(out, '.flowdeck', 'run.json'), 'utf8'),
		];
		for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
	});

	it('transport "labs" on a migrated account: one clear line for it, the rest of the cohort carries on', async () => {
		const {env, args} = await setup(
			{generationMs: 30},
			[
				{name: 'acc1', cookie: cohort.acc1.cookie},
				{
					name: 'acc2',
					cookie: cohort.acc2.cookie,
					googleCookies: header(cohort.acc2.google),
					transport: 'labs',
				},
			],
			['one', 'two', 'three'],
		);
		const result = await runCli(args, {env});
		expect(result.code).toBe(0);
		const failed = parseNdjson(result.stdout).find((e) => e.type === 'account.state' && e.account === 'acc2');
		expect(failed).toMatchObject({
			health: 'auth-failed',
			transport: 'labs',
			reason:
				'acc2: Flow moved this account to flow.google.com; set "transport": "auto" or "flow" and give its googleCookies',
		});
		expect(workspace.sim!.stats.submits.every((s) => s.account === 'acc1')).toBe(true);
		expect(workspace.sim!.stats.requests.some((r) => r.origin === 'flow')).toBe(false);
	});

	it('googleCookies that are neither an export nor a header: exit 2, one line, nothing sent', async () => {
		const {env, args} = await setup(
			{},
			[
				{name: 'acc1', cookie: cohort.acc1.cookie},
				{name: 'acc2', googleCookies: '{"cookies": "SAPISID=sapisid-acc2-4f1a"}'},
			],
			['one'],
		);
		const result = await runCli(args, {env});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'flowdeck: acc2: googleCookies: not a Cookie-Editor export or Cookie header\n',
		);
		expect(workspace.sim!.stats.requests).toHaveLength(0);
	});
});

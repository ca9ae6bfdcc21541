import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {readModuleLog, startCli, uniqueTokenCommand, writeModuleLogHook} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

// What the built CLI loads before its first line of output. Every module costs time before the
// first frame or line (Node 20 has no compile cache); these must wait until they are needed.

const workspace = perTestWorkspace();

/** Runs the CLI until its first line on stdout; the modules it had loaded by then. */
async function loadedBeforeFirstLine(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
	const dir = workspace.dir ?? (await workspace.tempDir('flowdeck-imports-'));
	const log = join(dir, 'resolved.log');
	const hook = await writeModuleLogHook(dir, log);
	let firstLine = false;
	const {result} = startCli(args, {
		cwd: dir,
		env: {FLOWDECK_CONFIG_DIR: join(dir, 'config'), ...env, NODE_OPTIONS: `--import=${hook}`},
		onLine: (_line, child) => {
			if (firstLine) return;
			firstLine = true;
			child.kill('SIGKILL');
		},
	});
	const {stderr} = await result;
	expect(firstLine, stderr).toBe(true);
	return readModuleLog(log);
}

const packagesIn = (urls: string[]): Set<string> =>
	new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));

describe('what the CLI loads before its first line', () => {
	it('a headless run: no settings schema compiler, no meow, no dashboard, no simulator', async () => {
		const {sim, dir} = await workspace.start(
			{accounts: [{name: 'acc1', cookie: 'c1'}], generationMs: 50},
			'flowdeck-imports-',
		);
		await writeFile(join(dir, 'accounts.json'), JSON.stringify({accounts: [{name: 'acc1', cookie: 'c1'}]}));
		await writeFile(join(dir, 'scenes.txt'), 'a lighthouse at dusk\n');
		const urls = await loadedBeforeFirstLine(
			[
				'run',
				'scenes.txt',
				'--json',
				'--accounts',
				'accounts.json',
				'--captcha-command',
				uniqueTokenCommand,
				'--out',
				'out',
			],
			{FLOWDECK_API_URL: sim.apiUrl, FLOWDECK_LABS_URL: sim.labsUrl},
		);
		expect(urls.some((url) => url.endsWith('/dist/commands/run.js'))).toBe(true);
		const packages = packagesIn(urls);
		for (const name of [
			'conf',
			'ajv',
			'meow',
			'ink',
			'react',
			'@sindresorhus/slugify',
			'csv-parse',
			'playwright-core',
		])
			expect(packages, name).not.toContain(name);
		expect(urls.filter((url) => url.includes('/dist/simulator/'))).toEqual([]);
		expect(urls.filter((url) => url.includes('/dist/ui/'))).toEqual([]);
		// undici's index loads fetch, WebSocket, mocks and Node's own undici: source/labs/wire/undici.ts.
		expect(urls.filter((url) => url.endsWith('/node_modules/undici/index.js'))).toEqual([]);
	});

	it('the headless demo: no settings, no meow, no dashboard', async () => {
		const urls = await loadedBeforeFirstLine(['demo', '--json', '--out', 'demo']);
		expect(urls.some((url) => url.endsWith('/dist/simulator/index.js'))).toBe(true);
		const packages = packagesIn(urls);
		for (const name of ['conf', 'ajv', 'meow', 'ink', 'react']) expect(packages, name).not.toContain(name);
	});
});

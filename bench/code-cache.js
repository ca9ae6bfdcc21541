// codeCache: the dashboard's first frame in a fresh process, loaded in each way side by side on this
// Node.js (bench/code-cache-child.js): no cache; the hand-made V8 code cache of `npm run build`;
// Node's module compile cache (22+, warmed by one run first); and both, the compile cache for every
// module but the dashboard bundle, which runs from the hand-made one (what the CLI does on 22+). The
// ratios say whether the hand-made cache still pays for itself on this Node.js (docs/performance.md).

import {mkdtemp, rm} from 'node:fs/promises';
import module from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {forkChild, quick} from './common.js';
import {firstOutput} from './startup.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

/** `flowdeck demo --json` to its first line, with Node's compile cache in `cacheDir` or off. */
function headlessMs(cacheDir, on) {
	const env = on ? {NODE_COMPILE_CACHE: cacheDir} : {NODE_DISABLE_COMPILE_CACHE: '1'};
	return firstOutput(
		process.execPath,
		[cli, 'demo', '--json', '--out', join(cacheDir, 'demo')],
		cacheDir,
		env,
	);
}

async function firstFrameMs(mode, cacheDir) {
	const {child, first} = forkChild('code-cache-child.js', [mode, cacheDir]);
	const message = await first;
	await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
	if (message.error) throw new Error(message.error);
	return message.firstFrameMs;
}

export async function codeCache({tries = quick ? 3 : 9} = {}) {
	const hasCompileCache = typeof module.enableCompileCache === 'function';
	const modes = ['plain', 'hand-made', ...(hasCompileCache ? ['compile-cache', 'both'] : [])];
	const cacheDir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-compile-cache-'));
	const times = Object.fromEntries(modes.map((mode) => [mode, []]));
	const headless = {on: [], off: []};
	try {
		if (hasCompileCache) await firstFrameMs('both', cacheDir);
		if (hasCompileCache) await firstFrameMs('compile-cache', cacheDir);
		if (hasCompileCache) await headlessMs(cacheDir, true);
		// Interleaved, so a busy moment of the machine weighs on every way alike.
		for (let i = 0; i < tries; i++) {
			for (const mode of modes) times[mode].push(await firstFrameMs(mode, cacheDir));
			if (!hasCompileCache) continue;
			headless.on.push(await headlessMs(cacheDir, true));
			headless.off.push(await headlessMs(cacheDir, false));
		}
	} finally {
		await rm(cacheDir, {recursive: true, force: true});
	}
	const plain = median(times.plain);
	const handMade = median(times['hand-made']);
	const compiled = hasCompileCache ? median(times['compile-cache']) : null;
	const both = hasCompileCache ? median(times.both) : null;
	return {
		codeCacheNode: process.version,
		firstFramePlainMs: Math.round(plain),
		firstFrameHandMadeCacheMs: Math.round(handMade),
		firstFrameCompileCacheMs: compiled === null ? null : Math.round(compiled),
		firstFrameBothCachesMs: both === null ? null : Math.round(both),
		handMadeCacheVsPlain: handMade / plain,
		compileCacheVsHandMade: compiled === null ? null : compiled / handMade,
		bothCachesVsCompileCache: both === null || compiled === null ? null : both / compiled,
		headlessCompileCacheVsNone: hasCompileCache ? median(headless.on) / median(headless.off) : null,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await codeCache()));
}

// codeCache: the dashboard's first frame in a fresh process, loaded three ways side by side on this
// Node.js (bench/code-cache-child.js): no cache, the hand-made V8 code cache of `npm run build`, and
// Node's module compile cache (22+; warmed by one run first). The ratios say whether the hand-made
// cache still pays for itself on this Node.js (docs/performance.md).

import {mkdtemp, rm} from 'node:fs/promises';
import module from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {forkChild, quick} from './common.js';

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

async function firstFrameMs(mode, cacheDir) {
	const {child, first} = forkChild('code-cache-child.js', [mode, cacheDir]);
	const message = await first;
	await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
	if (message.error) throw new Error(message.error);
	return message.firstFrameMs;
}

export async function codeCache({tries = quick ? 3 : 9} = {}) {
	const hasCompileCache = typeof module.enableCompileCache === 'function';
	const modes = ['plain', 'hand-made', ...(hasCompileCache ? ['compile-cache'] : [])];
	const cacheDir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-compile-cache-'));
	const times = Object.fromEntries(modes.map((mode) => [mode, []]));
	try {
		if (hasCompileCache) await firstFrameMs('compile-cache', cacheDir);
		// Interleaved, so a busy moment of the machine weighs on every way alike.
		for (let i = 0; i < tries; i++) {
			for (const mode of modes) times[mode].push(await firstFrameMs(mode, cacheDir));
		}
	} finally {
		await rm(cacheDir, {recursive: true, force: true});
	}
	const plain = median(times.plain);
	const handMade = median(times['hand-made']);
	const compiled = hasCompileCache ? median(times['compile-cache']) : null;
	return {
		codeCacheNode: process.version,
		firstFramePlainMs: Math.round(plain),
		firstFrameHandMadeCacheMs: Math.round(handMade),
		firstFrameCompileCacheMs: compiled === null ? null : Math.round(compiled),
		handMadeCacheVsPlain: handMade / plain,
		compileCacheVsHandMade: compiled === null ? null : compiled / handMade,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await codeCache()));
}

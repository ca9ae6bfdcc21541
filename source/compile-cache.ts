import type nodeModule from 'node:module';

/** Node's module compile cache (22.1+; flush 22.10+), which the Node 20 typings do not describe. */
export type CompileCache = {
	enable?: (directory?: string) => unknown;
	/** The folder in use; undefined while the cache is off. */
	directory?: () => string | undefined;
	flush?: () => void;
};

type WithCompileCache = typeof nodeModule & {
	enableCompileCache?: (directory?: string) => unknown;
	getCompileCacheDir?: () => string | undefined;
	flushCompileCache?: () => void;
};

export function compileCacheOf(module: typeof nodeModule): CompileCache {
	const withCache = module as WithCompileCache;
	return {
		enable: withCache.enableCompileCache?.bind(withCache),
		directory: withCache.getCompileCacheDir?.bind(withCache),
		flush: withCache.flushCompileCache?.bind(withCache),
	};
}

/** True when this process keeps compiled ES modules for the next run (cli.ts turned it on). */
export function compileCacheOn(module: typeof nodeModule): boolean {
	return Boolean(compileCacheOf(module).directory?.());
}

// What a build has to do, decided from file dates read beforehand (build-state.js): no file system
// here, so that the tests can hand it any dates they like. `npm start` (start.js) builds only what
// this says is stale; `npm run build` (build.js) always compiles and bundles.

/** What tsc reads besides source/: its options, the package's module type, the types installed. */
export const compileInputs = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** The files of source/ that tsc reads: not an editor's swap or backup files beside them. */
export const isSource = (path) => /\.(?:[cm]?tsx?|json)$/.test(path);

/**
 * What the dashboard bundle is made from besides tsc's dist/ui: the scripts that bundle it and draw
 * the frame its code cache is compiled on, and the npm packages inside it (the lockfile).
 */
export const bundleInputs = [
	'scripts/bundle-dashboard.js',
	'scripts/bundle-as-function.js',
	'scripts/dashboard-code-cache.js',
	'scripts/first-frame.js',
	'package-lock.json',
];

/** The bundle's own files in dist/ui, written by the bundle step: not made from it. */
export const isBundleFile = (name) => name.startsWith('dashboard.bundle');

/**
 * The build's own files in dist/, gone with it: tsc's record of what it compiled (were it kept
 * elsewhere, tsc would skip every unchanged file of an emptied dist), and the last build's stamp.
 */
export const buildInfoFile = 'dist/.tsbuildinfo';
export const stampFile = 'dist/.build-stamp';

/** The file tsc writes for a file of source/ (rootDir source, outDir dist), or undefined for none. */
export function compiledPath(sourcePath) {
	const match = /^source\/(.+)\.tsx?$/.exec(sourcePath);
	return match && !sourcePath.endsWith('.d.ts') ? `dist/${match[1]}.js` : undefined;
}

/**
 * Whether tsc has work. Yes when no build has finished (no stamp: a clean clone, or dist/ deleted),
 * when a source or option file is newer than the start of the last one, when files were added to or
 * removed from source/ since (a removed file dates nothing, and an import of it must fail), or when a
 * file tsc wrote is gone (tsc, incremental, would not write it again for an unchanged source: the build
 * then compiles from scratch). Dates are milliseconds; `stamp` is undefined when there is none.
 */
export function compileNeeded({stamp, sources, newestInput, compiledMissing}) {
	if (!stamp || compiledMissing || newestInput > stamp.date) return true;
	return sources.length !== stamp.sources.length || sources.some((path, i) => path !== stamp.sources[i]);
}

/**
 * Whether the dashboard bundle has to be made again: it or its code cache is missing (`bundled`
 * undefined), something it is made of is newer than the older of the two (one build writes both, the
 * cache last), or the cache was compiled by another Node.js, whose V8 would refuse it.
 */
export function bundleNeeded({bundled, newestInput, builtWith, node}) {
	return bundled === undefined || newestInput > bundled || builtWith !== node;
}

/** The one line `npm start` prints before it builds: ASCII where a `…` would not show. */
export function buildingMessage(env, platform = process.platform) {
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	// As the dashboard decides (source/ui/theme.ts): Windows consoles show `…` whatever the locale.
	const utf8 = locale === '' ? platform === 'win32' : /utf-?8/i.test(locale);
	return utf8 && env.TERM !== 'dumb' ? 'building…' : 'building...';
}

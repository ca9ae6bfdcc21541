// The file dates build-plan.js decides on, read from a checkout: only reads, so that `npm start` can
// ask whether anything is stale in a few milliseconds before it decides to build or not.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {basename, join, sep} from 'node:path';
import {bundleInputs, compiledPath, compileInputs, isBundleFile, isSource, stampFile} from './build-plan.js';

/** A file's modification time in ms, or undefined when it is not there. */
export const modified = (path) => statSync(path, {throwIfNoEntry: false})?.mtimeMs;

/** The newest of some dates, missing ones left out: -Infinity for none. */
const newest = (dates) => Math.max(...dates.filter((date) => date !== undefined));

/** The files under `root/dir`, as sorted paths from root with `/`: none when it is not there. */
function filesUnder(root, dir) {
	let names;
	try {
		names = readdirSync(join(root, dir), {recursive: true});
	} catch {
		return [];
	}
	return names
		.map((name) => `${dir}/${name.split(sep).join('/')}`)
		.filter((path) => statSync(join(root, path)).isFile())
		.sort();
}

/** What the last build wrote in its stamp, dated by it: undefined when there is none or it is unreadable. */
function readStamp(root) {
	const date = modified(join(root, stampFile));
	if (date === undefined) return undefined;
	try {
		const {node, sources} = JSON.parse(readFileSync(join(root, stampFile), 'utf8'));
		return Array.isArray(sources) ? {date, node, sources} : undefined;
	} catch {
		return undefined;
	}
}

/** The sorted list of source/'s files that tsc reads. */
export const sourceFiles = (root) => filesUnder(root, 'source').filter(isSource);

/** What compileNeeded (build-plan.js) decides on, for the checkout at `root`. */
export function readCompileState(root) {
	const sources = sourceFiles(root);
	const compiled = sources.map(compiledPath).filter((path) => path !== undefined);
	return {
		stamp: readStamp(root),
		sources,
		newestInput: newest([...sources, ...compileInputs].map((path) => modified(join(root, path)))),
		compiledMissing: compiled.some((path) => modified(join(root, path)) === undefined),
	};
}

/** What bundleNeeded (build-plan.js) decides on, but the running Node.js: `node` is the caller's. */
export function readBundleState(root) {
	const ui = filesUnder(root, 'dist/ui').filter((path) => !isBundleFile(basename(path)));
	const bundle = modified(join(root, 'dist/ui/dashboard.bundle.js'));
	const cache = modified(join(root, 'dist/ui/dashboard.bundle.cache'));
	return {
		bundled: bundle === undefined || cache === undefined ? undefined : Math.min(bundle, cache),
		newestInput: newest([...ui, ...bundleInputs].map((path) => modified(join(root, path)))),
		builtWith: readStamp(root)?.node,
	};
}

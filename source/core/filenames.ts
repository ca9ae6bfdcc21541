import path from 'node:path';
import slugifyText from '@sindresorhus/slugify';

/**
 * A number with capital letters glued to it ("4K", "1080P", "3D"): one word, which the slugifier's
 * camelCase splitting would cut in two ("4-k").
 */
const numberUnits = /\d\p{Lu}+(?!\p{Ll})/gu;

/**
 * An ASCII slug of the prompt (Vietnamese and other scripts are transliterated), at most `maxLength`
 * characters, cut at a word boundary where one exists. Never empty: prompts with nothing
 * transliterable (emoji, CJK) become "scene".
 */
export function slugify(prompt: string, maxLength = 40): string {
	const limit = Math.max(1, Math.floor(maxLength));
	const slug = slugifyText(prompt.replace(numberUnits, (unit) => unit.toLowerCase()));
	if (slug.length <= limit) {
		return slug === '' ? 'scene' : slug;
	}

	let cut = slug.slice(0, limit);
	// The cut already falls on a boundary when the next character is a separator.
	if (slug.charAt(limit) !== '-') {
		const lastDash = cut.lastIndexOf('-');
		// A single word longer than the limit has no boundary to use: cut it mid-word.
		if (lastDash > 0) {
			cut = cut.slice(0, lastDash);
		}
	}

	cut = cut.replace(/-+$/, '');
	return cut === '' ? 'scene' : cut;
}

/** `NNN-<slug>-<copy>.mp4`, the public output name; indices past 999 simply get longer. */
export function videoFileName(sceneIndex: number, prompt: string, copy: number): string {
	if (!Number.isSafeInteger(sceneIndex) || sceneIndex < 1) {
		throw new RangeError(`scene index must be a whole number ≥ 1, got ${sceneIndex}`);
	}

	if (!Number.isSafeInteger(copy) || copy < 1) {
		throw new RangeError(`copy must be a whole number ≥ 1, got ${copy}`);
	}

	return `${String(sceneIndex).padStart(3, '0')}-${slugify(prompt)}-${copy}.mp4`;
}

/**
 * path.join that refuses to leave `dir`. Slugs are already safe; this guards against a future caller
 * passing a name that is not one.
 */
export function safeJoin(dir: string, fileName: string): string {
	const joined = path.join(dir, fileName);
	const relative = path.relative(path.resolve(dir), path.resolve(joined));
	if (
		relative === '' ||
		relative === '..' ||
		relative.startsWith(`..${path.sep}`) ||
		path.isAbsolute(relative) ||
		fileName.includes('\0')
	) {
		throw new Error(`refusing to write outside the output folder: ${JSON.stringify(fileName)}`);
	}

	return joined;
}

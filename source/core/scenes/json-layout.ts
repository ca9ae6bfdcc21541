// Tracks the line on which each scene of a .json file starts.
type JsonLayout = {
	/** Start line of each element when the root is an array. */
	rootArray: number[];
	/** Start line of each element of the root object's (last) "scenes" array. */
	scenesArray: number[];
	/** Line of each key of the root object. */
	rootKeys: Map<string, number>;
};

type Frame = {kind: 'array' | 'object'; expectKey: boolean; starts?: number[]};

/**
 * Finds the line on which each scene object starts. Runs only on text JSON.parse accepted, so it can
 * skip validation: it tracks strings (with escapes) and nesting, nothing more.
 */
export function scanJsonLayout(text: string): JsonLayout {
	const layout: JsonLayout = {rootArray: [], scenesArray: [], rootKeys: new Map()};
	const stack: Frame[] = [];
	let line = 1;
	let lastRootKey: string | undefined;
	let i = 0;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		const top = stack.at(-1);
		if (c === 0x0a) {
			line++;
			i++;
			continue;
		}

		if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c /* , */) {
			if (c === 0x2c && top?.kind === 'object') {
				top.expectKey = true;
			}

			i++;
			continue;
		}

		if (c === 0x3a /* : */) {
			if (top) {
				top.expectKey = false;
			}

			i++;
			continue;
		}

		if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
			stack.pop();
			i++;
			continue;
		}

		// Anything else starts a value, or a key in an object.
		const isKey = top?.kind === 'object' && top.expectKey;
		if (!isKey) {
			top?.starts?.push(line);
		}

		if (c === 0x22 /* " */) {
			const end = stringEnd(text, i);
			if (isKey && stack.length === 1) {
				lastRootKey = JSON.parse(text.slice(i, end)) as string;
				layout.rootKeys.set(lastRootKey, line);
			}

			i = end;
		} else if (c === 0x5b /* [ */) {
			let starts: number[] | undefined;
			if (stack.length === 0) {
				starts = layout.rootArray;
			} else if (stack.length === 1 && lastRootKey === 'scenes') {
				// An array directly in the root object (only its keys set lastRootKey). A repeated "scenes"
				// key: JSON.parse keeps the last one, so do we.
				starts = [];
				layout.scenesArray = starts;
			}

			stack.push({kind: 'array', expectKey: false, starts});
			i++;
		} else if (c === 0x7b /* { */) {
			stack.push({kind: 'object', expectKey: true});
			i++;
		} else {
			// Number, true, false or null: skip to the next structural character.
			i++;
			while (i < text.length && !/[\s,\]}]/.test(text.charAt(i))) {
				i++;
			}
		}
	}

	return layout;
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
	let i = start + 1;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		if (c === 0x5c /* \ */) {
			i += 2;
		} else if (c === 0x22) {
			return i + 1;
		} else {
			i++;
		}
	}

	return i;
}

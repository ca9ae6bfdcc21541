/** Follows indices through nested arrays; undefined as soon as a step is not an array. */
export function dig(value: unknown, ...path: number[]): unknown {
	let current = value;
	for (const index of path) {
		if (!Array.isArray(current)) return undefined;
		current = current[index];
	}
	return current;
}

export const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

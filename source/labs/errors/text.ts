// Small text and shape helpers the error classifiers share.

/**
 * The lookup tables below are indexed by strings servers choose (a reason, a failure message, an
 * error code): without a prototype, "constructor" or "__proto__" find nothing instead of Object's.
 */
export const table = <T>(entries: Record<string, T>): Record<string, T> =>
	Object.assign(Object.create(null) as Record<string, T>, entries);

/** A short, single-line excerpt of a body for protocol errors: enough to recognise, never a dump. */
export function excerpt(text: string, max = 120): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const nonEmptyString = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

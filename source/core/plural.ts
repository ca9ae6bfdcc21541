/**
 * A count with its noun: "1 file", "3 files", "0 scenes". Shared by every layer that prints a count
 * (ui, report, commands); the plural is the noun plus "s" unless given.
 */
export function plural(count: number, noun: string, many = `${noun}s`): string {
	return `${count} ${count === 1 ? noun : many}`;
}

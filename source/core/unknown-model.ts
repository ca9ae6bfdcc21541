/**
 * The one-line problem for a model key flowdeck does not know: where, which key, the few known keys
 * closest to it (not all of them: the line stays short), and the way to send a new key anyway.
 */

const shown = 3;
const longestKey = 48;

/** Known keys sharing the longest start with `model` first, then in catalogue order. */
function closest(model: string, known: readonly string[]): string[] {
	const common = (key: string): number => {
		let n = 0;
		while (n < key.length && n < model.length && key[n] === model[n]) n++;
		return n;
	};
	return known
		.map((key, order) => ({key, order, score: common(key)}))
		.sort((a, b) => b.score - a.score || a.order - b.order)
		.slice(0, shown)
		.map((entry) => entry.key);
}

export function unknownModelProblem(where: string, model: string, known: readonly string[]): string {
	const key = model.length > longestKey ? `${model.slice(0, longestKey - 1)}…` : model;
	const more = known.length > shown ? `, … (${known.length} in all: readme, Models)` : '';
	return `${where}: unknown model "${key}" (known: ${closest(model, known).join(', ')}${more}; for a new key, pass it with --model)`;
}

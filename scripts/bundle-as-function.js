/**
 * The ESM bundle as the source of one async function, `(importRelative, bundleUrl) => exports`, for
 * a vm.Script, the one kind of script Node 20 can keep V8's compiled code for between runs
 * (source/dashboard-script.ts). rolldown writes every static import as one line at the top and the
 * exports as one line at the end; anything else stops the build rather than load wrongly.
 */
export function bundleAsFunction(code) {
	const lines = code.split('\n');
	const specifiers = [];
	const bindings = [];
	let first = 0;
	for (; first < lines.length; first++) {
		const match = /^import (.+) from "([^"]+)";$/.exec(lines[first]);
		if (!match) break;
		const [, clause, specifier] = match;
		const module = `__modules[${specifiers.push(specifier) - 1}]`;
		const namespace = /^\* as ([\w$]+)$/.exec(clause);
		if (namespace) {
			bindings.push(`const ${namespace[1]} = ${module};`);
			continue;
		}
		const parts = /^(?:([\w$]+)(?:, )?)?(?:\{ ([^}]*) \})?$/.exec(clause);
		if (!parts || (!parts[1] && !parts[2]))
			throw new Error(`bundle: an import rolldown did not write before: ${lines[first]}`);
		if (parts[1]) bindings.push(`const ${parts[1]} = ${module}.default;`);
		if (parts[2]) {
			const names = parts[2].split(', ').map((name) => name.replace(/^([\w$]+) as ([\w$]+)$/, '$1: $2'));
			bindings.push(`const { ${names.join(', ')} } = ${module};`);
		}
	}
	let body = lines.slice(first).join('\n');
	const exported = /^export \{ ([^}]+) \};$/m;
	if (!exported.test(body)) throw new Error('bundle: no export line at its end');
	body = body
		.replace(exported, 'return { $1 };')
		.replaceAll('import.meta.url', '__bundleUrl')
		.replaceAll('await import(', 'await __import(');
	for (const left of [/\bimport\.meta\b/, /(?<![\w$.])import\s*\(/, /^\s*(?:import|export)\s[^'`]*$/m]) {
		const found = left.exec(body);
		if (found) throw new Error(`bundle: cannot turn into a function: ${found[0]}`);
	}
	return [
		'(async function (__import, __bundleUrl) {',
		"'use strict';",
		`const __modules = await Promise.all(${JSON.stringify(specifiers)}.map(__import));`,
		...bindings,
		body,
		'})',
	].join('\n');
}

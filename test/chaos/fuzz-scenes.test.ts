/**
 * Issue #6, part 3a: bad scene files. Random bytes, huge lines, 100k scenes, wrong types, invalid
 * UTF-8 and mutations of good files, in every format. In-process, each either parses into well-typed
 * scenes or fails with one short SceneFileError line naming the file; through the built CLI, bad
 * input exits 2 with exactly one stderr line `flowdeck: <file>:…`, and good input runs without a crash.
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readSceneFile, type Scene, SceneFileError} from '../../source/core/scenes.js';
import {type Simulator, startSimulator} from '../../source/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {startWorkspace} from '../helpers/workspace.js';
import {chaosSeed, cliWorkspace, figure, full, type Rng, rng, size} from './helpers.js';

const seed = chaosSeed(0x5ce7e);
const random = rng(seed);
const defaults = {model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 1};
const extensions = ['.txt', '.jsonl', '.json', '.csv'] as const;
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'scenes');

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'flowdeck-chaos-fuzz-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const figures = {inProcess: 0, valid: 0, refused: 0, cli: 0, cliExit2: 0, cliRan: 0};
afterAll(() =>
	figure(
		'fuzz-scenes',
		`${figures.inProcess} scene files parsed in-process (${figures.valid} valid, ${figures.refused} refused with one line); ` +
			`${figures.cli} through the CLI (${figures.cliExit2} exit 2, ${figures.cliRan} ran); 0 crashes`,
	),
);

// ---- generators ----

type Case = {label: string; ext: string; bytes: Buffer};

const unicode = [
	'é',
	'ệ',
	'ß',
	'中',
	'🎬',
	'\u200b',
	'\u202e',
	'\t',
	'"',
	"'",
	',',
	';',
	'{',
	'}',
	'[',
	']',
	'\\',
];

function randomText(r: Rng, length: number): string {
	let text = '';
	while (text.length < length) {
		const roll = r.next();
		if (roll < 0.6) text += String.fromCharCode(r.int(32, 126));
		else if (roll < 0.75) text += r.pick(unicode);
		else if (roll < 0.85) text += '\n';
		else if (roll < 0.9) text += r.pick(['\r\n', '\r', '\0', '\uFEFF', '\u2028']);
		else text += r.pick(['prompt', 'copies', 'aspect', 'model', 'seed', 'id', '16:9', '9:16', '4', '-1']);
	}
	return text;
}

function randomJson(r: Rng, depth = 0): unknown {
	const roll = r.int(0, depth > 2 ? 5 : 8);
	switch (roll) {
		case 0:
			return null;
		case 1:
			return r.chance(0.5);
		case 2:
			return r.pick([0, -1, 1, 4, 5, 1.5, 1e308, -0, 2 ** 53, Number.MAX_SAFE_INTEGER + 2]);
		case 3:
		case 4:
			return randomText(r, r.int(0, 40));
		case 5:
			return r.pick(['16:9', '9:16', 'portrait', 'veo_3_1_t2v_fast', 'veo_3_1_t2v_lite', '', ' ']);
		case 6:
			return Array.from({length: r.int(0, 4)}, () => randomJson(r, depth + 1));
		default: {
			const keys = [
				'prompt',
				'id',
				'aspect',
				'model',
				'copies',
				'seed',
				'scenes',
				'__proto__',
				'constructor',
			];
			const object: Record<string, unknown> = {};
			for (let i = r.int(0, 5); i > 0; i--) {
				const key = r.chance(0.8) ? r.pick(keys) : randomText(r, r.int(1, 12));
				object[key] = randomJson(r, depth + 1);
			}
			return object;
		}
	}
}

function sceneObject(r: Rng): Record<string, unknown> {
	const scene: Record<string, unknown> = {
		prompt: r.chance(0.9) ? randomText(r, r.int(1, 60)) : randomJson(r),
	};
	if (r.chance(0.3)) scene.copies = r.chance(0.7) ? r.int(0, 6) : randomJson(r);
	if (r.chance(0.3))
		scene.aspect = r.chance(0.7) ? r.pick(['16:9', '9:16', 'portrait', '4:3']) : randomJson(r);
	if (r.chance(0.2)) scene.id = r.chance(0.5) ? `s${r.int(1, 5)}` : randomJson(r);
	if (r.chance(0.2)) scene.seed = r.chance(0.5) ? r.int(0, 99_999) : randomJson(r);
	if (r.chance(0.1)) scene[randomText(r, r.int(1, 8))] = randomJson(r);
	return scene;
}

function csvCell(value: unknown): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
	return random.chance(0.8) ? `"${text.replace(/"/g, '""')}"` : text;
}

function generate(r: Rng, kind: number): Case {
	const ext = r.pick(extensions);
	switch (kind) {
		case 0: {
			const bytes = Buffer.alloc(r.int(0, 4096));
			for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(0, 255);
			return {label: 'random bytes', ext, bytes};
		}
		case 1:
			return {label: 'random text', ext, bytes: Buffer.from(randomText(r, r.int(1, 3000)))};
		case 2: {
			const lines = Array.from({length: r.int(1, 30)}, () =>
				r.chance(0.85) ? JSON.stringify(sceneObject(r)) : randomText(r, r.int(0, 50)),
			);
			return {label: 'jsonl of wrong types', ext: '.jsonl', bytes: Buffer.from(lines.join('\n'))};
		}
		case 3: {
			const scenes = Array.from({length: r.int(0, 20)}, () =>
				r.chance(0.9) ? sceneObject(r) : randomJson(r),
			);
			const root = r.chance(0.5) ? scenes : r.chance(0.8) ? {scenes} : randomJson(r);
			let text = JSON.stringify(root, null, r.chance(0.5) ? 2 : undefined) ?? 'null';
			if (r.chance(0.2)) text = text.slice(0, r.int(0, text.length)); // truncated JSON
			return {label: 'json of wrong types', ext: '.json', bytes: Buffer.from(text)};
		}
		case 4: {
			const header = r.chance(0.9)
				? ['prompt', 'copies', 'aspect', 'seed', 'id', 'model'].filter(() => r.chance(0.6)).concat('prompt')
				: [randomText(r, 6), 'prompt'];
			const rows = Array.from({length: r.int(0, 25)}, () => {
				const scene = sceneObject(r);
				return header.map((key) => csvCell(scene[key] ?? '')).join(r.chance(0.95) ? ',' : ';');
			});
			let text = [header.join(','), ...rows].join(r.pick(['\n', '\r\n', '\r']));
			if (r.chance(0.3)) text = text.replace(/"/, ''); // an unbalanced quote
			return {label: 'csv of wrong types', ext: '.csv', bytes: Buffer.from(text)};
		}
		case 5: {
			// Valid text with invalid UTF-8 sequences spliced in.
			const good = Buffer.from(`a calm lake\nthe city at night ${r.pick(unicode)}\nthird scene\n`);
			const bad = r.pick([
				[0xc3, 0x28],
				[0xff],
				[0xc0, 0xaf],
				[0xed, 0xa0, 0x80],
				[0xe2, 0x82],
				[0xf8, 0x88, 0x80],
			]);
			const at = r.int(0, good.length);
			return {
				label: 'invalid UTF-8',
				ext,
				bytes: Buffer.concat([good.subarray(0, at), Buffer.from(bad), good.subarray(at)]),
			};
		}
		default: {
			// A mutated fixture: flipped, dropped, duplicated or inserted bytes.
			const name = r.pick(['array.json', 'object.json', 'scenes.jsonl', 'bom-crlf.csv', 'vietnamese.txt']);
			const source = fixtureBytes.get(name) ?? Buffer.alloc(0);
			const bytes = Buffer.from(source);
			let mutated: Buffer = bytes;
			for (let i = r.int(1, 4); i > 0 && mutated.length > 0; i--) {
				const at = r.int(0, mutated.length - 1);
				const op = r.int(0, 3);
				if (op === 0) mutated[at] = r.int(0, 255);
				else if (op === 1)
					mutated = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + r.int(1, 20))]);
				else if (op === 2)
					mutated = Buffer.concat([
						mutated.subarray(0, at),
						mutated.subarray(at, at + 30),
						mutated.subarray(at),
					]);
				else
					mutated = Buffer.concat([
						mutated.subarray(0, at),
						Buffer.from(r.pick(['"', ',', '{', '\n', '\r', '\0', '\uFEFF', '\\u0000', '}]'])),
						mutated.subarray(at),
					]);
			}
			return {label: `mutated ${name}`, ext: name.slice(name.lastIndexOf('.')), bytes: mutated};
		}
	}
}

/** Cases no random draw is likely to hit, but users will. */
function specialCases(): Case[] {
	const hundredK = Array.from({length: 100_000}, (_, i) => `scene ${i + 1}: a field of wheat`).join('\n');
	const hundredKJsonl = Array.from({length: 100_000}, (_, i) =>
		JSON.stringify({prompt: `p${i}`, copies: 1}),
	).join('\n');
	return [
		{label: 'huge line', ext: '.txt', bytes: Buffer.from('x'.repeat(2_000_000))},
		{
			label: 'huge jsonl line',
			ext: '.jsonl',
			bytes: Buffer.from(JSON.stringify({prompt: 'y'.repeat(1_000_000)})),
		},
		{label: 'huge csv cell', ext: '.csv', bytes: Buffer.from(`prompt\n"${'z'.repeat(500_000)}"\n`)},
		{label: '100k scenes (txt)', ext: '.txt', bytes: Buffer.from(hundredK)},
		{label: '100k scenes (jsonl)', ext: '.jsonl', bytes: Buffer.from(hundredKJsonl)},
		{label: 'empty', ext: '.txt', bytes: Buffer.alloc(0)},
		{label: 'only a BOM', ext: '.csv', bytes: Buffer.from('\uFEFF')},
		{label: 'NUL bytes', ext: '.txt', bytes: Buffer.from('a\0b\n\0\0\0\n')},
		{label: 'newline in a key', ext: '.jsonl', bytes: Buffer.from('{"prompt":"x","bad\\nkey":1}\n')},
		{
			label: 'newline in a duplicate id',
			ext: '.jsonl',
			bytes: Buffer.from('{"prompt":"a","id":"x\\ny"}\n{"prompt":"b","id":"x\\ny"}\n'),
		},
		{
			label: 'long unknown key',
			ext: '.json',
			bytes: Buffer.from(JSON.stringify([{prompt: 'a', ['k'.repeat(50_000)]: 1}])),
		},
		{label: 'deep nesting', ext: '.json', bytes: Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)},
		{label: 'lone surrogate escape', ext: '.jsonl', bytes: Buffer.from('{"prompt":"\\ud800 alone"}\n')},
		{label: 'invalid UTF-8 (latin-1 file)', ext: '.txt', bytes: Buffer.from('caf\xe9 au lait\n', 'latin1')},
		{label: 'wrong extension', ext: '.yaml', bytes: Buffer.from('- prompt: a\n')},
		{label: 'no extension', ext: '', bytes: Buffer.from('a scene\n')},
	];
}

const fixtureBytes = new Map<string, Buffer>();

async function writeCase(item: Case, n: number): Promise<string> {
	const file = join(dir, `fuzz-${n}${item.ext}`);
	await writeFile(file, item.bytes);
	return file;
}

/** What is wrong with one parsed scene, if anything (plain checks: 100k scenes make expect() slow). */
function sceneProblem(scene: Scene, position: number, ids: Set<string>): string | undefined {
	if (scene.index !== position) return `index ${scene.index} at ${position}`;
	if (typeof scene.id !== 'string' || scene.id.trim() === '') return 'empty id';
	if (ids.has(scene.id)) return `duplicate id ${scene.id}`;
	ids.add(scene.id);
	if (typeof scene.prompt !== 'string' || scene.prompt.trim() === '') return 'empty prompt';
	if (scene.prompt.length > 10_000 && [...scene.prompt].length > 10_000) return 'prompt too long';
	if (scene.aspect !== '16:9' && scene.aspect !== '9:16') return `aspect ${String(scene.aspect)}`;
	if (typeof scene.model !== 'string' || scene.model === '') return 'no model';
	if (!Number.isInteger(scene.copies) || scene.copies < 1 || scene.copies > 4)
		return `copies ${scene.copies}`;
	if (scene.seed !== undefined && !(Number.isSafeInteger(scene.seed) && scene.seed >= 0))
		return `seed ${scene.seed}`;
	if (!Number.isInteger(scene.line) || scene.line < 1) return `line ${scene.line}`;
	return undefined;
}

/** Either well-typed scenes or one SceneFileError line naming the file. */
function checkOutcome(file: string, outcome: {scenes?: Scene[]; error?: unknown}, label: string): void {
	if (outcome.scenes) {
		figures.valid++;
		const scenes = outcome.scenes;
		expect(scenes.length, label).toBeGreaterThan(0);
		const ids = new Set<string>();
		for (const [i, scene] of scenes.entries()) {
			const problem = sceneProblem(scene, i + 1, ids);
			if (problem) expect.fail(`${label}: scene ${i + 1}: ${problem}`);
		}
		return;
	}
	figures.refused++;
	const error = outcome.error;
	expect(error, `${label}: ${String(error)}`).toBeInstanceOf(SceneFileError);
	const message = (error as Error).message;
	expect(message.startsWith(`${basename(file)}:`), `${label}: ${message}`).toBe(true);
	expect(message, label).not.toMatch(/[\n\r\u2028\u2029]/);
	expect(message.length, `${label}: ${message.slice(0, 200)}`).toBeLessThanOrEqual(300);
}

describe('fuzzed scene files', () => {
	it('in-process: well-typed scenes or one short SceneFileError line, never anything else', async () => {
		for (const name of ['array.json', 'object.json', 'scenes.jsonl', 'bom-crlf.csv', 'vietnamese.txt']) {
			fixtureBytes.set(name, await readFile(join(fixtures, name)));
		}
		const cases = [
			...specialCases(),
			...Array.from({length: size(1500, 30_000)}, (_, i) => generate(random, i % 7)),
		];
		for (const [n, item] of cases.entries()) {
			const file = await writeCase(item, n);
			const label = `${item.label} #${n} (${file})`;
			const outcome = await readSceneFile(file, defaults).then(
				(scenes) => ({scenes}),
				(error: unknown) => ({error}),
			);
			figures.inProcess++;
			checkOutcome(file, outcome, label);
			await rm(file);
		}
	}, 300_000);

	describe('through the built CLI', () => {
		let sim: Simulator;
		beforeAll(async () => {
			sim = await startSimulator({
				accounts: [{name: 'acc1', cookie: 'fuzz-cookie-1', credits: 1e9}],
				generationMs: 5,
				videoBytes: 1024,
			});
		});
		afterAll(async () => {
			await sim.close();
		});

		it('bad input: exit 2 and exactly one stderr line naming the file; good input runs without a crash', async () => {
			const r = rng(seed ^ 0x77);
			const special = specialCases().filter((item) => !item.label.startsWith('100k'));
			const drawn = Array.from({length: size(5, 60)}, (_, i) => generate(r, i % 7)).filter(
				(item) => item.bytes.length < 8192,
			);
			const cases = [
				...(full ? special : special.filter((item, i) => i % 3 === 0 || item.label.includes('latin-1'))),
				...drawn,
			];
			for (const [n, item] of cases.entries()) {
				const work = await mkdtemp(join(dir, 'cli-'));
				const ws = await cliWorkspace(sim, [{name: 'acc1', cookie: 'fuzz-cookie-1'}], [], work);
				const file = join(work, `scenes${item.ext}`);
				await writeFile(file, item.bytes);
				const result = await runCli(['run', file, ...ws.runFlags, '--json', '--yes'], {env: ws.env});
				figures.cli++;
				const label = `${item.label} #${n}: exit ${result.code}, stderr ${JSON.stringify(result.stderr.slice(0, 300))}`;
				expect(result.signal, label).toBeNull();
				// A legacy code page must fail loudly, not send mojibake prompts (readSceneText's promise).
				if (item.label.startsWith('invalid UTF-8'))
					expect(result.stderr, label).toMatch(/: not valid UTF-8\n$/);
				expect(result.stderr, label).not.toMatch(/\n\s+at |TypeError|RangeError|Unhandled/);
				if (result.code === 2) {
					figures.cliExit2++;
					const lines = result.stderr.split('\n').filter((line) => line !== '');
					expect(lines, label).toHaveLength(1);
					expect(lines[0]?.startsWith(`flowdeck: ${basename(file)}:`), label).toBe(true);
					expect(result.stdout, label).toBe('');
				} else {
					figures.cliRan++;
					expect([0, 1], label).toContain(result.code);
				}
				await rm(work, {recursive: true, force: true});
			}
		}, 300_000);

		// In-process parsing covers 100k scenes in the short form too; the CLI round costs seconds.
		it.runIf(full)(
			'100k scenes: parsed, planned and refused for lack of an account without a crash',
			async () => {
				const workspace = await startWorkspace(
					{accounts: [{name: 'acc1', cookie: 'fuzz-cookie-100k'}]},
					'cli-100k-',
					dir,
				);
				const {sim: revoked, dir: work} = workspace;
				revoked.revokeCookie('acc1');
				try {
					const ws = await cliWorkspace(revoked, [{name: 'acc1', cookie: 'fuzz-cookie-100k'}], [], work);
					const file = join(work, 'big.txt');
					await writeFile(file, Array.from({length: 100_000}, (_, i) => `scene ${i + 1}`).join('\n'));
					const started = Date.now();
					const result = await runCli(['run', file, ...ws.runFlags, '--json', '--yes'], {env: ws.env});
					figures.cli++;
					expect(result.code, result.stderr).toBe(3);
					expect(result.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/);
					figure('fuzz-scenes/100k', `100k-scene file to exit 3 in ${Date.now() - started} ms`);
				} finally {
					await workspace.close();
				}
			},
			120_000,
		);
	});
});

import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {Aspect} from '../labs/types.js';

// One definition of Aspect for the whole house: the wire types own it.
export type {Aspect} from '../labs/types.js';

export type SceneInput = {
	line: number;
	id?: string;
	prompt: string;
	aspect?: Aspect;
	model?: string;
	copies?: number;
	seed?: number;
};

export type Scene = {
	/** 1-based, in file order. */
	index: number;
	/** The id given in the file, else the index padded to three digits. */
	id: string;
	prompt: string;
	aspect: Aspect;
	model: string;
	copies: number;
	seed?: number;
	line: number;
};

export type SceneDefaults = {aspect: Aspect; model: string; copies: number};

export class SceneFileError extends Error {
	readonly file: string;
	readonly line: number | undefined;

	constructor(file: string, line: number | undefined, problem: string) {
		const name = path.basename(file);
		const said = oneLine(problem);
		super(line === undefined ? `${name}: ${said}` : `${name}:${line}: ${said}`);
		this.name = 'SceneFileError';
		this.file = file;
		this.line = line;
	}
}

/**
 * Problems quote the file (keys, ids), and a file may hold anything: the message stays one short line,
 * control characters escaped, so the CLI's single `flowdeck: <file>:<line>: …` line stays single.
 */
function oneLine(text: string, max = 240): string {
	const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
		if (c === '\n') return '\\n';
		if (c === '\r') return '\\r';
		if (c === '\t') return '\\t';
		return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const maxPromptLength = 10_000;
const fieldNames = new Set(['prompt', 'id', 'aspect', 'model', 'copies', 'seed']);

type Fail = (line: number | undefined, problem: string) => never;

/** Parse a scene file's text; the format follows the file name's extension. Throws SceneFileError. */
export function parseScenes(text: string, fileName: string, defaults: SceneDefaults): Scene[] {
	const fail: Fail = (line, problem) => {
		throw new SceneFileError(fileName, line, problem);
	};

	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const extension = path.extname(fileName).toLowerCase();
	const builder = new SceneBuilder(defaults, fail);
	switch (extension) {
		case '.txt': {
			parseTxt(body, builder, fail);
			break;
		}

		case '.jsonl': {
			parseJsonl(body, builder, fail);
			break;
		}

		case '.json': {
			parseJson(body, builder, fail);
			break;
		}

		case '.csv': {
			parseCsvScenes(body, builder, fail);
			break;
		}

		default: {
			fail(undefined, `unsupported scene file type "${extension}" (use .txt, .jsonl, .json or .csv)`);
		}
	}

	if (builder.scenes.length === 0) {
		fail(undefined, 'no scenes found');
	}

	return builder.scenes;
}

/** Read and parse a scene file. Every problem, including I/O, surfaces as SceneFileError. */
export async function readSceneFile(filePath: string, defaults: SceneDefaults): Promise<Scene[]> {
	return parseScenes(await readSceneText(filePath), filePath, defaults);
}

/**
 * The file's text, strictly decoded as UTF-8 (a leading BOM dropped). For callers that need the text
 * as well as the scenes, e.g. to hash it for run.json.
 */
export async function readSceneText(filePath: string): Promise<string> {
	let bytes: Buffer;
	try {
		bytes = await readFile(filePath);
	} catch (error) {
		throw new SceneFileError(filePath, undefined, `cannot read: ${describeReadError(error)}`);
	}

	try {
		// Fatal, so a file saved in a legacy code page fails loudly instead of sending mojibake prompts.
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		throw new SceneFileError(filePath, lineAt(bytes, firstInvalidUtf8(bytes)), 'not valid UTF-8');
	}
}

/** sha256 hex of the scene text, so a resumed run can tell whether the file changed. */
export function hashSceneText(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Turns validated inputs into scenes one at a time, so the first problem in file order wins,
// duplicate ids included.
class SceneBuilder {
	readonly scenes: Scene[] = [];
	private readonly idLines = new Map<string, number>();

	constructor(
		private readonly defaults: SceneDefaults,
		private readonly fail: Fail,
	) {}

	add(input: SceneInput): void {
		const index = this.scenes.length + 1;
		const id = input.id ?? String(index).padStart(3, '0');
		const firstLine = this.idLines.get(id);
		if (firstLine !== undefined) {
			this.fail(input.line, `duplicate id "${id}" (first on line ${firstLine})`);
		}

		this.idLines.set(id, input.line);
		const scene: Scene = {
			index,
			id,
			prompt: input.prompt,
			aspect: input.aspect ?? this.defaults.aspect,
			model: input.model ?? this.defaults.model,
			copies: input.copies ?? this.defaults.copies,
			line: input.line,
		};
		if (input.seed !== undefined) {
			scene.seed = input.seed;
		}

		this.scenes.push(scene);
	}
}

function parseTxt(text: string, builder: SceneBuilder, fail: Fail): void {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const prompt = (lines[i] ?? '').trim();
		if (prompt === '' || prompt.startsWith('#')) {
			continue;
		}

		builder.add({line: i + 1, prompt: checkPrompt(prompt, i + 1, fail)});
	}
}

function parseJsonl(text: string, builder: SceneBuilder, fail: Fail): void {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i] ?? '';
		const line = i + 1;
		if (raw.trim() === '') {
			continue;
		}

		let value: unknown;
		try {
			value = JSON.parse(raw);
		} catch (error) {
			fail(line, `invalid JSON (${jsonReason(error)})`);
		}

		builder.add(fromJsonObject(value, line, fail));
	}
}

function parseJson(text: string, builder: SceneBuilder, fail: Fail): void {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		fail(jsonErrorLine(error, text), `invalid JSON (${jsonReason(error)})`);
	}

	const layout = scanJsonLayout(text);
	let items: unknown[];
	let lines: number[];
	if (Array.isArray(value)) {
		items = value;
		lines = layout.rootArray;
	} else if (isPlainObject(value) && Array.isArray(value.scenes)) {
		for (const key of Object.keys(value)) {
			if (key !== 'scenes') {
				fail(layout.rootKeys.get(key) ?? 1, `unknown field "${key}"`);
			}
		}

		items = value.scenes;
		lines = layout.scenesArray;
	} else {
		fail(1, 'expected an array of scenes or {"scenes": [...]}');
	}

	for (const [i, item] of items.entries()) {
		builder.add(fromJsonObject(item, lines[i] ?? 1, fail));
	}
}

function fromJsonObject(value: unknown, line: number, fail: Fail): SceneInput {
	if (!isPlainObject(value)) {
		fail(line, 'expected a JSON object');
	}

	for (const key of Object.keys(value)) {
		if (!fieldNames.has(key)) {
			fail(line, `unknown field "${key}"`);
		}
	}

	const prompt = value.prompt;
	if (prompt === undefined || prompt === null) {
		fail(line, 'missing prompt');
	}

	if (typeof prompt !== 'string') {
		fail(line, 'prompt must be a string');
	}

	const input: SceneInput = {line, prompt: checkPrompt(prompt.trim(), line, fail)};
	const id = jsonId(value.id, line, fail);
	if (id !== undefined) {
		input.id = id;
	}

	return withOptions(input, value, false, fail);
}

function jsonId(value: unknown, line: number, fail: Fail): string | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}

	const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof id !== 'string' || id.trim() === '') {
		fail(line, 'id must be a non-empty string or a number');
	}

	return id.trim();
}

// Shared by JSON and CSV: `fromText` says values arrive as strings (CSV cells) rather than JSON numbers.
function withOptions(
	input: SceneInput,
	fields: Record<string, unknown>,
	fromText: boolean,
	fail: Fail,
): SceneInput {
	const {line} = input;
	const aspect = absentIfNull(fields.aspect);
	if (aspect !== undefined) {
		input.aspect = toAspect(aspect) ?? fail(line, 'aspect must be 16:9 or 9:16');
	}

	const model = absentIfNull(fields.model);
	if (model !== undefined) {
		if (typeof model !== 'string' || model.trim() === '') {
			fail(line, 'model must be a non-empty string');
		}

		input.model = model.trim();
	}

	const copies = absentIfNull(fields.copies);
	if (copies !== undefined) {
		const n = wholeNumber(copies, fromText);
		if (n === undefined || n < 1 || n > 4) {
			fail(line, 'copies must be 1-4');
		}

		input.copies = n;
	}

	const seed = absentIfNull(fields.seed);
	if (seed !== undefined) {
		input.seed = wholeNumber(seed, fromText) ?? fail(line, 'seed must be a whole number ≥ 0');
	}

	return input;
}

function absentIfNull(value: unknown): unknown {
	return value === null ? undefined : value;
}

function toAspect(value: unknown): Aspect | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}

	switch (value.trim().toLowerCase()) {
		case '16:9':
		case 'landscape': {
			return '16:9';
		}

		case '9:16':
		case 'portrait': {
			return '9:16';
		}

		default: {
			return undefined;
		}
	}
}

/** A non-negative safe integer, or undefined when the value is not one. */
function wholeNumber(value: unknown, fromText: boolean): number | undefined {
	let n: number;
	if (fromText && typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		n = Number(value);
	} else if (typeof value === 'number') {
		n = value;
	} else {
		return undefined;
	}

	// `+ 0` turns JSON's -0 into 0 so it never shows up as "-0" anywhere downstream.
	return Number.isSafeInteger(n) && n >= 0 ? n + 0 : undefined;
}

function checkPrompt(prompt: string, line: number, fail: Fail): string {
	if (prompt === '') {
		fail(line, 'empty prompt');
	}

	if (longerThan(prompt, maxPromptLength)) {
		fail(line, `prompt is longer than ${maxPromptLength} characters`);
	}

	return prompt;
}

// Counts code points (a Vietnamese letter or an emoji is one character), stopping early so a
// 10 MB line costs no more than it must.
function longerThan(text: string, limit: number): boolean {
	if (text.length <= limit) {
		return false;
	}

	let count = 0;
	for (const _ of text) {
		count++;
		if (count > limit) {
			return true;
		}
	}

	return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// V8's messages end in " in JSON at position N" (" after JSON at position N" for trailing text) or
// quote the whole input; keep just the first clause. JSON.parse throws nothing but SyntaxError.
function jsonReason(error: unknown): string {
	const reason = (error as SyntaxError).message
		.replace(/ (?:in JSON )?at position \d+.*$/s, '')
		.replace(/, ".*" is not valid JSON$/s, '')
		.trim();
	return reason.charAt(0).toLowerCase() + reason.slice(1);
}

function jsonErrorLine(error: unknown, text: string): number | undefined {
	const {message} = error as SyntaxError;
	const position = /at position (\d+)/.exec(message)?.[1];
	if (position !== undefined) {
		return lineOfOffset(text, Number(position));
	}

	return /unexpected end/i.test(message) ? lineOfOffset(text, text.length) : undefined;
}

function lineOfOffset(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
	}

	return line;
}

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
function scanJsonLayout(text: string): JsonLayout {
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

const csvOptions = {bom: true, skip_empty_lines: true, relax_column_count: true} as const;

type CsvParser = typeof import('csv-parse/sync');
let csvParser: CsvParser | undefined;

/**
 * csv-parse, loaded for a CSV scene file only (its ESM build is ten modules, on the way to every
 * run's first line). Its CommonJS build is one file that require() loads synchronously.
 */
function csv(): CsvParser {
	csvParser ??= createRequire(import.meta.url)('csv-parse/sync') as CsvParser;
	return csvParser;
}

function parseCsvScenes(text: string, builder: SceneBuilder, fail: Fail): void {
	let records: string[][];
	let csvError: unknown;
	try {
		records = csv().parse(text, csvOptions);
	} catch (error) {
		csvError = error;
		// The records before a syntax error are still validated first, so the first problem in file
		// order is the one reported. Collecting them costs a second pass, paid only on broken files.
		records = [];
		try {
			csv().parse(text, {
				...csvOptions,
				on_record(record: string[]) {
					records.push(record);
					return null;
				},
			});
		} catch {}
	}

	// csv-parse miscounts lines when a quoted field holds CRLF, so record lines come from our own scan.
	const starts = csvRecordStartLines(text);
	const startLine = (i: number): number => starts[i] ?? starts.at(-1) ?? 1;

	const header = records[0];
	if (header === undefined) {
		if (csvError !== undefined) {
			fail(startLine(0), `invalid CSV (${csvReason(csvError)})`);
		}

		return;
	}

	const columns = csvColumns(header, startLine(0), fail);
	for (let r = 1; r < records.length; r++) {
		const line = startLine(r);
		const cells = records[r] ?? [];
		const fields: Record<string, string> = {};
		let filled = 0;
		for (let c = 0; c < cells.length; c++) {
			const cell = cells[c] ?? '';
			if (cell.trim() === '') {
				continue;
			}

			filled++;
			const column = columns[c];
			if (column === undefined) {
				fail(line, `too many fields (the header has ${columns.length})`);
			}

			if (column === '') {
				fail(line, `value in a column with no header (column ${c + 1})`);
			}

			fields[column] = cell;
		}

		// Spreadsheets like to export trailing rows of bare commas; those are not scenes.
		if (filled === 0) {
			continue;
		}

		const input: SceneInput = {line, prompt: checkPrompt((fields.prompt ?? '').trim(), line, fail)};
		if (fields.id !== undefined) {
			input.id = fields.id.trim();
		}

		builder.add(withOptions(input, fields, true, fail));
	}

	if (csvError !== undefined) {
		fail(startLine(records.length), `invalid CSV (${csvReason(csvError)})`);
	}
}

function csvColumns(header: string[], line: number, fail: Fail): string[] {
	const columns = header.map((name) => name.trim().toLowerCase());
	const seen = new Set<string>();
	for (const column of columns) {
		if (column === '') {
			// Tolerated: a trailing comma on the header row. Values under it are rejected per row.
			continue;
		}

		if (!fieldNames.has(column)) {
			fail(line, `unknown column "${column}"`);
		}

		if (seen.has(column)) {
			fail(line, `duplicate column "${column}"`);
		}

		seen.add(column);
	}

	if (!seen.has('prompt')) {
		fail(line, 'missing "prompt" column');
	}

	return columns;
}

// Just the title of csv-parse's CsvError ("Quote Not Closed: …"): the details carry its own, sometimes
// wrong, line number, and ours is in the prefix.
function csvReason(error: unknown): string {
	return (error as Error).message.replace(/:.*$/s, '');
}

/**
 * The physical line on which each non-empty CSV record starts, as csv-parse splits them. In valid CSV
 * a quote only opens or closes a field or comes doubled inside one, so quote parity alone says whether
 * a line break ends a record or sits inside a quoted field.
 */
function csvRecordStartLines(text: string): number[] {
	const delimiter = csvRecordDelimiter(text);
	// CR-only files (old Mac exports) count lines by CR; everything else by LF.
	const lineBreak = delimiter === '\r' ? 0x0d : 0x0a;
	const starts: number[] = [];
	let line = 1;
	let inQuotes = false;
	let atRecordStart = true;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		const isDelimiter = !inQuotes && text.startsWith(delimiter, i);
		if (atRecordStart) {
			atRecordStart = false;
			// Blank lines are skipped by csv-parse and start no record.
			if (!isDelimiter) {
				starts.push(line);
			}
		}

		if (isDelimiter) {
			line++;
			i += delimiter.length - 1;
			atRecordStart = true;
		} else if (c === 0x22) {
			inQuotes = !inQuotes;
		} else if (c === lineBreak) {
			line++;
		}
	}

	return starts;
}

// Mirrors csv-parse's detection: the first line break outside quotes sets the record delimiter.
function csvRecordDelimiter(text: string): string {
	let inQuotes = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x22) {
			inQuotes = !inQuotes;
		} else if (!inQuotes && c === 0x0a) {
			return '\n';
		} else if (!inQuotes && c === 0x0d) {
			return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
		}
	}

	return '\n';
}

function describeReadError(error: unknown): string {
	const code = (error as {code?: unknown} | undefined)?.code;
	switch (code) {
		case 'ENOENT': {
			return 'no such file';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'is a directory';
		}

		default: {
			return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
		}
	}
}

/**
 * Byte offset of the first malformed UTF-8 sequence (per the WHATWG decoder's rules); the end of the
 * bytes if there is none, which the decoder that just failed says cannot happen.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const lead = bytes[i] ?? 0;
		if (lead < 0x80) {
			i++;
			continue;
		}

		let trail: number;
		if (lead >= 0xc2 && lead <= 0xdf) {
			trail = 1;
		} else if (lead >= 0xe0 && lead <= 0xef) {
			trail = 2;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			trail = 3;
		} else {
			return i;
		}

		// The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
		let lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
		let upper = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
		for (let k = 1; k <= trail; k++) {
			const byte = bytes[i + k];
			if (byte === undefined || byte < lower || byte > upper) {
				return i;
			}

			lower = 0x80;
			upper = 0xbf;
		}

		i += trail + 1;
	}

	return bytes.length;
}

function lineAt(bytes: Uint8Array, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset; i++) {
		if (bytes[i] === 0x0a) {
			line++;
		}
	}

	return line;
}

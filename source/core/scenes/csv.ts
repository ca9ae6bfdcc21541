// The .csv format, with our own record line tracking.
import {createRequire} from 'node:module';
import type {SceneInput} from '../scenes.js';
import {checkPrompt, fieldNames, type SceneBuilder, withOptions} from './builder.js';
import type {Fail} from './errors.js';

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

export function parseCsvScenes(text: string, builder: SceneBuilder, fail: Fail): void {
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

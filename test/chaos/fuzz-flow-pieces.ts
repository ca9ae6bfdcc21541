/**
 * The building blocks of fuzz-flow's answers: what an answer is, and the odd values, pages and
 * entries the kinds draw from. Every URL in here points at the loopback server or at nothing.
 */
import {type Entry, type MediaRef, type Path, type Target, wizData, wizPage} from './fuzz-flow-captures.js';
import {nested, raw} from './fuzz-flow-raw.js';
import type {Rng} from './helpers.js';

export type Answer = {
	status: number;
	contentType: string;
	body: string | Buffer;
	headers?: Record<string, string>;
	/** Send part of the body, then drop the connection. */
	cut?: boolean;
};

export type FuzzCase = {
	target: Target;
	kind: string;
	answer: Answer;
	ref?: MediaRef;
	batchId?: string;
	from: string;
};

export const json = 'application/json; charset=utf-8';
export const html = 'text/html; charset=utf-8';
export const ok = (body: string | Buffer, contentType = json): Answer => ({status: 200, contentType, body});

/** A value of another type than `old` (a record slot read as the wrong thing). */
export function wrongType(r: Rng, old: unknown): unknown {
	const options: unknown[] = ['x', 7, true, [], {}, [[null]], {0: 'a'}, 'http://127.0.0.1:9/video/x'];
	const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
	const others = options.filter((v) => kind(v) !== kind(old));
	return r.pick(others);
}

export const garbage = (r: Rng): Buffer =>
	Buffer.from(Array.from({length: r.int(0, 1500)}, () => r.int(0, 255)));

/**
 * A big page of one unclosed tag or token over and over: a reader that scans it with a backtracking
 * regex takes seconds (the page-reading bug fuzz-flow found), a linear one milliseconds.
 */
export const hugePage = (r: Rng, head = ''): string =>
	head +
	r.pick(['<html ', '<title ', '"SNlM0e"  ', 'PUBLIC_ERROR_', '\\"', 'cookie ', 'SAPISID']).repeat(60_000);

export const htmlPages = [
	'<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 500 (Server Error)!!1</title><p><b>500.</b> That’s an error.',
	'<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body><a href="https://accounts.google.com/ServiceLogin">Sign in</a></body></html>',
	wizPage(JSON.stringify(wizData())),
	`<html><body>)]}'\n[["wrb.fr","nzlxg","[1]"]]</body></html>`,
	'<html><head><title>302 Moved</title></head><body>The document has moved <a href="/about">here</a>.</body></html>',
];

export function randomScalar(r: Rng): unknown {
	return r.pick<unknown>([
		null,
		0,
		-1,
		3,
		16,
		3.5,
		'',
		'x',
		'wrb.fr',
		'er',
		'xsrf',
		'e',
		'di',
		true,
		raw('1e400'),
	]);
}

export function randomJson(r: Rng, depth = 0): unknown {
	if (depth > 4 || r.chance(0.35)) return randomScalar(r);
	if (r.chance(0.85)) return Array.from({length: r.int(0, 5)}, () => randomJson(r, depth + 1));
	return {a: randomJson(r, depth + 1)};
}

/** Every number of a value replaced by `next()` (the captures' ids are strings, so these are counts). */
export function mapNumbers(r: Rng, value: unknown, next: () => unknown): unknown {
	if (typeof value === 'number') return r.chance(0.6) ? next() : value;
	if (Array.isArray(value)) return value.map((item) => mapNumbers(r, item, next));
	return value;
}

/** The records inside a payload (an id at 0, a list at 5), by path. */
export function recordPaths(value: unknown): Path[] {
	const found: Path[] = [];
	const walk = (v: unknown, at: Path) => {
		if (!Array.isArray(v)) return;
		if (typeof v[0] === 'string' && Array.isArray(v[5])) found.push(at);
		for (const [i, item] of v.entries()) walk(item, [...at, i]);
	};
	walk(value, []);
	return found;
}

export const codeSlots = (r: Rng): unknown =>
	r.pick<unknown>([
		[16],
		[7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_MODEL_ACCESS_DENIED']]]],
		[8, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_USER_QUOTA_REACHED']]]],
		[3],
		[13],
		[5],
		['16'],
		[raw('1e400')],
		[-3],
		[3.5],
		[999],
		'7',
		[null],
		[[16]],
		[7, null, [['type.googleapis.com/google.rpc.ErrorInfo', [raw(nested(6000))]]]],
		[8, null, [['type.googleapis.com/google.rpc.ErrorInfo', 'PUBLIC_ERROR_']]],
		{code: 16},
	]);

export const erEntries = (r: Rng): Entry =>
	r.pick<Entry>([
		['er', null, null, null, null, 401, null, null, null, 16],
		['er', null, null, null, null, 500],
		['er', null, null, null, null, 429],
		['er', null, null, null, null, null, 403],
		['er', null, null, null, null, raw('1e400')],
		['er', null, null, null, null, -1],
		['er', null, null, null, null, 0],
		['er', null, null, null, null, 99],
		['er', null, null, null, null, 'NaN'],
		['er', 'PUBLIC_ERROR_HIGH_TRAFFIC'],
		['er'],
		['er', null, null, null, null, 16],
	]);

export const xsrfEntries = (r: Rng): Entry =>
	r.pick<Entry>([
		['xsrf', 'AFfresh:1790240000001'],
		['xsrf', ''],
		['xsrf', '   '],
		['xsrf', 7],
		['xsrf'],
		['xsrf', null],
		['xsrf', ['t']],
		['xsrf', {t: 1}],
		['xsrf', 'x'.repeat(20_000)],
	]);

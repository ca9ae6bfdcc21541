/**
 * The answers fuzz-flow serves: random and broken batchexecute envelopes of every kind issue 16
 * lists, and the captured replies mutated slot by slot. Pure but for its seeded RNG: one seed, one
 * sequence of answers, so a failure replays.
 */

import {type Capture, dataEntry, type Entry, frameChunks, framed, replaceAt} from './fuzz-flow-captures.js';
import {
	type Answer,
	codeSlots,
	erEntries,
	garbage,
	html,
	htmlPages,
	hugePage,
	json,
	mapNumbers,
	ok,
	randomJson,
	recordPaths,
	wrongType,
	xsrfEntries,
} from './fuzz-flow-pieces.js';
import {hugeNumbers, nanStrings, nested, raw, rawJson} from './fuzz-flow-raw.js';
import type {Rng} from './helpers.js';

export type {Answer, FuzzCase} from './fuzz-flow-pieces.js';
export {everySlot, pageKindAnswer, pageKinds, slotCase} from './fuzz-flow-slots.js';

/** One random answer of `kind` for an RPC whose well-formed payload is `base.payload`. */
export function rpcKindAnswer(r: Rng, kind: string, base: Capture): Answer {
	const rpc = base.target;
	const valid = (): Entry => dataEntry(rpc, base.payload);
	switch (kind) {
		case 'garbage':
			return ok(garbage(r), r.pick(['application/octet-stream', json]));
		case 'empty':
			return ok('', r.pick([json, html, 'text/plain']));
		case 'html':
			return {
				status: r.pick([200, 200, 500, 404, 302, 401, 403, 429, 503]),
				contentType: html,
				body: r.pick(htmlPages),
				headers: r.chance(0.5)
					? {
							location: r.pick(['/about', 'https://accounts.google.com/x', '']),
							'retry-after': r.pick(['-1', 'soon', '1e9', '3']),
						}
					: {},
			};
		case 'huge-html':
			return {status: r.pick([200, 500, 502, 404]), contentType: html, body: hugePage(r)};
		case 'echo':
			// The request's own Cookie header sent back (the server fills the marker in): never shown raw.
			return r.pick([
				ok(framed([dataEntry(rpc, ['@@cookie@@', 7])])),
				ok(framed([['er', null, null, null, null, 400, '@@cookie@@']])),
				{status: r.pick([200, 400, 500]), contentType: 'text/plain', body: 'echo: cookie: @@cookie@@'},
			]);
		case 'no-guard':
			return ok(framed([valid()]).slice(r.pick([4, 5, 6])));
		case 'truncated': {
			const text = framed([valid()]);
			return ok(text.slice(0, r.int(1, text.length - 2)));
		}
		case 'lying-lengths': {
			const first = rawJson([valid(), ['di', 5]]);
			const lengths = [
				r.pick(['0', '99999999', '-5', '1e3', 'abc', '', '  7', String(first.length * 3)]),
				'9',
			];
			return ok(frameChunks([first, '[["e",4,null,null,1]]'], lengths));
		}
		case 'wrong-rpc':
			return ok(
				framed([
					dataEntry(
						r
							.pick(['YhhmEf', 'jwpduf', 'as29s', 'nzlxg', 'Zzl0ze', 'jHPbke', 'XXXXXX', '', 'yhhmef'])
							.replace(rpc, 'MZZa6b'),
						base.payload,
					),
				]),
			);
		case 'nested-nulls': {
			const entry = r.pick<Entry>([
				dataEntry(
					rpc,
					r.pick<unknown>([
						null,
						[],
						[null],
						[null, [null, [null]]],
						[[null], [null]],
						[null, null, [null, null, [[null]]]],
						[null, null, null, [[null, null, null, null, null, [null]]]],
					]),
				),
				['wrb.fr', rpc, null, null, null, null],
				['wrb.fr', rpc],
				['wrb.fr', null, null],
				[null, null],
			]);
			return ok(framed([entry]));
		}
		case 'wrong-types': {
			const records = recordPaths(base.payload);
			const at = records.length > 0 ? r.pick(records) : [];
			const path = [...at, r.int(0, 9)];
			return ok(
				framed([
					dataEntry(
						rpc,
						replaceAt(base.payload, path, (old) => wrongType(r, old)),
					),
				]),
			);
		}
		case 'giant-numbers':
			return ok(
				framed([
					dataEntry(
						rpc,
						mapNumbers(r, base.payload, () => raw(r.pick(hugeNumbers))),
					),
				]),
			);
		case 'nan-strings':
			return ok(
				framed([
					dataEntry(
						rpc,
						mapNumbers(r, base.payload, () => r.pick(nanStrings.slice(0, -1))),
					),
				]),
			);
		case 'dup-reorder': {
			const entries = r.pick<Entry[]>([
				[valid(), valid()],
				[dataEntry(rpc, [null]), valid()],
				[valid(), dataEntry(rpc, [null])],
				[['di', 5], ['af.httprm', 1, '-1', 2], valid()],
			]);
			const first = rawJson(entries);
			const trailer = '[["e",4,null,null,1]]';
			const chunks = r.pick([
				[trailer, first],
				[first, first, trailer],
				[first, trailer, trailer],
				entries.map((e) => rawJson([e])),
			]);
			return ok(frameChunks(chunks));
		}
		case 'er':
			return ok(
				framed(
					r.pick([
						[erEntries(r)],
						[erEntries(r), valid()],
						[valid(), erEntries(r)],
						[['wrb.fr', rpc, null, null, null, null], erEntries(r)],
						[[erEntries(r)] as unknown as Entry],
					]),
				),
			);
		case 'xsrf':
			return ok(
				framed(
					r.pick([
						[xsrfEntries(r)],
						[xsrfEntries(r), valid()],
						[valid(), xsrfEntries(r)],
						[erEntries(r), xsrfEntries(r)],
					]),
				),
			);
		case 'error-slot':
			return ok(
				framed([['wrb.fr', rpc, r.pick([null, 'null', undefined]), null, null, codeSlots(r), 'generic']]),
			);
		case 'payload-type':
			return ok(
				framed([
					[
						'wrb.fr',
						rpc,
						r.pick<unknown>([
							'{',
							'undefined',
							'NaN',
							")]}'",
							'',
							7,
							{},
							true,
							['a'],
							raw(nested(6000, '"x"')),
							'"just a string"',
							'1e400',
						]),
					],
				]),
			);
		case 'random-json':
			return ok(`)]}'\n\n${rawJson(randomJson(r))}`);
		case 'bom-crlf':
			return ok(`\uFEFF${framed([valid()]).replace(/\n/g, r.pick(['\r\n', '\n\t', '\n\n ']))}`);
		case 'cut': {
			const text = framed([valid()]);
			return {...ok(text.slice(0, r.int(0, text.length - 1))), cut: true};
		}
		default:
			return ok(framed([valid()]));
	}
}

export const rpcKinds = [
	'garbage',
	'empty',
	'html',
	'no-guard',
	'truncated',
	'lying-lengths',
	'wrong-rpc',
	'nested-nulls',
	'wrong-types',
	'giant-numbers',
	'nan-strings',
	'dup-reorder',
	'er',
	'xsrf',
	'error-slot',
	'payload-type',
	'random-json',
	'bom-crlf',
	'huge-html',
	'echo',
	'cut',
	'capture',
] as const;

/**
 * The comparison of the wire-shapes-*.test.ts files: one side (the simulator's, or flowdeck's) next to
 * a capture of the same RPC in the same state. What may differ is listed in `erased` and `allowed`,
 * each with its reason; the values that are the protocol itself are listed in `pinned`.
 */

import {recordAt, type Side} from './captures.js';
import {
	at,
	chunksOf,
	diffShapes,
	idPlaces,
	type Path,
	type ShapeDiff,
	shapeOf,
	showPath,
	startsWith,
} from './shape.js';

// ---------------------------------------------------------------------------------------------------
// What may differ, what may not
// ---------------------------------------------------------------------------------------------------

/** Differences shapeOf erases by construction, so they never show up as a diff. */
export const erased = [
	{
		what: 'string contents',
		why: 'ids, prompts, titles, URLs and masks are data, not shape (the captures mask them anyway)',
	},
	{
		what: 'number values',
		why: 'balances, timestamps, sizes and timings are data; the few that are protocol are pinned below',
	},
];

type Allowance = {
	what: string;
	why: string;
	/** Whether it applies to this pair (ours, the capture). */
	applies: (ours: Side, capture: Side) => boolean;
	/** Relative to the record. */
	path: Path;
	ours: string;
	capture: string;
	/** Not every answer has it (the simulator adds it to some running records only). */
	optional?: boolean;
};

/** The only differences of skeleton allowed; each must show up wherever it applies (unless optional). */
export const allowed: Allowance[] = [
	{
		what: 'record slot 3',
		why: 'every capture predates early October 2026 and has "CAE"; the service has sent null since, and so does the simulator. Nothing reads it',
		applies: () => true,
		path: [3],
		ours: 'null',
		capture: 'string',
	},
	{
		what: 'the model entry of a reference-to-video record',
		why: 'r2v records carry [5] beside the model key where t2v records have null (see the t2v submits); the simulator makes t2v only',
		applies: (ours, capture) => capture.kind === 'r2v' && ours.kind === 't2v',
		path: [5, 6, 1, 0, 2],
		ours: 'null',
		capture: '["number"]',
	},
	{
		what: 'the reference list of a reference-to-video record',
		why: 'r2v records list their reference image at DETAILS[6][1][1]; t2v records have no such slot',
		applies: (ours, capture) => capture.kind === 'r2v' && ours.kind === 't2v',
		path: [5, 6, 1, 1],
		ours: 'missing',
		capture: '[["null","number","string"]]',
	},
	{
		what: 'the "Media not found." complaint of a running record (slot 10)',
		why: 'cited, not captured: crisng95/flowkit (agent/services/flow_batch.py) saw it beside running jobs that still finished; the simulator sends it now and then',
		applies: (_ours, capture) => capture.state === 'running',
		path: [5, 10],
		ours: 'null',
		capture: 'missing',
		optional: true,
	},
	{
		what: 'the "Media not found." complaint of a running record (slot 11)',
		why: 'the second half of the same complaint: [4, [null, "Media not found."], ["Media not found."]]',
		applies: (_ours, capture) => capture.state === 'running',
		path: [5, 11],
		ours: '["number",["null","string"],["string"]]',
		capture: 'missing',
		optional: true,
	},
];

/** Values that are the protocol itself: equal to the capture's, whatever `erased` says. */
const pinned: Array<{
	what: string;
	rpcid: string;
	side: 'request' | 'reply';
	path: (side: Side) => Path | undefined;
}> = [
	{what: 'trace mark (2 since 2026-09-24)', rpcid: 'YhhmEf', side: 'request', path: () => [2, 1]},
	{what: 'surface id 22 in the context', rpcid: 'YhhmEf', side: 'request', path: () => [1, 1]},
	{what: 'the 1 of the [token, 1] pair', rpcid: 'YhhmEf', side: 'request', path: () => [1, 10, 1]},
	{what: 'status code 6/2/3', rpcid: '*', side: 'reply', path: (s) => recordPath(s, [5, 8, 0])},
	{what: 'nzlxg tier (2, the only one captured)', rpcid: 'nzlxg', side: 'reply', path: () => [3]},
];

export const recordPath = (side: Side, inRecord: Path): Path | undefined => {
	const base = recordAt[side.rpcid];
	return base === undefined ? undefined : [...base, ...inRecord];
};

/** Why ours and the capture differ where they may not; empty when they agree. */
export function replyProblems(ours: Side, capture: Side): string[] {
	const problems: string[] = [];
	const where = `${ours.rpcid} ${ours.state} vs ${capture.name}`;
	const seen = new Set<Allowance>();
	const fits = (diff: ShapeDiff) =>
		allowed.find((allowance) => {
			const path = recordPath(ours, allowance.path);
			return (
				path !== undefined &&
				allowance.applies(ours, capture) &&
				showPath(diff.path) === showPath(path) &&
				diff.ours === allowance.ours &&
				diff.capture === allowance.capture
			);
		});
	for (const diff of diffShapes(shapeOf(ours.reply), shapeOf(capture.reply))) {
		const allowance = fits(diff);
		if (allowance) seen.add(allowance);
		else
			problems.push(
				`${where}: at ${showPath(diff.path)} ours is ${diff.ours}, the capture's ${diff.capture}`,
			);
	}
	for (const allowance of allowed) {
		const path = recordPath(ours, allowance.path);
		if (path === undefined || !allowance.applies(ours, capture) || allowance.optional || seen.has(allowance))
			continue;
		problems.push(`${where}: "${allowance.what}" no longer differs: drop it from the allowed list`);
	}
	const slot3 = recordPath(ours, [3]);
	if (slot3 !== undefined && at(ours.reply, slot3) !== null) {
		problems.push(`${where}: record slot 3 is ${JSON.stringify(at(ours.reply, slot3))}, not null`);
	}
	problems.push(...pinnedProblems(ours, capture, 'reply'));
	// The framing around the payload: wrb.fr entry, di, af.httprm, then the e chunk.
	const frame = (side: Side) => chunksOf(side.replyText);
	for (const diff of diffShapes(shapeOf(frame(ours)), shapeOf(frame(capture)))) {
		problems.push(
			`${where}: the framing differs at ${showPath(diff.path)}: ours ${diff.ours}, capture ${diff.capture}`,
		);
	}
	const names = (side: Side) => frame(side).map((chunk) => chunk.map((entry) => entry[0]));
	const data = (side: Side) => frame(side)[0]?.[0];
	if (JSON.stringify(names(ours)) !== JSON.stringify(names(capture)))
		problems.push(`${where}: entries differ`);
	if (data(ours)?.[1] !== ours.rpcid || data(ours)?.[6] !== data(capture)?.[6]) {
		problems.push(`${where}: the wrb.fr entry does not name the rpc and "generic"`);
	}
	return problems;
}

export function requestProblems(ours: Side, capture: Side): string[] {
	const where = `${ours.rpcid} request vs ${capture.name}`;
	const problems = diffShapes(shapeOf(ours.request), shapeOf(capture.request)).map(
		(diff) => `${where}: at ${showPath(diff.path)} ours is ${diff.ours}, the capture's ${diff.capture}`,
	);
	problems.push(...pinnedProblems(ours, capture, 'request'));
	const envelope = (side: Side) => shapeOf(JSON.parse(side.freq));
	if (JSON.stringify(envelope(ours)) !== JSON.stringify(envelope(capture)))
		problems.push(`${where}: f.req envelope`);
	if (JSON.parse(ours.freq)[0][0][3] !== 'generic')
		problems.push(`${where}: f.req does not end in "generic"`);
	if (ours.query.join('&') !== capture.query.join('&')) {
		problems.push(`${where}: query ${ours.query.join('&')}, captured ${capture.query.join('&')}`);
	}
	return problems;
}

function pinnedProblems(ours: Side, capture: Side, side: 'request' | 'reply'): string[] {
	const problems: string[] = [];
	for (const pin of pinned) {
		if (pin.side !== side || (pin.rpcid !== '*' && pin.rpcid !== ours.rpcid)) continue;
		const path = pin.path(ours);
		if (path === undefined) continue;
		const mine = at(ours[side === 'request' ? 'request' : 'reply'], path);
		const theirs = at(capture[side === 'request' ? 'request' : 'reply'], path);
		if (mine !== theirs) {
			problems.push(
				`${ours.rpcid} vs ${capture.name}: ${pin.what} at ${showPath(path)} is ${mine}, captured ${theirs}`,
			);
		}
	}
	return problems;
}

/** Where the ids sit across a conversation, ours with real UUIDs, the capture's with masks. */
export const placesOf = (sides: Side[], ids: RegExp, skip?: (name: string, path: Path) => boolean) =>
	idPlaces(
		sides.flatMap((side) => [
			[`${side.rpcid}.request`, side.request] as const,
			[`${side.rpcid}.reply`, side.reply] as const,
		]),
		ids,
		skip,
	);

/** The reference image of an r2v record: an id t2v records do not have (allowed above). */
export const r2vReference = (name: string, path: Path) =>
	name === 'jwpduf.reply' && startsWith(path, [...(recordAt.jwpduf ?? []), 5, 6, 1, 1]);

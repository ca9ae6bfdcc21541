/**
 * The simulator's answers and flowdeck's requests, held next to the real captures of the same RPC in
 * the same state (test/fixtures/wire/flow). A FlowTransport talks to the simulator through a
 * recorder; the simulator's clock is driven by hand, so nothing here waits or depends on timing.
 *
 * What must match: the skeleton (nesting, each slot's type, each slot's position), where each id sits
 * across a conversation (so a swap of two id slots shows), and the few values that are the protocol
 * itself (listed in `pinned`). What may differ is listed in `erased` and `allowed`, each with its reason.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Simulator, startSimulator} from '../../source/labs/simulator/index.js';
import type {FlowTransport} from '../../source/labs/transport/flow.js';
import {readRpcOutcome} from '../../source/labs/transport/flow-batchexecute.js';
import {googleCookiesOf} from './flow-harness.js';
import {
	at,
	capturedCalls,
	chunksOf,
	decodedForm,
	diffShapes,
	flowTransportAt,
	idPlaces,
	innerOf,
	maskedId,
	type Path,
	passTo,
	type Recorder,
	realId,
	rpcCallsIn,
	type ShapeDiff,
	shapeOf,
	showPath,
	startRecorder,
	startsWith,
} from './wire-shape.js';

// ---------------------------------------------------------------------------------------------------
// The captures, by RPC and state
// ---------------------------------------------------------------------------------------------------

type State = 'credits' | 'submitted' | 'running' | 'done';
/** t2v: text to video; r2v: reference to video (the record carries the reference image). */
type Kind = 't2v' | 'r2v' | 'none';

type Side = {
	/** Where it comes from, for messages. */
	name: string;
	rpcid: string;
	state: State;
	kind: Kind;
	request: unknown;
	freq: string;
	query: string[];
	reply: unknown;
	replyText: string;
};

const day1 = '2026-09-24_video-rpcs.masked.jsonl';
const day2 = '2026-09-25_video-rpcs.masked.jsonl';

function captured(jsonl: string, line: number, state: State, kind: Kind): Side {
	const call = capturedCalls(jsonl)[line]!;
	const {freq} = decodedForm(call.reqBody);
	const outcome = readRpcOutcome(call.respBody, call.rpcid);
	if (outcome.kind !== 'payload') throw new Error(`${jsonl} #${line} is not a payload`);
	return {
		name: `${jsonl} #${line}`,
		rpcid: call.rpcid,
		state,
		kind,
		request: innerOf(freq).payload,
		freq,
		query: (call.url.split('?')[1] ?? '').split('&').map((pair) => pair.split('=')[0]!),
		reply: outcome.payload,
		replyText: call.respBody,
	};
}

/** Every capture of the RPCs flowdeck speaks, by state (the r2v MZZa6b submits have no counterpart here). */
const captures = {
	credits: [captured(day1, 3, 'credits', 'none')],
	submitted: [captured(day1, 0, 'submitted', 't2v'), captured(day2, 4, 'submitted', 't2v')],
	// The only running poll captured is of an Omni reference-to-video job.
	running: [captured(day2, 1, 'running', 'r2v')],
	done: [
		captured(day1, 1, 'done', 't2v'),
		captured(day2, 2, 'done', 'r2v'),
		captured(day2, 6, 'done', 'r2v'),
	],
	mediaUrl: [captured(day1, 2, 'done', 't2v'), captured(day2, 3, 'done', 'r2v')],
};

/**
 * Where the (first) media record sits in each answer, as captured: the generate answer lists its
 * records at [3] and a poll at [2], one level deep both (`[null, n, [heading], [record]]`,
 * `[null, n, [record]]`); as29s is the record.
 */
const recordAt: Record<string, Path | undefined> = {
	YhhmEf: [3, 0],
	jwpduf: [2, 0],
	as29s: [],
	nzlxg: undefined,
};

// ---------------------------------------------------------------------------------------------------
// What may differ, what may not
// ---------------------------------------------------------------------------------------------------

/** Differences shapeOf erases by construction, so they never show up as a diff. */
const erased = [
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
const allowed: Allowance[] = [
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

const recordPath = (side: Side, inRecord: Path): Path | undefined => {
	const base = recordAt[side.rpcid];
	return base === undefined ? undefined : [...base, ...inRecord];
};

/** Why ours and the capture differ where they may not; empty when they agree. */
function replyProblems(ours: Side, capture: Side): string[] {
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

function requestProblems(ours: Side, capture: Side): string[] {
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
const placesOf = (sides: Side[], ids: RegExp, skip?: (name: string, path: Path) => boolean) =>
	idPlaces(
		sides.flatMap((side) => [
			[`${side.rpcid}.request`, side.request] as const,
			[`${side.rpcid}.reply`, side.reply] as const,
		]),
		ids,
		skip,
	);

/** The reference image of an r2v record: an id t2v records do not have (allowed above). */
const r2vReference = (name: string, path: Path) =>
	name === 'jwpduf.reply' && startsWith(path, [...(recordAt.jwpduf ?? []), 5, 6, 1, 1]);

// ---------------------------------------------------------------------------------------------------
// One conversation with the simulator: credits, generate, status running and done, media URL
// ---------------------------------------------------------------------------------------------------

let sim: Simulator;
let recorder: Recorder;
let transport: FlowTransport;
const readFailures: string[] = [];
const statesRead: Array<string | undefined> = [];
const ours = {} as Record<'credits' | 'submitted' | 'running' | 'done' | 'mediaUrl', Side>;

beforeAll(async () => {
	let clock = Date.UTC(2026, 9, 20, 12, 0, 0);
	sim = await startSimulator({
		accounts: [{name: 'acc1', cookie: 'labs-one', googleCookies: googleCookiesOf('one'), migrated: true}],
		generationMs: 100_000,
		now: () => clock,
	});
	recorder = await startRecorder(passTo(sim.flowUrl));
	transport = flowTransportAt(recorder.url, googleCookiesOf('one'));
	await transport.credits();
	const projectId = await transport.createProject('wire shapes');
	const submitted = await transport.generate({
		request: {
			prompt: 'The king raises his hand and smiles',
			model: 'veo_3_1_t2v_fast_portrait',
			aspect: '9:16',
			copies: 1,
		},
		projectId,
		tier: 'PAYGATE_TIER_ONE',
		captchaToken: sim.mintCaptchaToken('acc1'),
	});
	// flowdeck's own reading of each answer is kept, not asserted here: a simulator answer flowdeck
	// cannot read must still reach the comparisons below.
	const read = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
		try {
			return await call();
		} catch (error) {
			readFailures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
	};
	const ref = submitted.media[0]!;
	clock += 50_000; // past the first tenth of generationMs: running
	statesRead.push((await read('running poll', () => transport.status([ref])))?.media[0]?.state);
	clock += 50_000; // the whole generationMs: done
	statesRead.push((await read('done poll', () => transport.status([ref])))?.media[0]?.state);
	await read('media URL', () => transport.resolveMediaUrl(ref));
	const calls = rpcCallsIn(recorder.seen);
	expect(calls.map((c) => c.rpcid)).toEqual(['nzlxg', 'jHPbke', 'YhhmEf', 'jwpduf', 'jwpduf', 'as29s']);
	const side = (i: number, state: State): Side => {
		const c = calls[i]!;
		// An answer that is no payload (a refusal) is kept as what it is, for the comparison to show.
		let reply: unknown;
		try {
			const outcome = readRpcOutcome(c.reply ?? '', c.rpcid);
			reply = outcome.kind === 'payload' ? outcome.payload : {notAPayload: outcome.kind};
		} catch (error) {
			reply = {notAPayload: error instanceof Error ? error.message : String(error)};
		}
		return {
			name: `simulator ${c.rpcid}`,
			rpcid: c.rpcid,
			state,
			kind: c.rpcid === 'nzlxg' ? 'none' : 't2v',
			request: c.payload,
			freq: c.freq,
			query: c.query.map(([name]) => name),
			reply,
			replyText: c.reply ?? '',
		};
	};
	// jHPbke (create project) has no capture: it is left out.
	Object.assign(ours, {
		credits: side(0, 'credits'),
		submitted: side(2, 'submitted'),
		running: side(3, 'running'),
		done: side(4, 'done'),
		mediaUrl: side(5, 'done'),
	});
});

afterAll(async () => {
	await transport?.close();
	await recorder?.close();
	await sim?.close();
});

describe('shapeOf', () => {
	it('keeps nesting, types and positions; drops string contents and number values', () => {
		expect(shapeOf([null, 1040, [['a', [1, 2]], true]])).toEqual([
			'null',
			'number',
			[['string', ['number', 'number']], 'boolean'],
		]);
		expect(shapeOf(['x', 1])).toEqual(shapeOf(['y', 2]));
		expect(shapeOf(['x', 1])).not.toEqual(shapeOf([1, 'x']));
		expect(shapeOf([[1]])).not.toEqual(shapeOf([1]));
		expect(diffShapes(shapeOf([1, 'a', null]), shapeOf([1, null]))).toEqual([
			{path: [1], ours: 'string', capture: 'null'},
			{path: [2], ours: 'null', capture: 'missing'},
		]);
		expect(erased.map((e) => e.what)).toEqual(['string contents', 'number values']);
	});
});

describe('the simulator and flowdeck next to the captures', () => {
	it('the driven clock takes the job from submitted to running to done, and flowdeck reads each answer', () => {
		expect(ours.submitted.rpcid).toBe('YhhmEf');
		expect(readFailures).toEqual([]);
		expect(statesRead).toEqual(['active', 'succeeded']);
	});

	const cases: Array<[keyof typeof captures, string]> = [
		['credits', 'nzlxg'],
		['submitted', 'YhhmEf, status [6]'],
		['running', 'jwpduf, status [2]'],
		['done', 'jwpduf, status [3]'],
		['mediaUrl', 'as29s, done, with URLs'],
	];

	it.each(cases)('%s (%s): answer and request have the captured skeleton', (state) => {
		const mine = ours[state];
		for (const capture of captures[state]) {
			expect(capture.rpcid).toBe(mine.rpcid);
			expect(replyProblems(mine, capture)).toEqual([]);
			expect(requestProblems(mine, capture)).toEqual([]);
		}
	});

	it('record slot 3 is null in every simulator answer, "CAE" in every capture', () => {
		for (const state of ['submitted', 'running', 'done', 'mediaUrl'] as const) {
			const path = recordPath(ours[state], [3])!;
			expect(at(ours[state].reply, path)).toBeNull();
			for (const capture of captures[state]) expect(at(capture.reply, path)).toBe('CAE');
		}
	});

	it('the ids sit where the 2026-09-24 t2v run has them: submit, done poll, media URL', () => {
		const theirs = [captures.submitted[0]!, captures.done[0]!, captures.mediaUrl[0]!];
		const mine = [ours.submitted, ours.done, ours.mediaUrl];
		expect(placesOf(mine, realId)).toEqual(placesOf(theirs, maskedId));
	});

	it('the ids sit where the 2026-09-25 Veo t2v submit and the running poll have them', () => {
		expect(placesOf([ours.submitted], realId)).toEqual(placesOf([captures.submitted[1]!], maskedId));
		expect(placesOf([ours.running], realId)).toEqual(
			placesOf([captures.running[0]!], maskedId, r2vReference),
		);
	});

	it('the allowed list is explicit and every entry says why', () => {
		for (const allowance of allowed) expect(allowance.why.length).toBeGreaterThan(10);
		expect(allowed.map((a) => `${a.what} ${showPath(a.path)}`)).toEqual([
			'record slot 3 [3]',
			'the model entry of a reference-to-video record [5][6][1][0][2]',
			'the reference list of a reference-to-video record [5][6][1][1]',
			'the "Media not found." complaint of a running record (slot 10) [5][10]',
			'the "Media not found." complaint of a running record (slot 11) [5][11]',
		]);
	});
});

describe('the comparison fails on the mistakes it is there for', () => {
	const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

	/**
	 * A capture as today's service would send it (slot 3 null): what a correct simulator answer looks
	 * like. The mistakes below are made to a copy of it, so these tests do not depend on the simulator.
	 */
	function today(capture: Side): Side {
		const side = {...copy(capture), name: `today's ${capture.name}`};
		const path = recordPath(side, [3]);
		if (path === undefined) return side;
		const record = (path.length === 0 ? side.reply : at(side.reply, path.slice(0, -1))) as unknown[];
		record[path.at(-1)!] = null;
		return side;
	}

	it('a correct answer passes', () => {
		for (const capture of Object.values(captures).flat()) {
			expect(replyProblems(today(capture), capture)).toEqual([]);
			expect(requestProblems(today(capture), capture)).toEqual([]);
		}
	});

	it('media and workflow ids swapped in the record (the old slot-2 reading)', () => {
		const capture = captures.submitted[1]!;
		const swapped = today(capture);
		const record = at(swapped.reply, recordAt.YhhmEf!) as unknown[];
		[record[0], record[2]] = [record[2], record[0]];
		// Both are strings: the skeleton alone cannot see it; where the ids sit can.
		expect(replyProblems(swapped, capture)).toEqual([]);
		expect(placesOf([today(capture)], maskedId)).toEqual(placesOf([capture], maskedId));
		expect(placesOf([swapped], maskedId)).not.toEqual(placesOf([capture], maskedId));
	});

	it('each generate record wrapped in a list of its own ([[record], …])', () => {
		const capture = captures.submitted[1]!;
		const wrapped = today(capture);
		(wrapped.reply as unknown[])[3] = ((wrapped.reply as unknown[])[3] as unknown[]).map((record) => [
			record,
		]);
		expect(replyProblems(wrapped, capture)).toContain(
			`YhhmEf submitted vs ${capture.name}: at [3][0][1] ours is missing, the capture's string`,
		);
	});

	it('the trace mark back to 1', () => {
		const capture = captures.submitted[1]!;
		const old = today(capture);
		(old.request as unknown[][])[2]![1] = 1;
		expect(requestProblems(old, capture)).toEqual([
			`YhhmEf vs ${capture.name}: trace mark (2 since 2026-09-24) at [2][1] is 1, captured 2`,
		]);
	});

	it('a poll answer as the bare record list (the old [[records]]), a missing byte size, a string status', () => {
		const capture = captures.done[0]!;
		const bare = today(capture);
		bare.reply = [(bare.reply as unknown[])[2]];
		expect(replyProblems(bare, capture).length).toBeGreaterThan(0);
		const short = today(capture);
		(at(short.reply, [2, 0, 5]) as unknown[]).splice(13, 1);
		expect(replyProblems(short, capture)).toEqual([
			`jwpduf done vs ${capture.name}: at [2][0][5][13] ours is missing, the capture's number`,
		]);
		const named = today(capture);
		(at(named.reply, [2, 0, 5]) as unknown[])[8] = ['DONE'];
		expect(replyProblems(named, capture)).toContain(
			`jwpduf done vs ${capture.name}: at [2][0][5][8][0] ours is string, the capture's number`,
		);
	});

	it('a record slot 3 other than null (an allowance that no longer holds is reported too)', () => {
		const capture = captures.mediaUrl[0]!;
		const cae = {...today(capture), reply: copy(capture.reply)};
		expect(replyProblems(cae, capture)).toEqual([
			`as29s done vs ${capture.name}: "record slot 3" no longer differs: drop it from the allowed list`,
			`as29s done vs ${capture.name}: record slot 3 is "CAE", not null`,
		]);
	});

	it('the framing: a missing di entry', () => {
		const capture = captures.credits[0]!;
		expect(replyProblems(today(capture), capture)).toEqual([]);
		const framed = {...today(capture), replyText: capture.replyText.replace(/,\["di",\d+\]/, '')};
		expect(replyProblems(framed, capture)).toContain(`nzlxg credits vs ${capture.name}: entries differ`);
	});
});

/**
 * The real flow.google.com exchanges (test/fixtures/wire/flow, provenance in SOURCES.md there), read
 * and rebuilt by flowdeck's own code. Every expected value below is copied from the capture by eye:
 * if flowdeck reads a capture differently from a person, a test here fails. The project-contents
 * capture (Zzl0ze) has its own test.
 */
import {readdirSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {
	buildRpcBody,
	buildRpcUrl,
	formContentType,
	parseEnvelope,
	readRpcOutcome,
} from '../../source/labs/transport/flow-batchexecute.js';
import {
	buildCreditsPayload,
	buildGeneratePayload,
	buildMediaUrlPayload,
	buildStatusPayload,
	flowRpc,
	parseCreditsPayload,
	parseGeneratePayload,
	parseMediaUrlPayload,
	parseStatusPayload,
} from '../../source/labs/transport/flow-payloads.js';
import {findRecords, readHeadings, readRecord} from '../../source/labs/transport/flow-record.js';
import type {Aspect} from '../../source/labs/types.js';
import {googleCookiesOf} from './flow-harness.js';
import {
	type CapturedCall,
	capturedCalls,
	chunkLines,
	decodedForm,
	flowTransportAt,
	innerOf,
	type Recorder,
	rpcCallsIn,
	startRecorder,
	wireFile,
} from './wire-shape.js';

const day1 = '2026-09-24_video-rpcs.masked.jsonl';
const day2 = '2026-09-25_video-rpcs.masked.jsonl';

/**
 * Every captured call, and the stand-alone files extracted from it (`<base>.response.txt`,
 * `<base>.request-body.decoded.txt`). `line` is the index in the jsonl file, from 0 (SOURCES.md counts from 1).
 */
const captures: Array<{jsonl: string; line: number; rpcid: string; step?: string; base?: string}> = [
	{jsonl: day1, line: 0, rpcid: 'YhhmEf', base: '2026-09-24_YhhmEf_abra_t2v_6s'},
	{jsonl: day1, line: 1, rpcid: 'jwpduf', base: '2026-09-24_jwpduf_done'},
	{jsonl: day1, line: 2, rpcid: 'as29s', base: '2026-09-24_as29s_done_with-urls'},
	{jsonl: day1, line: 3, rpcid: 'nzlxg', base: '2026-09-24_nzlxg_credits'},
	{jsonl: day2, line: 0, rpcid: 'MZZa6b', step: 'h1-omni-r2v-submit'},
	{jsonl: day2, line: 1, rpcid: 'jwpduf', step: 'h1-omni-r2v-poll-first', base: '2026-09-25_jwpduf_running'},
	{jsonl: day2, line: 2, rpcid: 'jwpduf', step: 'h1-omni-r2v-poll-last'},
	{jsonl: day2, line: 3, rpcid: 'as29s', step: 'h1-omni-r2v-media'},
	{
		jsonl: day2,
		line: 4,
		rpcid: 'YhhmEf',
		step: 'h2a-veo-t2v-control-no-ref',
		base: '2026-09-25_YhhmEf_veo_3_1_t2v_fast_portrait',
	},
	{
		jsonl: day2,
		line: 5,
		rpcid: 'MZZa6b',
		step: 'h2b-veo-r2v-submit',
		base: '2026-09-25_MZZa6b_veo_3_1_r2v_fast_portrait',
	},
	{
		jsonl: day2,
		line: 6,
		rpcid: 'jwpduf',
		step: 'h2b-veo-r2v-poll-last',
		base: '2026-09-25_jwpduf_done_veo_r2v',
	},
];

const call = (jsonl: string, line: number): CapturedCall => {
	const found = capturedCalls(jsonl)[line];
	if (!found) throw new Error(`${jsonl} has no line ${line}`);
	return found;
};

/** The decoded inner payload of a captured answer, read as flowdeck reads it. */
function payloadOf(text: string, rpcid: string): unknown {
	const outcome = readRpcOutcome(text, rpcid);
	if (outcome.kind !== 'payload') throw new Error(`${rpcid}: ${outcome.kind}`);
	return outcome.payload;
}

/** Every text of one captured answer: the jsonl's respBody and, when one was extracted, the .response.txt. */
const replyTexts = (jsonl: string, line: number): string[] => {
	const entry = captures.find((c) => c.jsonl === jsonl && c.line === line);
	const texts = [call(jsonl, line).respBody];
	if (entry?.base) texts.push(wireFile(`${entry.base}.response.txt`));
	return texts;
};

const project = '<uuid#1>';

/** `2026-09-24 #0` for test names. */
const labelled = <T extends {jsonl: string; line: number}>(rows: T[]): Array<T & {from: string}> =>
	rows.map((row) => ({...row, from: `${row.jsonl.slice(0, 10)} #${row.line}`}));

describe('the capture files', () => {
	it('are all accounted for: each .txt is the verbatim reqBody / respBody of one jsonl line', () => {
		const names = readdirSync(new URL('../fixtures/wire/flow/', import.meta.url)).sort();
		const expected = new Set(['SOURCES.md', 'Zzl0ze_project-contents.excerpt.json', day1, day2]);
		for (const c of captures) {
			if (c.base) expected.add(`${c.base}.response.txt`).add(`${c.base}.request-body.decoded.txt`);
		}
		expect(names).toEqual([...expected].sort());
		expect(capturedCalls(day1)).toHaveLength(4);
		expect(capturedCalls(day2)).toHaveLength(7);
		for (const c of captures) {
			const captured = call(c.jsonl, c.line);
			expect(captured.rpcid).toBe(c.rpcid);
			expect(captured.step).toBe(c.step);
			expect(captured.status).toBe(200);
			if (!c.base) continue;
			expect(wireFile(`${c.base}.response.txt`)).toBe(captured.respBody);
			expect(wireFile(`${c.base}.request-body.decoded.txt`)).toBe(captured.reqBody);
		}
	});
});

describe('captured replies, read by readRpcOutcome and the parse functions', () => {
	const submits = [
		{
			jsonl: day1,
			line: 0,
			rpcid: 'YhhmEf',
			balance: 1040,
			media: '<uuid#11>',
			workflow: '<uuid#10>',
			batch: '<uuid#9>',
			title: '왕이 궁전 내부를 산책하는 영상',
			model: 'abra_t2v_6s',
		},
		{
			jsonl: day2,
			line: 0,
			rpcid: 'MZZa6b',
			balance: 904,
			media: '<uuid#30>',
			workflow: '<uuid#29>',
			batch: '<uuid#28>',
			title: 'King walks toward camera',
			model: 'abra_r2v_4s',
		},
		{
			jsonl: day2,
			line: 4,
			rpcid: 'YhhmEf',
			balance: 884,
			media: '<uuid#35>',
			workflow: '<uuid#34>',
			batch: '<uuid#33>',
			title: 'King raises hand and smiles',
			model: 'veo_3_1_t2v_fast_portrait',
		},
		{
			jsonl: day2,
			line: 5,
			rpcid: 'MZZa6b',
			balance: 864,
			media: '<uuid#40>',
			workflow: '<uuid#39>',
			batch: '<uuid#38>',
			title: 'King raises hand and smiles',
			model: 'veo_3_1_r2v_fast_portrait',
		},
	];

	it.each(labelled(submits))(
		'$rpcid ($from): media $media at record slot 0, workflow $workflow first in the heading, balance $balance',
		({jsonl, line, rpcid, balance, media, workflow, batch, title, model}) => {
			for (const text of replyTexts(jsonl, line)) {
				const payload = payloadOf(text, rpcid) as unknown[];
				// `[null, balance, [heading], [record]]`: the records sit one level deep at [3], as in a poll.
				expect(payload).toHaveLength(4);
				expect(payload[0]).toBeNull();
				expect((payload[3] as unknown[][])[0]![0]).toBe(media);
				expect(parseGeneratePayload(payload, 'not-this-one')).toEqual({
					media: [{name: media, projectId: project}],
					remainingCredits: balance,
				});
				expect(readHeadings(payload[2])).toEqual([
					{workflowId: workflow, mediaId: media, batchId: batch, projectId: project, title},
				]);
				const records = findRecords(payload[3]);
				expect(records).toHaveLength(1);
				expect(readRecord(records[0]!)).toEqual({
					mediaId: media,
					projectId: project,
					workflowId: workflow,
					statusCode: 6,
					state: 'pending',
					modelKey: model,
				});
				// Captured before early October 2026: slot 3 is still "CAE" (nothing reads it).
				expect(records[0]![3]).toBe('CAE');
			}
			// The batch id in the heading is the one the request sent in its trace slot, marked 2.
			const request = innerOf(decodedForm(call(jsonl, line).reqBody).freq);
			expect(request.rpcid).toBe(rpcid);
			expect((request.payload as unknown[])[2]).toEqual([batch, 2]);
		},
	);

	const polls = [
		{jsonl: day1, line: 1, media: '<uuid#11>', workflow: '<uuid#10>', code: 3, balance: 1040, bytes: 2613641},
		{
			jsonl: day2,
			line: 1,
			media: '<uuid#30>',
			workflow: '<uuid#29>',
			code: 2,
			balance: null,
			bytes: undefined,
		},
		{jsonl: day2, line: 2, media: '<uuid#30>', workflow: '<uuid#29>', code: 3, balance: 904, bytes: 2920481},
		{jsonl: day2, line: 6, media: '<uuid#40>', workflow: '<uuid#39>', code: 3, balance: 864, bytes: 7965965},
	];
	const models: Record<string, string> = {
		'<uuid#11>': 'abra_t2v_6s',
		'<uuid#30>': 'abra_r2v_4s',
		'<uuid#40>': 'veo_3_1_r2v_fast_portrait',
	};

	it.each(labelled(polls))(
		'jwpduf ($from): status [$code] of $media, balance $balance, byte size $bytes',
		({jsonl, line, media, workflow, code, balance, bytes}) => {
			// The poll asks for the media id of the submit's record slot 0, never the workflow id.
			expect(innerOf(decodedForm(call(jsonl, line).reqBody).freq).payload).toEqual([null, null, [[media]]]);
			const state = code === 3 ? 'succeeded' : 'active';
			for (const text of replyTexts(jsonl, line)) {
				const payload = payloadOf(text, flowRpc.status) as unknown[];
				expect(payload[0]).toBeNull();
				expect(payload[1]).toBe(balance);
				const status = parseStatusPayload(payload, [{name: media, projectId: project}]);
				expect(status).toEqual({
					media: [
						{name: media, projectId: project, state, ...(bytes === undefined ? {} : {byteSize: bytes})},
					],
					...(balance === null ? {} : {remainingCredits: balance}),
				});
				const records = findRecords(payload);
				expect(records).toHaveLength(1);
				expect(readRecord(records[0]!)).toEqual({
					mediaId: media,
					projectId: project,
					workflowId: workflow,
					statusCode: code,
					state,
					modelKey: models[media],
					...(bytes === undefined ? {} : {byteSize: bytes}),
				});
				// A poll carries no URL: that takes as29s.
				expect(status.media[0]?.url).toBeUndefined();
			}
		},
	);

	const mediaUrls = [
		{
			jsonl: day1,
			line: 2,
			media: '<uuid#11>',
			workflow: '<uuid#10>',
			bytes: 2613641,
			model: 'abra_t2v_6s',
			video:
				'https://flow-content.google/video/<uuid#11>?Expires=1790261742&KeyName=labs-flow-prod-cdn-key&Signature=xxxxxxxxxxxxxxxxxxxxxxxxxxx',
			poster:
				'https://flow-content.google/image/<uuid#11>?Expires=1790261742&KeyName=labs-flow-prod-cdn-key&Signature=xxxxxxxxxxxxxxxxxxxxxxxxxxx',
		},
		{
			jsonl: day2,
			line: 3,
			media: '<uuid#30>',
			workflow: '<uuid#29>',
			bytes: 2920481,
			model: 'abra_r2v_4s',
			video:
				'https://flow-content.google/video/<uuid#30>?Expires=1790340659&KeyName=labs-flow-prod-cdn-key&Signature=<sig>',
			poster:
				'https://flow-content.google/image/<uuid#30>?Expires=1790340659&KeyName=labs-flow-prod-cdn-key&Signature=<sig>',
		},
	];

	it.each(labelled(mediaUrls))(
		'as29s ($from): the record itself, mp4 at MEDIA_INFO[0][8], poster at DETAILS[10], $bytes bytes',
		({jsonl, line, media, workflow, bytes, model, video, poster}) => {
			expect(innerOf(decodedForm(call(jsonl, line).reqBody).freq).payload).toEqual([media]);
			for (const text of replyTexts(jsonl, line)) {
				const payload = payloadOf(text, flowRpc.mediaUrl) as unknown[];
				expect(payload[0]).toBe(media);
				expect(parseMediaUrlPayload(payload, media)).toEqual({
					url: video,
					byteSize: bytes,
					posterUrl: poster,
				});
				expect(readRecord(payload)).toEqual({
					mediaId: media,
					projectId: project,
					workflowId: workflow,
					statusCode: 3,
					state: 'succeeded',
					byteSize: bytes,
					posterUrl: poster,
					videoUrl: video,
					modelKey: model,
				});
			}
		},
	);

	it('nzlxg (2026-09-24 #3): [1050,1,2,2,null,1050] is 1,050 credits on tier 2', () => {
		for (const text of replyTexts(day1, 3)) {
			const payload = payloadOf(text, flowRpc.credits);
			expect(payload).toEqual([1050, 1, 2, 2, null, 1050]);
			expect(parseCreditsPayload(payload)).toEqual({credits: 1050, tier: 'PAYGATE_TIER_ONE'});
		}
	});

	it('the balances tell the prices: abra_t2v_6s 10 credits, Veo 3.1 Fast t2v and r2v 20 each', () => {
		const reqid = (c: CapturedCall) => Number(/[?&]_reqid=(\d+)/.exec(c.url)?.[1]);
		// 2026-09-24: credits were asked before the submit (lower _reqid).
		expect(reqid(call(day1, 3))).toBeLessThan(reqid(call(day1, 0)));
		const before = parseCreditsPayload(payloadOf(call(day1, 3).respBody, 'nzlxg')).credits;
		const after = parseGeneratePayload(payloadOf(call(day1, 0).respBody, 'YhhmEf'), project).remainingCredits;
		expect(before - after!).toBe(10);
		// 2026-09-25, in _reqid order: Omni r2v done at 904, then the Veo t2v submit, then the Veo r2v.
		const lastPoll = parseStatusPayload(payloadOf(call(day2, 2).respBody, 'jwpduf'), []).remainingCredits;
		const veoT2v = parseGeneratePayload(
			payloadOf(call(day2, 4).respBody, 'YhhmEf'),
			project,
		).remainingCredits;
		const veoR2v = parseGeneratePayload(
			payloadOf(call(day2, 5).respBody, 'MZZa6b'),
			project,
		).remainingCredits;
		expect([lastPoll, veoT2v, veoR2v]).toEqual([904, 884, 864]);
		expect([2, 4, 5].map((line) => reqid(call(day2, line)))).toEqual(
			[2, 4, 5].map((line) => reqid(call(day2, line))).sort((a, b) => a - b),
		);
	});
});

describe('the length lines of the captures are wrong, and flowdeck does not need them', () => {
	const texts = captures.map((c) => ({
		name: `${c.rpcid}, ${c.jsonl.slice(0, 10)} #${c.line}${c.base ? ` (${c.base}.response.txt)` : ''}`,
		rpcid: c.rpcid,
		text: call(c.jsonl, c.line).respBody,
	}));

	/** The rule the unmasked trailer chunks obey: the chunk's characters plus the newline before and after it. */
	const rightLength = (chunk: string): number => chunk.length + 2;

	/** The same answer with every length line recomputed by that rule. */
	const withRightLengths = (text: string): string =>
		text.replace(
			/^(\d+)\n(\[.*)$/gm,
			(_all, _length: string, chunk: string) => `${rightLength(chunk)}\n${chunk}`,
		);

	/** A reader that trusts the length lines: after each one, exactly that many characters. */
	function sliceByLengths(text: string): unknown[][] {
		const entries: unknown[][] = [];
		let i = text.indexOf('\n') + 1;
		while (i < text.length) {
			const lengthEnd = text.indexOf('\n', i + 1);
			if (lengthEnd < 0) break;
			const length = Number(text.slice(i, lengthEnd).trim());
			const chunk = JSON.parse(text.slice(lengthEnd, lengthEnd + length)) as unknown[][];
			entries.push(...chunk);
			i = lengthEnd + length;
		}
		return entries;
	}

	it.each(texts)('$name', ({rpcid, text}) => {
		const pairs = chunkLines(text);
		expect(pairs).toHaveLength(2);
		const [data, trailer] = pairs as [{length: number; chunk: string}, {length: number; chunk: string}];
		// The trailer `[["e",4,null,null,<n>]]` holds no masked value: its length line is right.
		expect(trailer.chunk).toMatch(/^\[\["e",4,null,null,\d+\]\]$/);
		expect(trailer.length).toBe(rightLength(trailer.chunk));
		// The data chunk's masks are shorter than what they hide: its length line is too big.
		expect(data.length).toBeGreaterThan(rightLength(data.chunk));
		// A reader that slices by the lengths fails on the captured text, and works once they are right.
		expect(() => sliceByLengths(text)).toThrow(SyntaxError);
		const fixed = withRightLengths(text);
		expect(fixed).not.toBe(text);
		expect(sliceByLengths(fixed)).toEqual(parseEnvelope(fixed));
		// flowdeck reads both the same.
		expect(parseEnvelope(text)).toEqual(parseEnvelope(fixed));
		expect(readRpcOutcome(text, rpcid)).toEqual(readRpcOutcome(fixed, rpcid));
		expect(parseEnvelope(text).map((entry) => entry[0])).toEqual(['wrb.fr', 'di', 'af.httprm', 'e']);
	});
});

// ---------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------

/** flowdeck's URL with its masked values written as the capture's author wrote them (`%3Cuuid%231%3E` → `<uuid#1>`). */
const unmasked = (url: string): string =>
	url.replace(/%3C(.*?)%3E/g, (_all, inner: string) => `<${decodeURIComponent(inner)}>`);

/** Query parameter names in order, and their values percent-decoded (masks may hold `#`). */
const queryOf = (url: string): [string, string][] =>
	(url.split('?')[1] ?? '').split('&').map((pair) => {
		const [name = '', value = ''] = pair.split('=');
		return [name, decodeURIComponent(value)];
	});

/** The form a body makes once URL-decoded, written as the hook wrote it. */
function decodedBody(raw: string): string {
	expect(raw.endsWith('&')).toBe(true);
	const form = new URLSearchParams(raw);
	expect([...form.keys()]).toEqual(['f.req', 'at']);
	return `f.req=${form.get('f.req')}&at=${form.get('at')}&`;
}

const t2vRequests: Record<
	string,
	{prompt: string; model: string; aspect: Aspect; token: string; uuids: string[]}
> = {
	[`${day1} 0`]: {
		prompt: '왕이 궁전 내부를 산책하는 영상',
		model: 'abra_t2v_6s',
		aspect: '16:9',
		token: '<b64 2510 chars>',
		uuids: ['<uuid#7>', '<uuid#8>', '<uuid#9>'],
	},
	[`${day2} 4`]: {
		prompt: 'The king raises his hand and smiles',
		model: 'veo_3_1_t2v_fast_portrait',
		aspect: '9:16',
		token: '<b64 2510 chars>',
		uuids: ['<uuid#31>', '<uuid#32>', '<uuid#33>'],
	},
};

/** flowdeck's payload for a captured call, built from what the capture shows was asked. */
function rebuiltPayload(jsonl: string, line: number, rpcid: string, captured: unknown): unknown {
	if (rpcid === flowRpc.credits) return buildCreditsPayload();
	if (rpcid === flowRpc.status) return buildStatusPayload([(captured as string[][][])[2]![0]![0]!]);
	if (rpcid === flowRpc.mediaUrl) return buildMediaUrlPayload((captured as string[])[0]!);
	const asked = t2vRequests[`${jsonl} ${line}`];
	if (rpcid !== flowRpc.generate || !asked) throw new Error(`no builder for ${rpcid}`);
	const uuids = [...asked.uuids];
	return buildGeneratePayload({
		request: {prompt: asked.prompt, model: asked.model, aspect: asked.aspect, copies: 1},
		projectId: project,
		captchaToken: asked.token,
		uuid: () => uuids.shift() ?? 'one UUID too many',
	});
}

describe('captured requests, rebuilt by flowdeck', () => {
	// flowdeck has no builder for the reference-to-video MZZa6b: its replies are read above, its requests not rebuilt.
	const rebuildable = captures.filter((c) => c.rpcid !== 'MZZa6b');

	it('YhhmEf, slot by slot: model key, aspect, context (22 at 1, project at 5, [token, 1] at 10), trace [batch, 2]', () => {
		const cases = [
			{
				jsonl: day1,
				line: 0,
				key: 'abra_t2v_6s',
				aspect: 2,
				seeds: ['<uuid#7>', '<uuid#8>'],
				batch: '<uuid#9>',
			},
			{
				jsonl: day2,
				line: 4,
				key: 'veo_3_1_t2v_fast_portrait',
				aspect: 1,
				seeds: ['<uuid#31>', '<uuid#32>'],
				batch: '<uuid#33>',
			},
		];
		for (const {jsonl, line, key, aspect, seeds, batch} of cases) {
			const captured = innerOf(decodedForm(call(jsonl, line).reqBody).freq).payload as unknown[][];
			const ours = rebuiltPayload(jsonl, line, 'YhhmEf', captured) as unknown[][];
			for (const payload of [captured, ours]) {
				expect(payload).toHaveLength(3);
				const [items, ctx, trace] = payload as [unknown[][], unknown[], unknown[]];
				expect(items).toHaveLength(1);
				expect(items[0]![1]).toBe(key);
				expect(items[0]![2]).toBe(aspect);
				expect(items[0]![3]).toBeNull();
				expect(items[0]![4]).toEqual([null, null, null, null, ...seeds]);
				expect(ctx).toHaveLength(11);
				expect(ctx[1]).toBe(22);
				expect(ctx[5]).toBe(project);
				expect(ctx[10]).toEqual(['<b64 2510 chars>', 1]);
				expect(trace).toEqual([batch, 2]);
			}
			expect(ours).toEqual(captured);
		}
	});

	it.each(labelled(rebuildable))(
		'$rpcid ($from): payload, f.req, at and URL as captured',
		({jsonl, line, rpcid}) => {
			const captured = call(jsonl, line);
			const {freq, at} = decodedForm(captured.reqBody);
			const inner = innerOf(freq);
			expect(inner.rpcid).toBe(rpcid);
			expect(at).toBe('<at>');
			const payload = rebuiltPayload(jsonl, line, rpcid, inner.payload);
			expect(payload).toEqual(inner.payload);
			// Compact JSON inside JSON, non-ASCII kept, exactly as the page serialises it.
			expect(JSON.stringify(payload)).toBe(inner.inner);
			const rpcCall = {rpcid, payload, sourcePath: `/project/${project}`};
			expect(decodedBody(buildRpcBody(rpcCall, '<at>'))).toBe(captured.reqBody);
			const query = queryOf(captured.url);
			expect(query.map(([name]) => name)).toEqual([
				'rpcids',
				'source-path',
				'bl',
				'f.sid',
				'hl',
				'_reqid',
				'rt',
			]);
			expect(Object.fromEntries(query)).toMatchObject({
				rpcids: rpcid,
				'source-path': `/project/${project}`,
				rt: 'c',
			});
			const session = {at: '<at>', fsid: '<f.sid>', bl: String(Object.fromEntries(query).bl), hl: 'ko'};
			const reqid = Number(Object.fromEntries(query)._reqid);
			expect(unmasked(buildRpcUrl('https://flow.google.com', rpcCall, session, reqid))).toBe(captured.url);
		},
	);
});

describe('what a FlowTransport sends, next to the captured requests', () => {
	let recorder: Recorder | undefined;
	afterEach(async () => {
		await recorder?.close();
		recorder = undefined;
	});

	const wiz = (bl: string) =>
		`<!doctype html><html lang="ko"><script>window.WIZ_global_data = {"SNlM0e":"<at>","FdrFJe":"-1234567890","cfb2h":"${bl}"};</script></html>`;

	/** A server that answers each RPC with its captured reply and the page with a WIZ of the capture's build. */
	async function replaying(calls: CapturedCall[], bl: string): Promise<Recorder> {
		return startRecorder((seen) => {
			if (seen.method === 'GET') return {status: 200, body: wiz(bl), headers: {'content-type': 'text/html'}};
			const rpcid = new URL(seen.url, 'http://x').searchParams.get('rpcids');
			const captured = calls.find((c) => c.rpcid === rpcid);
			if (!captured) return {status: 404, body: 'no capture of this rpc'};
			return {
				status: 200,
				body: captured.respBody,
				headers: {'content-type': 'application/json; charset=utf-8'},
			};
		});
	}

	/** A captured call next to the one flowdeck sent, fresh UUIDs, `_reqid` and `f.sid` aside. */
	function compare(
		sent: ReturnType<typeof rpcCallsIn>[number],
		captured: CapturedCall,
		fresh: Map<string, string>,
	) {
		for (const [name, value] of Object.entries(captured.reqHeaders)) {
			expect(sent.headers[name.toLowerCase()], name).toBe(value);
		}
		expect(sent.headers['content-type']).toBe(formContentType);
		expect(new URL(sent.url, 'http://x').pathname).toBe('/_/AiSandboxAngularFrontend/data/batchexecute');
		const ours = queryOf(sent.url);
		const theirs = queryOf(captured.url);
		expect(ours.map(([name]) => name)).toEqual(theirs.map(([name]) => name));
		const aside = new Set(['_reqid', 'f.sid']);
		expect(ours.filter(([name]) => !aside.has(name))).toEqual(theirs.filter(([name]) => !aside.has(name)));
		expect(Number(Object.fromEntries(ours)._reqid)).toBeGreaterThan(0);
		let body = decodedBody(sent.body);
		for (const [id, mask] of fresh) body = body.replaceAll(id, mask);
		expect(body).toBe(captured.reqBody);
	}

	/** The client UUIDs of a generate call (two seeds, the batch id), as the masks the capture put over them. */
	function freshIds(payload: unknown, masks: string[]): Map<string, string> {
		const [items, , trace] = payload as [unknown[][], unknown, unknown[]];
		const ids = [...(items[0]![4] as unknown[]).slice(4), trace[0]] as string[];
		for (const id of ids)
			expect(id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
		expect(new Set(ids).size).toBe(3);
		return new Map(ids.map((id, i) => [id, masks[i]!]));
	}

	it('2026-09-24 t2v run: YhhmEf, jwpduf, as29s, nzlxg go out as captured and read back as captured', async () => {
		const calls = capturedCalls(day1);
		recorder = await replaying(calls, 'boq_labs-ai-sandbox-frontend_20260922.09_p0');
		const transport = flowTransportAt(recorder.url, googleCookiesOf('wire'));
		try {
			const submitted = await transport.generate({
				request: {prompt: '왕이 궁전 내부를 산책하는 영상', model: 'abra_t2v_6s', aspect: '16:9', copies: 1},
				projectId: project,
				tier: 'PAYGATE_TIER_ONE',
				captchaToken: '<b64 2510 chars>',
			});
			expect(submitted).toEqual({media: [{name: '<uuid#11>', projectId: project}], remainingCredits: 1040});
			const ref = submitted.media[0]!;
			expect(await transport.status([ref])).toEqual({
				media: [{...ref, state: 'succeeded', byteSize: 2613641}],
				remainingCredits: 1040,
			});
			expect(await transport.resolveMediaUrl(ref)).toMatchObject({
				url: expect.stringMatching(/^https:\/\/flow-content\.google\/video\/<uuid#11>\?Expires=1790261742&/),
				posterUrl: expect.stringMatching(/^https:\/\/flow-content\.google\/image\/<uuid#11>\?/),
				byteSize: 2613641,
			});
			expect(await transport.credits()).toEqual({credits: 1050, tier: 'PAYGATE_TIER_ONE'});
		} finally {
			await transport.close();
		}
		const sent = rpcCallsIn(recorder.seen);
		expect(sent.map((s) => s.rpcid)).toEqual(['YhhmEf', 'jwpduf', 'as29s', 'nzlxg']);
		const fresh = freshIds(sent[0]!.payload, ['<uuid#7>', '<uuid#8>', '<uuid#9>']);
		for (const [i, rpcid] of ['YhhmEf', 'jwpduf', 'as29s', 'nzlxg'].entries()) {
			compare(sent[i]!, calls.find((c) => c.rpcid === rpcid)!, fresh);
		}
		// One page load (the project page) gave the session: no other GET.
		expect(recorder.seen.filter((s) => s.method === 'GET')).toHaveLength(1);
	});

	it('2026-09-25 Veo t2v: veo_3_1_t2v_fast_portrait goes out as is, with aspect 1', async () => {
		const calls = capturedCalls(day2);
		recorder = await replaying([calls[4]!], 'boq_labs-ai-sandbox-frontend_20260923.06_p0');
		const transport = flowTransportAt(recorder.url, googleCookiesOf('wire'));
		try {
			const submitted = await transport.generate({
				request: {
					prompt: 'The king raises his hand and smiles',
					model: 'veo_3_1_t2v_fast_portrait',
					aspect: '9:16',
					copies: 1,
				},
				projectId: project,
				tier: 'PAYGATE_TIER_ONE',
				captchaToken: '<b64 2510 chars>',
			});
			expect(submitted).toEqual({media: [{name: '<uuid#35>', projectId: project}], remainingCredits: 884});
		} finally {
			await transport.close();
		}
		const [sent] = rpcCallsIn(recorder.seen);
		compare(sent!, calls[4]!, freshIds(sent!.payload, ['<uuid#31>', '<uuid#32>', '<uuid#33>']));
	});
});

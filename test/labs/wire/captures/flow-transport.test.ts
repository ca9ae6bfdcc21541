/**
 * What a FlowTransport sends to a server that replays the captured answers, next to the captured
 * requests of test/fixtures/wire/flow (see wire-captures-flow.ts).
 */
import {afterEach, describe, expect, it} from 'vitest';
import {formContentType} from '../../../../source/labs/wire/flow/batchexecute.js';
import {googleCookiesOf} from '../flow/harness.js';
import {
	type CapturedCall,
	capturedCalls,
	flowTransportAt,
	type Recorder,
	rpcCallsIn,
	startRecorder,
} from '../shapes/shape.js';
import {day1, day2, decodedBody, project, queryOf} from './flow.js';

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

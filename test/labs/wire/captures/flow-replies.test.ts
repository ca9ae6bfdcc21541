/**
 * The captured replies of test/fixtures/wire/flow, read by flowdeck's own readers; every expected
 * value is copied from the capture by eye (see wire-captures-flow.ts).
 */
import {describe, expect, it} from 'vitest';
import {
	parseCreditsPayload,
	parseGeneratePayload,
} from '../../../../source/labs/wire/flow/payload-answers.js';
import {parseMediaUrlPayload, parseStatusPayload} from '../../../../source/labs/wire/flow/payload-status.js';
import {findRecords, readHeadings, readRecord} from '../../../../source/labs/wire/flow/record.js';
import {flowRpc} from '../../../../source/labs/wire/flow/rpc-ids.js';
import {type CapturedCall, decodedForm, innerOf} from '../shapes/shape.js';
import {call, day1, day2, labelled, payloadOf, project, replyTexts} from './flow.js';

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

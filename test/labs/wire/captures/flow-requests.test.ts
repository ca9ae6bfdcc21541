/**
 * The captured requests of test/fixtures/wire/flow, rebuilt by flowdeck's own builders: payload,
 * f.req, at and URL (see wire-captures-flow.ts).
 */
import {describe, expect, it} from 'vitest';
import type {Aspect} from '../../../../source/labs/types.js';
import {buildRpcBody, buildRpcUrl} from '../../../../source/labs/wire/flow/batchexecute.js';
import {
	buildCreditsPayload,
	buildGeneratePayload,
	buildMediaUrlPayload,
	buildStatusPayload,
	generateRpcOf,
} from '../../../../source/labs/wire/flow/payload-builders.js';
import {flowRpc} from '../../../../source/labs/wire/flow/rpc-ids.js';
import {decodedForm, innerOf} from '../shapes/shape.js';
import {call, captures, day1, day2, decodedBody, labelled, project, queryOf} from './flow.js';

/** flowdeck's URL with its masked values written as the capture's author wrote them (`%3Cuuid%231%3E` → `<uuid#1>`). */
const unmasked = (url: string): string =>
	url.replace(/%3C(.*?)%3E/g, (_all, inner: string) => `<${decodeURIComponent(inner)}>`);

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

/** The two reference-to-video submits (MZZa6b): one reference image, uploaded as `<uuid#2>`. */
const r2vRequests: typeof t2vRequests = {
	[`${day2} 0`]: {
		prompt: 'The king walks slowly toward the camera',
		model: 'abra_r2v_4s',
		aspect: '9:16',
		token: '<b64 2489 chars>',
		uuids: ['<uuid#26>', '<uuid#27>', '<uuid#28>'],
	},
	[`${day2} 5`]: {
		prompt: 'The king raises his hand and smiles',
		model: 'veo_3_1_r2v_fast_portrait',
		aspect: '9:16',
		token: '<b64 2489 chars>',
		uuids: ['<uuid#36>', '<uuid#37>', '<uuid#38>'],
	},
};

/** flowdeck's payload for a captured call, built from what the capture shows was asked. */
function rebuiltPayload(jsonl: string, line: number, rpcid: string, captured: unknown): unknown {
	if (rpcid === flowRpc.credits) return buildCreditsPayload();
	if (rpcid === flowRpc.status) return buildStatusPayload([(captured as string[][][])[2]![0]![0]!]);
	if (rpcid === flowRpc.mediaUrl) return buildMediaUrlPayload((captured as string[])[0]!);
	const fromReferences = rpcid === flowRpc.generateFromReferences;
	const asked = (fromReferences ? r2vRequests : t2vRequests)[`${jsonl} ${line}`];
	if ((rpcid !== flowRpc.generate && !fromReferences) || !asked) throw new Error(`no builder for ${rpcid}`);
	const uuids = [...asked.uuids];
	const references = fromReferences ? {references: ['<uuid#2>']} : {};
	const request = {prompt: asked.prompt, model: asked.model, aspect: asked.aspect, copies: 1, ...references};
	expect(generateRpcOf(request)).toBe(rpcid);
	return buildGeneratePayload({
		request,
		projectId: project,
		captchaToken: asked.token,
		uuid: () => uuids.shift() ?? 'one UUID too many',
	});
}

describe('captured requests, rebuilt by flowdeck', () => {
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

	it.each(labelled(captures))(
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

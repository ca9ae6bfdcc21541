/**
 * The flow.google.com payloads of a video from frames (docs/protocol-flow.md §2), slot by slot as
 * FK-ext builds them (`video_request`, `interpolation_request`; public file 68427272937): `eb1hJf`
 * with a start frame, `nprQif` with a start and an end frame, each in the envelope of the captured
 * `MZZa6b` and `YhhmEf` (`[[item…], ctx, [batch, 2]]`).
 */
import {describe, expect, it} from 'vitest';
import type {GenerateRequest} from '../../../../source/labs/types.js';
import {fullFrameCrop, interpolationCrops} from '../../../../source/labs/wire/flow/generate-items.js';
import {buildGeneratePayload, generateRpcOf} from '../../../../source/labs/wire/flow/payload-builders.js';

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';
const ctx = [null, 22, null, null, null, project, null, null, null, null, ['0cAFcWeTOKEN', 1]];

function built(request: GenerateRequest): string {
	let n = 0;
	return JSON.stringify(
		buildGeneratePayload({request, projectId: project, captchaToken: '0cAFcWeTOKEN', uuid: () => `U${++n}`}),
	);
}

describe('eb1hJf: a start frame', () => {
	it('sends one item per copy with the frame at 4 and FK-ext FULL_FRAME_CROP, byte for byte', () => {
		const request: GenerateRequest = {
			prompt: 'the hero turns',
			model: 'veo_3_1_i2v_s_fast',
			aspect: '16:9',
			copies: 2,
			startImage: 'IMG-A',
			batchId: 'BATCH-1',
		};
		const crop = '[null,0.0038759689922481244,1,0.9961240310077519]';
		const item = (a: string, b: string) =>
			`[[null,null,[[["the hero turns"]]]],"veo_3_1_i2v_s_fast",2,null,[null,"IMG-A",null,null,null,${crop}],` +
			`[null,null,null,null,"${a}","${b}"]]`;
		expect(built(request)).toBe(
			`[[${item('U1', 'U2')},${item('U3', 'U4')}],${JSON.stringify(ctx)},["BATCH-1",2]]`,
		);
		expect(generateRpcOf(request)).toBe('eb1hJf');
		expect(fullFrameCrop).toEqual([null, 0.0038759689922481244, 1, 0.9961240310077519]);
	});

	it('a portrait start frame: aspect 1, the key as given, the same crop', () => {
		const payload = JSON.parse(
			built({prompt: 'p', model: 'veo_3_1_i2v_s_fast_portrait', aspect: '9:16', copies: 1, startImage: 'S'}),
		);
		expect(payload[0]).toEqual([
			[
				[null, null, [[['p']]]],
				'veo_3_1_i2v_s_fast_portrait',
				1,
				null,
				[null, 'S', null, null, null, fullFrameCrop],
				[null, null, null, null, 'U1', 'U2'],
			],
		]);
		expect(payload[2]).toEqual(['U3', 2]);
	});
});

describe('nprQif: a start and an end frame', () => {
	it.each([
		['16:9', 2, 'veo_3_1_i2v_s_fast_fl', '[0.3125,null,0.6875,1]'],
		['9:16', 1, 'veo_3_1_i2v_s_fast_portrait_fl', '[null,0.078125,1,0.921875]'],
	] as const)(
		'%s: both frames with FK-ext interpolation crop, byte for byte',
		(aspect, wireAspect, model, crop) => {
			const request: GenerateRequest = {
				prompt: 'from dawn to dusk',
				model,
				aspect,
				copies: 1,
				startImage: 'IMG-S',
				endImage: 'IMG-E',
				batchId: 'BATCH-2',
			};
			expect(built(request)).toBe(
				`[[[[null,null,[[["from dawn to dusk"]]]],"${model}",${wireAspect},null,` +
					`[null,"IMG-S",null,null,null,${crop}],[null,"IMG-E",null,null,null,${crop}],` +
					`[null,null,null,null,"U1","U2"]]],${JSON.stringify(ctx)},["BATCH-2",2]]`,
			);
			expect(generateRpcOf(request)).toBe('nprQif');
		},
	);

	it('keeps the crops FK-ext captured from Frames mode', () => {
		expect(interpolationCrops).toEqual({
			portrait: [null, 0.078125, 1, 0.921875],
			landscape: [0.3125, null, 0.6875, 1],
		});
	});

	it('each copy is its own item with its own UUIDs, and the trace is the batch UUID', () => {
		const payload = JSON.parse(
			built({prompt: 'p', model: 'm', aspect: '16:9', copies: 3, startImage: 'S', endImage: 'E'}),
		);
		expect(payload[0].map((item: unknown[]) => (item[6] as unknown[]).slice(4))).toEqual([
			['U1', 'U2'],
			['U3', 'U4'],
			['U5', 'U6'],
		]);
		expect(payload[2]).toEqual(['U7', 2]);
	});
});

describe('generateRpcOf', () => {
	it.each([
		[{}, 'YhhmEf'],
		[{references: ['R']}, 'MZZa6b'],
		[{startImage: 'S'}, 'eb1hJf'],
		[{startImage: 'S', endImage: 'E'}, 'nprQif'],
	])('%j → %s', (images, rpc) => {
		expect(generateRpcOf({prompt: 'p', model: 'm', aspect: '16:9', copies: 1, ...images})).toBe(rpc);
	});
});

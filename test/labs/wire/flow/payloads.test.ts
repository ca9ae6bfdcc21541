/**
 * The request payloads of the flow.google.com RPCs flowdeck sends (wire/flow/payloads.ts), slot by slot as
 * the captures show them, and the copy count a generate call accepts.
 */
import {describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {flowAspect, flowModelKey} from '../../../../source/labs/wire/flow/models.js';
import {
	buildCreateProjectPayload,
	buildCreditsPayload,
	buildGeneratePayload,
	buildMediaUrlPayload,
	buildStatusPayload,
	generateRpcOf,
} from '../../../../source/labs/wire/flow/payload-builders.js';
import {flowRpc} from '../../../../source/labs/wire/flow/rpc-ids.js';
import {thrownFlowError} from '../../../helpers/flow-error.js';

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';

describe('flow.google.com payloads', () => {
	it('uses the rpc ids the captures show', () => {
		expect(flowRpc).toEqual({
			credits: 'nzlxg',
			createProject: 'jHPbke',
			generate: 'YhhmEf',
			generateFromReferences: 'MZZa6b',
			generateFromStartImage: 'eb1hJf',
			generateFromStartAndEndImage: 'nprQif',
			uploadImage: 'maseQ',
			status: 'jwpduf',
			mediaUrl: 'as29s',
		});
	});

	it('YhhmEf: one item per copy, context with the project at 5 and [token, 1] at 10, trace [UUID, 2]', () => {
		let n = 0;
		const payload = buildGeneratePayload({
			request: {prompt: 'Cảnh 1', model: 'veo_3_1_t2v_fast_portrait', aspect: '9:16', copies: 2, seed: 42},
			projectId: project,
			captchaToken: '0cAFcWeTOKEN',
			uuid: () => `U${++n}`,
		});
		const item = (a: string, b: string) => [
			[null, null, [[['Cảnh 1']]]],
			'veo_3_1_t2v_fast_portrait',
			1,
			null,
			[null, null, null, null, a, b],
		];
		expect(payload).toEqual([
			[item('U1', 'U2'), item('U3', 'U4')],
			[null, 22, null, null, null, project, null, null, null, null, ['0cAFcWeTOKEN', 1]],
			['U5', 2],
		]);
	});

	it('makes upper-case client UUIDs and refuses a copy count outside 1-4', () => {
		const payload = buildGeneratePayload({
			request: {prompt: 'p', model: 'abra_t2v_8s', aspect: '16:9', copies: 1},
			projectId: project,
			captchaToken: 't',
		}) as unknown[][][];
		const trace = payload[2]![0] as unknown as string;
		expect(trace).toMatch(/^[0-9A-F-]{36}$/);
		expect(() =>
			buildGeneratePayload({
				request: {prompt: 'p', model: 'm', aspect: '16:9', copies: 5},
				projectId: project,
				captchaToken: 't',
			}),
		).toThrow(FlowError);
	});

	it.each([[0], [-1], [1.5], [5], [Number.NaN]])(
		'refuses %s copies as a bad request, before any UUID is made',
		(copies) => {
			let made = 0;
			const build = () =>
				buildGeneratePayload({
					request: {prompt: 'p', model: 'abra_t2v_8s', aspect: '16:9', copies},
					projectId: project,
					captchaToken: 't',
					uuid: () => `U${++made}`,
				});
			expect(build).toThrow(FlowError);
			expect(build).toThrow(`copies must be a whole number from 1 to 4 (got ${copies})`);
			try {
				build();
			} catch (error) {
				expect(error).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST'});
			}
			expect(made).toBe(0);
		},
	);

	it.each([[[]], [['a', 'b', 'c', 'd']]])(
		'refuses %j as references, before any UUID is made',
		(references) => {
			let made = 0;
			const build = () =>
				buildGeneratePayload({
					request: {prompt: 'p', model: 'veo_3_1_r2v_fast_portrait', aspect: '9:16', copies: 1, references},
					projectId: project,
					captchaToken: 't',
					uuid: () => `U${++made}`,
				});
			expect(build).toThrow(`references must be 1 to 3 image ids (got ${references.length})`);
			try {
				build();
			} catch (error) {
				expect(error).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST'});
			}
			expect(made).toBe(0);
		},
	);

	it('refuses a clip to extend on flow.google.com: EXTEND_UNSUPPORTED, before any UUID is made', () => {
		let made = 0;
		const build = () =>
			buildGeneratePayload({
				request: {
					prompt: 'p',
					model: 'veo_3_1_extend_fast_landscape',
					aspect: '16:9',
					copies: 1,
					extend: {name: 'clip', projectId: project},
				},
				projectId: project,
				captchaToken: 't',
				uuid: () => `U${++made}`,
			});
		expect(thrownFlowError(build)).toMatchObject({kind: 'protocol', code: 'EXTEND_UNSUPPORTED'});
		expect(build).toThrow(
			/^extending a clip is not built on the flow wire: its call \(fZytfe\) needs a scene/,
		);
		expect(made).toBe(0);
	});

	it.each([
		[{endImage: 'E'}, 'an end frame needs a start frame'],
		[{startImage: 'S', references: ['R']}, 'reference images cannot go with frames'],
	])('refuses %j as a bad request: %s', (images, message) => {
		const build = () =>
			buildGeneratePayload({
				request: {prompt: 'p', model: 'veo_3_1_i2v_s_fast', aspect: '16:9', copies: 1, ...images},
				projectId: project,
				captchaToken: 't',
			});
		expect(thrownFlowError(build)).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST', message});
	});

	it('puts up to three references in every copy, between the prompt and the key, through MZZa6b', () => {
		let n = 0;
		const request = {
			prompt: 'p',
			model: 'veo_3_1_r2v_fast_portrait',
			aspect: '9:16' as const,
			copies: 2,
			references: ['R1', 'R2', 'R3'],
		};
		const [items] = buildGeneratePayload({
			request,
			projectId: project,
			captchaToken: 't',
			uuid: () => `U${++n}`,
		}) as [unknown[][]];
		expect(items).toEqual([
			[
				[null, null, [[['p']]]],
				[
					[null, 'R1'],
					[null, 'R2'],
					[null, 'R3'],
				],
				'veo_3_1_r2v_fast_portrait',
				1,
				null,
				[null, null, null, null, 'U1', 'U2'],
			],
			[
				[null, null, [[['p']]]],
				[
					[null, 'R1'],
					[null, 'R2'],
					[null, 'R3'],
				],
				'veo_3_1_r2v_fast_portrait',
				1,
				null,
				[null, null, null, null, 'U3', 'U4'],
			],
		]);
		expect(generateRpcOf(request)).toBe('MZZa6b');
		expect(generateRpcOf({...request, references: undefined})).toBe('YhhmEf');
	});

	it.each([[1], [4]])('sends %s copies as that many items, each with its own two UUIDs', (copies) => {
		let n = 0;
		const payload = buildGeneratePayload({
			request: {prompt: 'p', model: 'abra_t2v_8s', aspect: '16:9', copies},
			projectId: project,
			captchaToken: 't',
			uuid: () => `U${++n}`,
		}) as unknown[][][];
		expect(payload[0]).toHaveLength(copies);
		expect(payload[0]!.map((item) => (item[4] as unknown[]).slice(4))).toEqual(
			Array.from({length: copies}, (_, i) => [`U${2 * i + 1}`, `U${2 * i + 2}`]),
		);
		expect(payload[2]).toEqual([`U${2 * copies + 1}`, 2]);
	});

	it("sends the request's batch id in the trace slot, so a lost answer can be looked up by it", () => {
		const payload = buildGeneratePayload({
			request: {prompt: 'p', model: 'abra_t2v_8s', aspect: '16:9', copies: 1, batchId: 'BATCH-ID-1'},
			projectId: project,
			captchaToken: 't',
			uuid: () => 'U',
		});
		expect(payload[2]).toEqual(['BATCH-ID-1', 2]);
	});

	it('the other calls', () => {
		expect(buildCreditsPayload()).toEqual([]);
		expect(buildCreateProjectPayload('flowdeck')).toEqual(['projects/*', [null, ['flowdeck']], [null, 22]]);
		expect(buildStatusPayload(['m1', 'm2'])).toEqual([null, null, [['m1'], ['m2']]]);
		expect(buildMediaUrlPayload('m1')).toEqual(['m1']);
	});

	it('sends model keys as they are (veo_3_1_t2v_fast_portrait was captured with aspect 1), 9:16 as 1', () => {
		expect(flowModelKey('veo_3_1_t2v_fast_portrait')).toBe('veo_3_1_t2v_fast_portrait');
		expect(flowModelKey(' veo_3_1_t2v_fast_portrait_ultra ')).toBe('veo_3_1_t2v_fast_portrait_ultra');
		expect(flowModelKey('veo_3_1_t2v_fast_ultra_relaxed')).toBe('veo_3_1_t2v_fast_ultra_relaxed');
		expect(flowModelKey('abra_t2v_8s')).toBe('abra_t2v_8s');
		expect(flowAspect('16:9')).toBe(2);
		expect(flowAspect('9:16')).toBe(1);
	});
});

/**
 * What a FlowTransport sends and reads for an upload (`maseQ`) and for a video from frames (`eb1hJf`,
 * `nprQif`), on a bare server that records what arrives (docs/protocol-flow.md §2): each call once,
 * from the project's page, with its captcha token in ctx[10]; an answer it cannot read fails once,
 * never in a loop; a clip to extend never leaves the process.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {ImageUpload} from '../../../../source/labs/types.js';
import type {FlowTransport} from '../../../../source/labs/wire/flow/transport.js';
import {caughtFlowError as caught} from '../../../helpers/flow-error.js';
import {
	flowTransportAt,
	type Recorder,
	type Reply,
	rpcCallsIn,
	type Seen,
	startRecorder,
} from '../shapes/shape.js';
import {googleCookiesOf} from './harness.js';

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';
const wiz =
	'<html lang="en"><script>window.WIZ_global_data = {"SNlM0e":"AJvLN6at:1788000000000","FdrFJe":"-42","cfb2h":"boq_labs-ai-sandbox-frontend_20261002.00_p0"};</script></html>';

/** A batchexecute answer carrying `payload` for `rpcid` (the length line is never trusted). */
const framed = (rpcid: string, payload: unknown): string =>
	`)]}'\n\n99\n${JSON.stringify([['wrb.fr', rpcid, JSON.stringify(payload), null, null, null, 'generic']])}\n`;

let recorder: Recorder | undefined;
let transport: FlowTransport | undefined;
afterEach(async () => {
	await transport?.close();
	await recorder?.close();
	transport = undefined;
	recorder = undefined;
});

async function serving(
	rpc: (seen: Seen) => Reply,
): Promise<{wire: FlowTransport; rpcs: () => ReturnType<typeof rpcCallsIn>}> {
	recorder = await startRecorder((seen) => (seen.method === 'GET' ? {status: 200, body: wiz} : rpc(seen)));
	transport = flowTransportAt(recorder.url, googleCookiesOf('modes'));
	const seen = recorder.seen;
	return {wire: transport, rpcs: () => rpcCallsIn(seen)};
}

const image: ImageUpload = {bytes: Buffer.from('\x89PNG-hero'), mimeType: 'image/png', fileName: 'hero.png'};
const upload = (captchaToken?: string) => ({
	image,
	projectId: project,
	...(captchaToken ? {captchaToken} : {}),
});

describe('FlowTransport.uploadImage (maseQ)', () => {
	it('sends maseQ once from the project page with the token in ctx[10], and reads payload[0][0]', async () => {
		const {wire, rpcs} = await serving(() => ({
			status: 200,
			body: framed('maseQ', [['IMG-A', project, 'IMG-B', null, null, []]]),
		}));
		expect(wire.uploadCaptchaAction).toBe('UPLOAD_IMAGE');
		expect(await wire.uploadImage(upload('0cAFcWeUPLOAD'))).toEqual({name: 'IMG-A', projectId: project});
		const [sent, ...more] = rpcs();
		expect(more).toEqual([]);
		expect(sent?.rpcid).toBe('maseQ');
		expect(Object.fromEntries(sent!.query)).toMatchObject({
			rpcids: 'maseQ',
			'source-path': `/project/${project}`,
		});
		const payload = sent!.payload as unknown[];
		expect(payload[0]).toEqual([
			null,
			22,
			null,
			null,
			null,
			project,
			null,
			null,
			null,
			null,
			['0cAFcWeUPLOAD', 1],
		]);
		expect(payload.slice(1, 10)).toEqual([
			Buffer.from(image.bytes).toString('base64'),
			'image/png',
			1,
			null,
			null,
			null,
			null,
			'hero.png',
			null,
		]);
	});

	it('an answer without an id fails once as unreadable (a sample kept), and is not sent again', async () => {
		const {wire, rpcs} = await serving(() => ({status: 200, body: framed('maseQ', [[null, project]])}));
		const error = await caught(wire.uploadImage(upload('t')));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED', ambiguous: false});
		expect(error.sample?.rpc).toBe('maseQ');
		expect(rpcs()).toHaveLength(1);
	});

	it('refuses an upload without a token before anything is sent', async () => {
		const {wire} = await serving(() => ({status: 500, body: ''}));
		expect(await caught(wire.uploadImage(upload()))).toMatchObject({kind: 'protocol', code: 'BAD_REQUEST'});
		expect(recorder!.seen).toEqual([]);
	});

	it.each([
		['a 500', (): Reply => ({status: 500, body: 'boom'})],
		['an xsrf challenge', (): Reply => ({status: 200, body: `)]}'\n\n20\n[["xsrf","AJvLN6fresh:1"]]\n`})],
	])(
		'%s is not re-sent (its token is spent) and not in doubt (an upload costs nothing)',
		async (_, reply) => {
			const {wire, rpcs} = await serving(reply);
			const error = await caught(wire.uploadImage(upload('t')));
			expect(error.ambiguous).toBe(false);
			expect(error.kind).toBe('transient');
			expect(rpcs()).toHaveLength(1);
		},
	);
});

describe('FlowTransport.generate from frames', () => {
	/** A generate answer in the captured YhhmEf shape: balance at 1, records at 3. */
	const submitted = (rpcid: string) =>
		framed(rpcid, [
			null,
			980,
			[],
			[['VID-1', project, 'WF-1', null, null, [null, null, null, null, null, null, null, null, [6]]]],
		]);

	it.each([
		['eb1hJf', {startImage: 'IMG-S'}, 'veo_3_1_i2v_s_fast'],
		['nprQif', {startImage: 'IMG-S', endImage: 'IMG-E'}, 'veo_3_1_i2v_s_fast_fl'],
	])('sends %s and reads its answer like YhhmEf', async (rpcid, images, model) => {
		const {wire, rpcs} = await serving((seen) => {
			const asked = new URL(seen.url, 'http://x').searchParams.get('rpcids') ?? '';
			return {status: 200, body: submitted(asked)};
		});
		const result = await wire.generate({
			request: {prompt: 'p', model, aspect: '16:9', copies: 1, ...images},
			projectId: project,
			tier: 'PAYGATE_TIER_ONE',
			captchaToken: 't',
		});
		expect(result).toEqual({media: [{name: 'VID-1', projectId: project}], remainingCredits: 980});
		const [sent] = rpcs();
		expect(sent?.rpcid).toBe(rpcid);
		const item = (sent!.payload as unknown[][][])[0]![0]!;
		expect(item[4]).toEqual([null, 'IMG-S', null, null, null, expect.any(Array)]);
	});

	it('refuses a clip to extend (EXTEND_UNSUPPORTED) before anything is sent', async () => {
		const {wire} = await serving(() => ({status: 500, body: ''}));
		const error = await caught(
			wire.generate({
				request: {
					prompt: 'p',
					model: 'veo_3_1_extend_fast_landscape',
					aspect: '16:9',
					copies: 1,
					extend: {name: 'clip', projectId: project},
				},
				projectId: project,
				tier: 'PAYGATE_TIER_ONE',
				captchaToken: 't',
			}),
		);
		expect(error).toMatchObject({kind: 'protocol', code: 'EXTEND_UNSUPPORTED'});
		expect(recorder!.seen).toEqual([]);
	});

	it('has no upscale: p0UkFb is not built', async () => {
		const {wire} = await serving(() => ({status: 500, body: ''}));
		expect('upscale' in wire).toBe(false);
	});
});

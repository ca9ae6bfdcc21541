import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {
	batchexecutePath,
	buildRpcBody,
	buildRpcUrl,
	encodeFreq,
	parseEnvelope,
	readRpcOutcome,
} from '../../../../source/labs/wire/flow/batchexecute.js';
import {
	parseCreateProjectPayload,
	parseCreditsPayload,
	parseGeneratePayload,
} from '../../../../source/labs/wire/flow/payload-answers.js';
import {parseMediaUrlPayload, parseStatusPayload} from '../../../../source/labs/wire/flow/payload-status.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

const fixtureDir = new URL('../../../fixtures/flow/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixtureDir), 'utf8');

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';
const media1 = '6f1c2a9e-0b7d-4c8e-9a51-2d3e4f5a6b7c';
const media2 = '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';

/** The decoded inner payload of a fixture; fails when the fixture is not a payload. */
function payloadOf(name: string, rpcid: string): unknown {
	const outcome = readRpcOutcome(fixture(name), rpcid);
	if (outcome.kind !== 'payload') throw new Error(`${name}: ${outcome.kind}`);
	return outcome.payload;
}

describe('batchexecute request', () => {
	const session = {
		at: 'AJvLN6tok:1788000000000',
		fsid: '-4815162342',
		bl: 'boq_labs-ai-sandbox-frontend_20261002.00_p0',
		hl: 'en',
	};
	const call = {rpcid: 'YhhmEf', payload: [['ảnh', null]], sourcePath: `/project/${project}`};

	it('puts every query parameter in the page order, rt=c last', () => {
		const url = new URL(buildRpcUrl('http://127.0.0.1:9/', call, session, 123456));
		expect(url.pathname).toBe(batchexecutePath);
		expect([...url.searchParams.keys()]).toEqual([
			'rpcids',
			'source-path',
			'bl',
			'f.sid',
			'hl',
			'_reqid',
			'rt',
		]);
		expect(Object.fromEntries(url.searchParams)).toEqual({
			rpcids: 'YhhmEf',
			'source-path': `/project/${project}`,
			bl: session.bl,
			'f.sid': session.fsid,
			hl: 'en',
			_reqid: '123456',
			rt: 'c',
		});
	});

	it('sends f.req as JSON inside JSON with "generic", and at, form-encoded', () => {
		expect(encodeFreq('YhhmEf', [['ảnh', null]])).toBe('[[["YhhmEf","[[\\"ảnh\\",null]]",null,"generic"]]]');
		const form = new URLSearchParams(buildRpcBody(call, session.at));
		expect([...form.keys()]).toEqual(['f.req', 'at']);
		expect(form.get('at')).toBe(session.at);
		const freq = JSON.parse(form.get('f.req')!) as unknown[][][];
		expect(freq[0]![0]![0]).toBe('YhhmEf');
		expect(JSON.parse(freq[0]![0]![1] as string)).toEqual([['ảnh', null]]);
	});
});

describe('batchexecute answers (fixtures)', () => {
	it('reads credits, and an empty list as a zero balance', () => {
		expect(parseCreditsPayload(payloadOf('credits.txt', 'nzlxg'))).toEqual({
			credits: 1000,
			tier: 'PAYGATE_TIER_ONE',
		});
		expect(parseCreditsPayload(payloadOf('credits-zero.txt', 'nzlxg'))).toEqual({
			credits: 0,
			tier: 'PAYGATE_TIER_NOT_PAID',
		});
	});

	it('reads a new project id', () => {
		expect(parseCreateProjectPayload(payloadOf('create-project.txt', 'jHPbke'))).toBe(project);
	});

	it('does not trust length prefixes that are off by one (or count bytes)', () => {
		const text = fixture('generate-off-by-one.txt');
		const prefixes = [...text.matchAll(/^(\d+)$/gm)].map((m) => Number(m[1]));
		const chunks = text.split('\n').filter((line) => line.startsWith('['));
		// The fixture really is wrong: no prefix equals its chunk's length in characters.
		for (const [i, chunk] of chunks.entries()) expect(prefixes[i]).not.toBe(chunk.length);
		const result = parseGeneratePayload(payloadOf('generate-off-by-one.txt', 'YhhmEf'), 'fallback');
		expect(result.media).toEqual([
			{name: media1, projectId: project},
			{name: media2, projectId: project},
		]);
	});

	it('reads media ids from the records when the head list is missing', () => {
		const result = parseGeneratePayload(payloadOf('generate-records-only.txt', 'YhhmEf'), 'p');
		expect(result.media).toEqual([{name: media1, projectId: project}]);
	});

	it('skips the trailing di / af.httprm / e chunks and reads status 2 and 3', () => {
		const entries = parseEnvelope(fixture('status-trailing.txt'));
		expect(entries.map((entry) => entry[0])).toEqual(['wrb.fr', 'di', 'af.httprm', 'e']);
		const refs = [
			{name: media1, projectId: project},
			{name: media2, projectId: project},
			{name: 'not-in-the-answer', projectId: project},
		];
		const result = parseStatusPayload(payloadOf('status-trailing.txt', 'jwpduf'), refs);
		expect(result.media).toEqual([
			// The "Media not found." complaint beside a running job is not a failure (FB/FK).
			{name: media1, projectId: project, state: 'active'},
			{
				name: media2,
				projectId: project,
				state: 'succeeded',
				url: expect.stringMatching(/^https:\/\/flow-content\.google\/video\/9d8e7f6a-/),
				posterUrl: expect.stringMatching(/^https:\/\/flow-content\.google\/image\/9d8e7f6a-/),
				byteSize: 2213107,
			},
		]);
		// One job still runs: no balance yet (captured: [1] is null until done).
		expect(result.remainingCredits).toBeUndefined();
	});

	it('reads a failed video with its PUBLIC_ERROR code', () => {
		const result = parseStatusPayload(payloadOf('status-failed.txt', 'jwpduf'), [
			{name: media1, projectId: project},
		]);
		expect(result.media[0]).toMatchObject({state: 'failed', failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED'});
	});

	it('an unknown status value is unreadable, with a sample of the record, not a guess', () => {
		const result = parseStatusPayload(payloadOf('status-unknown-value.txt', 'jwpduf'), [
			{name: media1, projectId: project},
		]);
		expect(result.media).toEqual([
			{
				name: media1,
				projectId: project,
				state: 'unreadable',
				sample: {rpc: 'jwpduf', text: expect.stringContaining('[17]')},
			},
		]);
	});

	it('takes the mp4 URL (media-info[0][8]), never the poster JPEG (details[10])', () => {
		const resolved = parseMediaUrlPayload(payloadOf('media-url-done.txt', 'as29s'), media1);
		expect(resolved).toEqual({
			url: expect.stringMatching(/^https:\/\/flow-content\.google\/video\/6f1c2a9e-/),
			posterUrl: expect.stringMatching(/^https:\/\/flow-content\.google\/image\/6f1c2a9e-/),
			byteSize: 2213107,
		});
		const error = flowErrorOf(() =>
			parseMediaUrlPayload(payloadOf('media-url-not-ready.txt', 'as29s'), media1),
		);
		expect(error).toMatchObject({kind: 'transient', code: 'URL_NOT_READY'});
	});

	it('returns the fresh token of an xsrf challenge', () => {
		expect(readRpcOutcome(fixture('xsrf.txt'), 'nzlxg')).toEqual({
			kind: 'xsrf',
			token: 'AJvLN6fReshTokenFromTheServer123:1788000000000',
		});
	});

	it.each([
		[
			'error-code-3.txt',
			'protocol',
			'INVALID_ARGUMENT',
			'flow.google.com: the request was refused as invalid (code 3 INVALID_ARGUMENT)',
		],
		[
			'error-code-5.txt',
			'not-found',
			'NOT_FOUND',
			'flow.google.com: not found for this account (code 5 NOT_FOUND)',
		],
		[
			'error-code-7.txt',
			'auth',
			'PERMISSION_DENIED',
			'flow.google.com: this account may not make the call (code 7 PERMISSION_DENIED)',
		],
		[
			'error-code-8.txt',
			'throttle',
			'RESOURCE_EXHAUSTED',
			'flow.google.com: too many requests (code 8 RESOURCE_EXHAUSTED)',
		],
		[
			'error-code-16.txt',
			'auth',
			'UNAUTHENTICATED',
			'flow.google.com: the Google cookies were not accepted (signed out or expired) (code 16 UNAUTHENTICATED)',
		],
		[
			'error-code-7-recaptcha.txt',
			'captcha',
			'PUBLIC_ERROR_UNUSUAL_ACTIVITY',
			'Google flagged unusual activity (reCAPTCHA evaluation failed)',
		],
		['error-code-8-quota.txt', 'quota', 'PUBLIC_ERROR_USER_QUOTA_REACHED', 'daily credit quota reached'],
		[
			'error-code-8-traffic.txt',
			'throttle',
			'PUBLIC_ERROR_UNUSUAL_ACTIVITY_TOO_MUCH_TRAFFIC',
			'too many requests from this account, slow down',
		],
		[
			'error-er-401.txt',
			'auth',
			'ER_401',
			"flow.google.com: the Google cookies were not accepted (signed out, expired, or another account's)",
		],
		['error-er-500.txt', 'transient', 'ER_500', 'flow.google.com: the call was refused (status 500)'],
	])('%s → %s', (name, kind, code, message) => {
		const error = flowErrorOf(() => readRpcOutcome(fixture(name), 'YhhmEf'));
		expect({kind: error.kind, code: error.code, message: error.message}).toEqual({kind, code, message});
		expect(error.ambiguous).toBe(false);
	});

	it('a PUBLIC_ERROR_* inside a payload is that error', () => {
		const error = flowErrorOf(() =>
			parseGeneratePayload(payloadOf('payload-public-error.txt', 'YhhmEf'), project),
		);
		expect(error).toMatchObject({
			kind: 'policy',
			code: 'PUBLIC_ERROR_UNSAFE_GENERATION',
			message: 'blocked by policy: the safety filter refused the prompt',
		});
	});

	it('string-aware scanning: brackets and quotes inside strings do not end a chunk', () => {
		expect(payloadOf('garbage-brackets-in-strings.txt', 'nzlxg')).toEqual([
			7,
			'a ]] tricky " string { with brackets',
		]);
	});

	it.each([
		['garbage-html.txt', 'Error 502'],
		['garbage-truncated.txt', 'wrb.fr'],
		['garbage-not-json.txt', 'nzlxg'],
		['garbage-wrong-rpc.txt', 'as29s'],
		['garbage-payload-not-json.txt', 'not json'],
		['garbage-empty.txt', ")]}'"],
		['garbage-stray-object.txt', '"a":1'],
	])('%s → protocol error with an excerpt', (name, shown) => {
		const error = flowErrorOf(() => readRpcOutcome(fixture(name), 'nzlxg'));
		expect(error.kind).toBe('protocol');
		expect(error.code).toBe('WIRE_CHANGED');
		expect(error.message).toMatch(
			/^flow\.google\.com answered in a shape flowdeck does not know \(the wire may have changed\): /,
		);
		expect(error.message).toContain(shown);
		expect(error.message.length).toBeLessThan(260);
	});

	it('keeps a garbage answer as a sample of the rpc it answered, cut to the sample size', () => {
		for (const name of ['garbage-html.txt', 'garbage-truncated.txt', 'garbage-wrong-rpc.txt']) {
			const error = flowErrorOf(() => readRpcOutcome(fixture(name), 'nzlxg'));
			expect(error.sample?.rpc).toBe('nzlxg');
			expect(fixture(name).startsWith(error.sample?.text ?? '-')).toBe(true);
			expect(error.sample?.text.length).toBeLessThanOrEqual(4000);
		}
		// A refusal flowdeck understands is not a bug report.
		expect(flowErrorOf(() => readRpcOutcome(fixture('error-code-8.txt'), 'YhhmEf')).sample).toBeUndefined();
	});

	it('never throws anything but a FlowError, whatever the fixture is cut or changed into', () => {
		const readers: Array<[string, (payload: unknown) => unknown]> = [
			['nzlxg', parseCreditsPayload],
			['jHPbke', parseCreateProjectPayload],
			['YhhmEf', (p) => parseGeneratePayload(p, project)],
			['jwpduf', (p) => parseStatusPayload(p, [{name: media1, projectId: project}])],
			['as29s', (p) => parseMediaUrlPayload(p, media1)],
		];
		const names = readdirSync(fixtureDir).filter((name) => name.endsWith('.txt'));
		let tried = 0;
		for (const name of names) {
			const text = fixture(name);
			const variants = [text];
			for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 40))) {
				variants.push(text.slice(0, cut), text.slice(cut));
			}
			variants.push(text.replaceAll('null', '7'), text.replaceAll('[', '{'), text.replaceAll('"', ''));
			for (const variant of variants) {
				for (const [rpcid, read] of readers) {
					tried++;
					try {
						const outcome = readRpcOutcome(variant, rpcid);
						if (outcome.kind === 'payload') read(outcome.payload);
					} catch (error) {
						expect(error, `${name} as ${rpcid}`).toBeInstanceOf(FlowError);
					}
				}
			}
		}
		expect(tried).toBeGreaterThan(1000);
	});
});

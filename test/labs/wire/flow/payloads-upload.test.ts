/**
 * `maseQ` (docs/protocol-flow.md §2): the upload payload slot by slot as FK-ext `upload_request`
 * (public file 68427272937) and F2A-cur `upload_image` (public file 70106387746) build it, and its
 * answer read as FK-ext's `read_uploaded_media_id` reads it: the id at payload[0][0], anything else
 * an answer flowdeck cannot read (a protocol error with a redacted sample, never a guessed id).
 */
import {describe, expect, it} from 'vitest';
import {buildUploadPayload, parseUploadPayload} from '../../../../source/labs/wire/flow/payload-upload.js';
import {thrownFlowError} from '../../../helpers/flow-error.js';

const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';

describe('maseQ payload', () => {
	it('ctx with the token at 10, the bytes in base64 without a data: prefix, mime, 1, the name, two UUIDs', () => {
		let n = 0;
		const payload = buildUploadPayload({
			image: {bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0x00]), mimeType: 'image/jpeg', fileName: 'hero.jpg'},
			projectId: project,
			captchaToken: '0cAFcWeUPLOAD',
			uuid: () => `U${++n}`,
		});
		expect(JSON.stringify(payload)).toBe(
			`[[null,22,null,null,null,"${project}",null,null,null,null,["0cAFcWeUPLOAD",1]],` +
				'"/9j/AA==","image/jpeg",1,null,null,null,null,"hero.jpg",null,"U1","U2"]',
		);
	});

	it('makes upper-case client UUIDs of its own', () => {
		const payload = buildUploadPayload({
			image: {bytes: Uint8Array.from([1]), mimeType: 'image/png', fileName: 'a.png'},
			projectId: project,
			captchaToken: 't',
		});
		const [a, b] = payload.slice(10) as [string, string];
		expect(a).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
		expect(b).toMatch(/^[0-9A-F-]{36}$/);
		expect(a).not.toBe(b);
	});
});

describe('maseQ answer', () => {
	/** The measured reply's shape (PW-tool fixture, public files 71117012202 / 70867696308). */
	const measured = (status: string | null) => [
		[
			'7a2f2075-8e2c-4b5e-9d7e-1f4c2b3a4d5e',
			project,
			'3212a1b5-0c4d-4e6f-8a9b-0c1d2e3f4a5b',
			status,
			null,
			[
				[1790000000, 0],
				null,
				null,
				null,
				null,
				null,
				[null, null, null, null, 1],
				null,
				null,
				1,
				null,
				null,
				null,
				271467,
			],
			[null, [null, null, null, null, 0], [13]],
		],
	];

	it.each([['CAE'], [null]])('reads A (payload[0][0]) as the id, with status %j', (status) => {
		expect(parseUploadPayload(measured(status), project)).toEqual({
			name: '7a2f2075-8e2c-4b5e-9d7e-1f4c2b3a4d5e',
			projectId: project,
		});
	});

	it('takes the project the answer names, the asked one when it names none', () => {
		expect(parseUploadPayload([['img-1', 'other-project']], project)).toEqual({
			name: 'img-1',
			projectId: 'other-project',
		});
		expect(parseUploadPayload([[' img-1 ']], project)).toEqual({name: 'img-1', projectId: project});
	});

	it.each([
		['null', null],
		['an empty list', []],
		['an empty record', [[]]],
		['no id', [[null, project, 'B', 'CAE']]],
		['a number', [[7, project]]],
		['the project as the id', [[project, project, 'B']]],
		['a bare string', 'abc'],
	])('an answer with %s is unreadable: WIRE_CHANGED with a sample of maseQ', (_, payload) => {
		const error = thrownFlowError(() => parseUploadPayload(payload, project));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('maseQ');
	});

	it('a refusal the answer carries (PUBLIC_ERROR_*) is that refusal, not a changed wire', () => {
		const error = thrownFlowError(() => parseUploadPayload([[null, 'PUBLIC_ERROR_MINOR_UPLOAD']], project));
		expect(error.code).toBe('PUBLIC_ERROR_MINOR_UPLOAD');
	});
});

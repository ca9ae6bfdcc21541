/**
 * What a jwpduf poll and an as29s media-URL answer are read as (wire/flow/payloads.ts): the state of each
 * asked media, its failure code, when a URL counts, which error kind a record that gives no video is,
 * and when an answer without records is a changed wire. Records shaped as the captures have them.
 */
import {describe, expect, it} from 'vitest';
import {parseMediaUrlPayload, parseStatusPayload} from '../../../../source/labs/wire/flow/payload-status.js';
import {thrownFlowError as thrown} from '../../../helpers/flow-error.js';
import {flowRecord, media, poster, project, video} from './records.js';

const ref = {name: media, projectId: project};
/** A poll answer as captured: `[null, <balance once done, else null>, [record, …]]`. */
const poll = (records: unknown[], balance: unknown = null): unknown[] => [null, balance, records];

describe('jwpduf: one status per asked media', () => {
	it('a submitted media [6] is pending, with no URL, size or failure', () => {
		const result = parseStatusPayload(poll([flowRecord({status: [6]})]), [ref]);
		expect(result).toStrictEqual({media: [{name: media, projectId: project, state: 'pending'}]});
	});

	it('a running record that carries URLs gives no url (only a done one does), but its poster', () => {
		const result = parseStatusPayload(poll([flowRecord({status: [2], video, poster})]), [ref]);
		expect(result.media).toStrictEqual([
			{name: media, projectId: project, state: 'active', posterUrl: poster},
		]);
	});

	it('a done record gives its url, poster and size, and the balance at [1]', () => {
		const record = flowRecord({status: [3], video, poster, bytes: 2920481});
		expect(parseStatusPayload(poll([record], 904), [ref])).toStrictEqual({
			media: [
				{
					name: media,
					projectId: project,
					state: 'succeeded',
					url: video,
					posterUrl: poster,
					byteSize: 2920481,
				},
			],
			remainingCredits: 904,
		});
	});

	it('a failed record gives its code: the PUBLIC_ERROR_* it carries, else UNKNOWN', () => {
		const filtered = flowRecord({status: [4, [3, 'PUBLIC_ERROR_AUDIO_FILTERED']]});
		expect(parseStatusPayload(poll([filtered]), [ref]).media).toStrictEqual([
			{name: media, projectId: project, state: 'failed', failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED'},
		]);
		expect(parseStatusPayload(poll([flowRecord({status: [7]})]), [ref]).media).toStrictEqual([
			{name: media, projectId: project, state: 'failed', failureCode: 'UNKNOWN'},
		]);
	});

	it('an unreadable record comes back unreadable with a sample of that record for jwpduf', () => {
		const result = parseStatusPayload(poll([flowRecord({status: [17]})]), [ref]);
		expect(result.media).toHaveLength(1);
		const [item] = result.media;
		expect(item).toMatchObject({name: media, projectId: project, state: 'unreadable'});
		expect(item?.sample?.rpc).toBe('jwpduf');
		expect(item?.sample?.text.startsWith(`["${media}"`)).toBe(true);
		expect(item?.sample?.text).toContain('[17]');
	});

	it('a readable record has no sample', () => {
		expect(parseStatusPayload(poll([flowRecord({status: [2]})]), [ref]).media[0]).not.toHaveProperty(
			'sample',
		);
	});

	it('answers in the order asked, keeps the asked project, and leaves out media not in the answer', () => {
		const other = flowRecord({media: 'second', status: [2]});
		const refs = [
			{name: 'second', projectId: 'p2'},
			{name: 'missing', projectId: 'p3'},
			{name: media, projectId: 'p1'},
		];
		expect(parseStatusPayload(poll([flowRecord({status: [6]}), other]), refs).media).toStrictEqual([
			{name: 'second', projectId: 'p2', state: 'active'},
			{name: media, projectId: 'p1', state: 'pending'},
		]);
	});

	it('an answer with no record at all is a changed wire when media were asked', () => {
		const error = thrown(() => parseStatusPayload([null, null, []], [ref]));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('jwpduf');
	});

	it('an answer with no record carrying a PUBLIC_ERROR_* is that refusal', () => {
		const error = thrown(() => parseStatusPayload([null, null, [], 'PUBLIC_ERROR_UNSAFE_GENERATION'], [ref]));
		expect(error).toMatchObject({kind: 'policy', code: 'PUBLIC_ERROR_UNSAFE_GENERATION'});
	});

	it('asking for nothing reads any answer as no statuses, with the balance', () => {
		expect(parseStatusPayload([null, 880, []], [])).toStrictEqual({media: [], remainingCredits: 880});
		expect(parseStatusPayload(poll([flowRecord()]), [])).toStrictEqual({media: []});
	});

	it('records but none of the asked media: no statuses, not an error (they are asked again)', () => {
		expect(parseStatusPayload(poll([flowRecord({media: 'other'})]), [ref])).toStrictEqual({media: []});
	});

	it.each([[null], [-1], [2.5], ['904']])('a balance slot of %j is no balance', (balance) => {
		expect(parseStatusPayload(poll([flowRecord()], balance), [ref])).not.toHaveProperty('remainingCredits');
	});

	it('a balance of 0 is a balance', () => {
		expect(parseStatusPayload(poll([flowRecord()], 0), [ref]).remainingCredits).toBe(0);
	});
});

describe('as29s: the signed URL of a done media', () => {
	it('gives the mp4 URL with poster and size, and only what the record has', () => {
		const record = flowRecord({video, poster, bytes: 2613641});
		expect(parseMediaUrlPayload(record, media)).toStrictEqual({
			url: video,
			posterUrl: poster,
			byteSize: 2613641,
		});
		expect(parseMediaUrlPayload(flowRecord({video}), media)).toStrictEqual({url: video});
	});

	it('takes a URL under /video/ when MEDIA_INFO[0][8] is not one', () => {
		expect(parseMediaUrlPayload(flowRecord({more: [null, [poster, video]]}), media)).toStrictEqual({
			url: video,
		});
	});

	it('a done record without a URL yet is transient URL_NOT_READY: asked again later', () => {
		const error = thrown(() => parseMediaUrlPayload(flowRecord({poster}), media));
		expect(error).toMatchObject({kind: 'transient', code: 'URL_NOT_READY'});
		expect(error.message).toBe('flow.google.com has not published the video URL yet');
	});

	it.each([[6], [2]])('a record still at [%s] is URL_NOT_READY too', (code) => {
		expect(thrown(() => parseMediaUrlPayload(flowRecord({status: [code]}), media)).code).toBe(
			'URL_NOT_READY',
		);
	});

	it.each([
		['with its code', [4, [3, 'PUBLIC_ERROR_AUDIO_FILTERED']]],
		['without a code', [5]],
	])('a failed record (%s) is not-found MEDIA_FAILED: there is nothing to download', (_, status) => {
		const error = thrown(() => parseMediaUrlPayload(flowRecord({status}), media));
		expect(error).toMatchObject({kind: 'not-found', code: 'MEDIA_FAILED'});
		expect(error.message).toBe('the video failed on flow.google.com; there is nothing to download');
	});

	it('an unreadable record without a URL is a changed wire with a sample of the record', () => {
		const error = thrown(() => parseMediaUrlPayload(flowRecord({status: [17]}), media));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('as29s');
		expect(error.sample?.text.startsWith(`["${media}"`)).toBe(true);
	});

	it("an answer without the asked media's record is a changed wire, or the refusal it carries", () => {
		const error = thrown(() => parseMediaUrlPayload(flowRecord({media: 'other', video}), media));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('as29s');
		const refused = thrown(() => parseMediaUrlPayload([null, 'PUBLIC_ERROR_UNSAFE_GENERATION'], media));
		expect(refused.code).toBe('PUBLIC_ERROR_UNSAFE_GENERATION');
	});

	it('finds the record wrapped in lists', () => {
		expect(parseMediaUrlPayload([[flowRecord({video})]], media)).toStrictEqual({url: video});
	});
});

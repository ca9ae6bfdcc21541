/**
 * The media record every flow.google.com answer shares, read slot by slot (wire/flow/record.ts): which
 * status value is which state, when a record is failed and with which code, and which URL is the
 * video (never the poster), on records shaped as the as29s capture has them.
 */
import {describe, expect, it} from 'vitest';
import {
	findRecords,
	isRecordShape,
	readRecord,
	recordOf,
	text,
} from '../../../../source/labs/wire/flow/record.js';
import {flowRecord, media, poster, project, video, workflow} from './records.js';

/** `value` inside `depth` lists. */
const wrapped = (value: unknown, depth: number): unknown => {
	let out = value;
	for (let i = 0; i < depth; i++) out = [out];
	return out;
};

describe('the status slot DETAILS[8]', () => {
	it.each([
		[6, 'pending'],
		[1, 'pending'],
		[2, 'active'],
		[3, 'succeeded'],
	])('[%s] reads as %s, with no failure code', (code, state) => {
		const read = readRecord(flowRecord({status: [code]}));
		expect(read.state).toBe(state);
		expect(read.statusCode).toBe(code);
		expect(read.failureCode).toBeUndefined();
	});

	it.each([[4], [5], [7]])('[%s] without a PUBLIC_ERROR_* is failed, code UNKNOWN', (code) => {
		expect(readRecord(flowRecord({status: [code]}))).toMatchObject({
			statusCode: code,
			state: 'failed',
			failureCode: 'UNKNOWN',
		});
	});

	it('a failure value with a PUBLIC_ERROR_* in the status block is failed with that code', () => {
		const read = readRecord(flowRecord({status: [4, [3, 'PUBLIC_ERROR_AUDIO_FILTERED']]}));
		expect(read).toMatchObject({state: 'failed', failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED'});
	});

	it('an unknown value with a PUBLIC_ERROR_* (in the block, else anywhere in the record) is failed', () => {
		expect(readRecord(flowRecord({status: [9, [3, 'PUBLIC_ERROR_AUDIO_FILTERED']]}))).toMatchObject({
			statusCode: 9,
			state: 'failed',
			failureCode: 'PUBLIC_ERROR_AUDIO_FILTERED',
		});
		const elsewhere = flowRecord({status: [9], more: [null, null, [6, 'PUBLIC_ERROR_UNSAFE_GENERATION']]});
		expect(readRecord(elsewhere)).toMatchObject({
			state: 'failed',
			failureCode: 'PUBLIC_ERROR_UNSAFE_GENERATION',
		});
	});

	it("the status block's code wins over another one earlier in the record", () => {
		const record = flowRecord({status: [9, [3, 'PUBLIC_ERROR_AUDIO_FILTERED']]});
		(record[5] as unknown[])[1] = 'PUBLIC_ERROR_UNSAFE_GENERATION';
		expect(readRecord(record).failureCode).toBe('PUBLIC_ERROR_AUDIO_FILTERED');
	});

	it('an unknown value without a PUBLIC_ERROR_* is unreadable, not a guess', () => {
		const read = readRecord(flowRecord({status: [9]}));
		expect(read.state).toBe('unreadable');
		expect(read.statusCode).toBe(9);
		expect(read.failureCode).toBeUndefined();
	});

	it.each([
		['missing', null],
		['a string', ['3']],
		['a fraction', [3.5]],
		['negative', [-3]],
		['not a list', 3],
	])('a status slot %s is unreadable with no status code, even beside a PUBLIC_ERROR_*', (_, status) => {
		const record = flowRecord({status, more: [null, null, [6, 'PUBLIC_ERROR_UNSAFE_GENERATION']]});
		const read = readRecord(record);
		expect(read.state).toBe('unreadable');
		expect(read).not.toHaveProperty('statusCode');
		expect(read).not.toHaveProperty('failureCode');
	});

	it('a record without a DETAILS list is unreadable', () => {
		expect(readRecord([media, project, workflow, null, null, 'x'])).toStrictEqual({
			mediaId: media,
			projectId: project,
			workflowId: workflow,
			state: 'unreadable',
		});
	});
});

describe('the other slots of a record', () => {
	it('reads a done record whole: ids, size, poster, mp4 URL and model key', () => {
		expect(readRecord(flowRecord({bytes: 2613641, poster, video}))).toStrictEqual({
			mediaId: media,
			projectId: project,
			workflowId: workflow,
			statusCode: 3,
			state: 'succeeded',
			byteSize: 2613641,
			posterUrl: poster,
			videoUrl: video,
			modelKey: 'abra_t2v_6s',
		});
	});

	it('trims the ids and the model key, and leaves blank ones out', () => {
		const read = readRecord(flowRecord({media, project: ` ${project} `, workflow: '  ', model: ' veo_3 '}));
		expect(read.projectId).toBe(project);
		expect(read.modelKey).toBe('veo_3');
		expect(read).not.toHaveProperty('workflowId');
		const bare = readRecord(flowRecord({project: null, workflow: 7, model: ''}));
		expect(bare).not.toHaveProperty('projectId');
		expect(bare).not.toHaveProperty('workflowId');
		expect(bare).not.toHaveProperty('modelKey');
	});

	it.each([
		[0, undefined],
		[-5, undefined],
		[12.5, undefined],
		['2613641', undefined],
		[1, 1],
		[7965965, 7965965],
	])(
		'a byte size of %j reads as %s (a size a download is checked against is a positive count)',
		(bytes, byteSize) => {
			expect(readRecord(flowRecord({bytes})).byteSize).toBe(byteSize);
		},
	);

	it.each([
		['https', poster, poster],
		['http', 'http://cdn.example/image/a.jpg', 'http://cdn.example/image/a.jpg'],
		['upper-case scheme', 'HTTPS://cdn.example/image/a.jpg', 'HTTPS://cdn.example/image/a.jpg'],
		['not http', 'ftp://cdn.example/image/a.jpg', undefined],
		['a URL inside text', 'see https://cdn.example/image/a.jpg', undefined],
		['not a string', 3, undefined],
	])('a poster slot (DETAILS[10]) %s reads as %s', (_, slot, posterUrl) => {
		expect(readRecord(flowRecord({poster: slot})).posterUrl).toBe(posterUrl);
	});
});

describe('the mp4 URL', () => {
	it('is MEDIA_INFO[0][8], even when another /video/ URL comes later', () => {
		const other = 'https://flow-content.google/video/other';
		expect(readRecord(flowRecord({video, more: [other]})).videoUrl).toBe(video);
	});

	it.each([
		['missing', null],
		['not a URL', 'pending'],
		['not http', 'ftp://flow-content.google/video/x'],
	])('with MEDIA_INFO[0][8] %s, a URL under /video/ elsewhere in MEDIA_INFO is taken', (_, direct) => {
		expect(readRecord(flowRecord({video: direct, more: [null, [poster, video]]})).videoUrl).toBe(video);
	});

	it('is never the poster, nor a URL with /video/ anywhere but at the start of its path', () => {
		const near = [
			poster,
			'https://flow-content.google/image/a?next=/video/b',
			'https://flow-content.google/v/video/a',
			'https://flow-content.google/video',
		];
		expect(readRecord(flowRecord({more: near})).videoUrl).toBeUndefined();
	});

	it('skips a URL that does not parse and takes the next one under /video/', () => {
		const read = readRecord(flowRecord({more: ['http://[broken/video/a', video]}));
		expect(read.videoUrl).toBe(video);
	});

	it('looks six lists deep into MEDIA_INFO and no deeper', () => {
		// MEDIA_INFO[1] is one list deep: five more lists around the URL leave its list at depth 5.
		expect(readRecord(flowRecord({more: wrapped(video, 5)})).videoUrl).toBe(video);
		expect(readRecord(flowRecord({more: wrapped(video, 6)})).videoUrl).toBeUndefined();
	});
});

describe('finding records in an answer', () => {
	it('finds records however the answer wraps them, up to six lists deep', () => {
		const record = flowRecord();
		expect(findRecords(wrapped(record, 6))).toStrictEqual([record]);
		expect(findRecords(wrapped(record, 7))).toStrictEqual([]);
		expect(findRecords('not a list')).toStrictEqual([]);
	});

	it('finds every record of a list in order, and not a record-shaped value inside one', () => {
		const inner = flowRecord({media: 'reference-media'});
		const first = flowRecord({more: [inner]});
		const second = flowRecord({media: 'second'});
		expect(findRecords([null, null, [first, second]])).toStrictEqual([first, second]);
	});

	it('a record needs a media id that is not blank and a DETAILS list at 5', () => {
		expect(isRecordShape(flowRecord())).toBe(true);
		expect(isRecordShape(flowRecord({media: '  '}))).toBe(false);
		expect(isRecordShape(flowRecord({media: 7}))).toBe(false);
		expect(isRecordShape([media, project, workflow, null, null, null])).toBe(false);
		expect(isRecordShape('record')).toBe(false);
	});

	it('picks a record by its media id at slot 0, never by the workflow id at slot 2', () => {
		const byWorkflow = flowRecord({media: 'other', workflow: media});
		const mine = flowRecord();
		expect(recordOf([byWorkflow, mine], media)).toBe(mine);
		expect(recordOf([byWorkflow], media)).toBeUndefined();
	});

	it('text() trims, and gives nothing for blanks and non-strings', () => {
		expect(text('  a b ')).toBe('a b');
		expect(text(' \n')).toBeUndefined();
		expect(text(5)).toBeUndefined();
	});
});

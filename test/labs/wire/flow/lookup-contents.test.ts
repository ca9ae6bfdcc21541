/**
 * A generate call whose answer is lost is looked up in the project (`Zzl0ze`) by the batch id it
 * sent, instead of being left in doubt or sent twice (docs/wire-captures.md; the captured answer is
 * test/fixtures/wire/flow/Zzl0ze_project-contents.excerpt.json).
 */
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	buildProjectContentsPayload,
	mediaOfBatch,
	parseProjectContents,
} from '../../../../source/labs/wire/flow/contents.js';

const fixture = join(
	import.meta.dirname,
	'../../..',
	'fixtures',
	'wire',
	'flow',
	'Zzl0ze_project-contents.excerpt.json',
);
const captured = (JSON.parse(readFileSync(fixture, 'utf8')) as {payload: unknown[]}).payload;

const capturedProject = 'c5d1301b-07fe-4485-86d9-49a47449a494';

describe('Zzl0ze, read from the captured answer', () => {
	it('builds the request as FB/FK send it', () => {
		expect(buildProjectContentsPayload('p-1')).toEqual(['projects/p-1', null, null, null, [1]]);
	});

	it('reads every heading and the record; a batch id leads to its media and workflow', () => {
		const contents = parseProjectContents(captured);
		expect(contents.headings).toHaveLength(15);
		const boat = contents.headings.find((h) => h.batchId === '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6');
		expect(boat).toEqual({
			workflowId: '1480bbf8-ebdc-41d1-ba7d-60163ccf1d4f',
			mediaId: '402034a2-56a9-4034-b2ce-a6d9395a78d7',
			batchId: '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6',
			projectId: capturedProject,
			title: 'Red paper boat circling',
		});
		expect(contents.records).toHaveLength(1);
		expect(contents.records[0]).toMatchObject({
			mediaId: '402034a2-56a9-4034-b2ce-a6d9395a78d7',
			workflowId: '1480bbf8-ebdc-41d1-ba7d-60163ccf1d4f',
			statusCode: 3,
			state: 'succeeded',
			byteSize: 1562785,
		});
		expect(mediaOfBatch(contents, '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6', 'other')).toEqual([
			{name: '402034a2-56a9-4034-b2ce-a6d9395a78d7', projectId: capturedProject},
		]);
	});

	it('gives every media of a batch in heading order; upsamples, null batches and unknown ids never match', () => {
		const contents = parseProjectContents(captured);
		// A four-copy batch of the labs era (lower case), listed apart from its upsample.
		expect(mediaOfBatch(contents, '4332A225-2D8E-46C4-B083-B7F9711D71C6', 'p')?.map((m) => m.name)).toEqual([
			'c5d0175d-396f-4d0b-8ccd-a470987a1b33',
			'02c29432-7f4f-4f68-a92a-f2fbabae5a2e',
			'54eba5ea-9134-45f0-ba74-1094c896affc',
			'cdedc355-caa7-4049-94f5-adc57558452b',
		]);
		// The same answer with an upsample that names the boat's batch: still the boat alone.
		const upsample = [
			'9b000000-0000-4000-8000-000000000000',
			null,
			null,
			[
				null,
				[1, 0],
				null,
				null,
				'402034a2-56a9-4034-b2ce-a6d9395a78d7_upsampled',
				'52FD3E7F-BBF9-453A-A80B-72B7E317E5D6',
			],
			capturedProject,
		];
		const withUpsample = parseProjectContents([null, [...(captured[1] as unknown[]), upsample], captured[2]]);
		expect(mediaOfBatch(withUpsample, '52FD3E7F-BBF9-453A-A80B-72B7E317E5D6', 'p')).toHaveLength(1);
		for (const missing of ['', 'null', randomUUID().toUpperCase()]) {
			expect(mediaOfBatch(contents, missing, 'p')).toBeUndefined();
		}
	});

	it('ignores slots it does not know; an answer that is not a list is a changed wire', () => {
		expect(parseProjectContents([null])).toEqual({headings: [], records: []});
		const extra = parseProjectContents([null, captured[1], captured[2], 'later', [7]]);
		expect(extra.headings).toHaveLength(15);
		for (const odd of [null, {}, 'x']) {
			expect(() => parseProjectContents(odd)).toThrow(
				expect.objectContaining({kind: 'protocol', code: 'WIRE_CHANGED'}),
			);
		}
	});
});

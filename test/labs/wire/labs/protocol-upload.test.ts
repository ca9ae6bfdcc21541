// Proves the labs REST upload is built and read in the shapes public clients show (F2A, GF, FK-fork;
// docs/protocol-labs.md §3.5), and that an answer without a media name is a protocol error.
import {describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {buildUploadBody, parseUploadResponse} from '../../../../source/labs/wire/labs/protocol-upload.js';

describe('labs REST upload', () => {
	it('sends the bytes in base64 with the project, the session and the type', () => {
		const image = {
			bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0x00]),
			mimeType: 'image/jpeg' as const,
			fileName: 'a.jpg',
		};
		expect(buildUploadBody(image, 'p-1', 's-1')).toEqual({
			clientContext: {projectId: 'p-1', tool: 'PINHOLE', sessionId: 's-1'},
			fileName: 'a.jpg',
			imageBytes: '/9j/AA==',
			isHidden: false,
			isUserUploaded: true,
			mimeType: 'image/jpeg',
		});
	});

	it('reads the media name and its project, the asked project when the answer leaves it out', () => {
		const answer = {
			media: {name: 'm-1', projectId: 'p-2', workflowId: 'w', image: {dimensions: {width: 1, height: 1}}},
			workflow: {metadata: {displayName: 'a.jpg'}},
		};
		expect(parseUploadResponse(answer, 'p-1')).toEqual({name: 'm-1', projectId: 'p-2'});
		expect(parseUploadResponse({media: {name: ' m-1 '}}, 'p-1')).toEqual({name: 'm-1', projectId: 'p-1'});
	});

	it.each([[{}], [{media: {}}], [{media: {name: ''}}], [{media: {name: 7}}], [null], [[]]])(
		'an answer without a media name (%j) is a protocol error',
		(answer) => {
			const read = () => parseUploadResponse(answer, 'p-1');
			expect(read).toThrow(FlowError);
			expect(read).toThrow(/^upload image: unexpected answer: .*\(no media name\)$/);
		},
	);
});

/**
 * Uploading an image on labs REST (docs/protocol-labs.md §3.5, from F2A `upload_image`, GF `dto.py`
 * and FK-fork): the body carries the bytes in base64 and the project; the answer names the new media.
 */
import type {ImageUpload, UploadedImage} from '../../types.js';
import {at, text, unexpected} from './protocol-read.js';

export type UploadBody = {
	clientContext: {projectId: string; tool: 'PINHOLE'; sessionId: string};
	fileName: string;
	imageBytes: string;
	isHidden: false;
	isUserUploaded: true;
	mimeType: string;
};

export function buildUploadBody(image: ImageUpload, projectId: string, sessionId: string): UploadBody {
	return {
		clientContext: {projectId, tool: 'PINHOLE', sessionId},
		fileName: image.fileName,
		imageBytes: Buffer.from(image.bytes).toString('base64'),
		isHidden: false,
		isUserUploaded: true,
		mimeType: image.mimeType,
	};
}

/** `{"media": {"name", "projectId", …}, …}`; the project asked for when the answer leaves it out. */
export function parseUploadResponse(body: unknown, projectId: string): UploadedImage {
	const name = text(at(body, 'media', 'name'));
	if (name === undefined) throw unexpected('upload image', body, 'no media name');
	return {name, projectId: text(at(body, 'media', 'projectId')) ?? projectId};
}

/**
 * `maseQ`, uploading an image on flow.google.com (docs/protocol-flow.md §2): the payload, and a
 * tolerant reader of the answer. Pure: no I/O.
 */
import type {ImageUpload, UploadedImage} from '../../types.js';
import {clientUuid, generateContext} from './payload-builders.js';
import {unreadable} from './payload-unreadable.js';
import {list, text} from './record.js';
import {flowRpc} from './rpc-ids.js';

export type UploadPayloadInput = {
	image: ImageUpload;
	projectId: string;
	captchaToken: string;
	/** Test hook: fixed UUIDs instead of random ones. */
	uuid?: () => string;
};

/**
 * `[ctx, "<base64>", "<mime>", 1, null, null, null, null, "<file name>", null, UUID, UUID]`, the
 * bytes without a `data:` prefix and `ctx` a generate call's with the token at 10: FK-ext
 * `upload_request` (public file 68427272937) and F2A-cur `upload_image` (public file 70106387746)
 * build the same 12 slots. BOQ-client (public file 67258467479) sends no token; F2A-cur mints one
 * for `UPLOAD_IMAGE`, and a project brief (public file 71583880687) marks a measured maseQ "has
 * captcha", so flowdeck sends one.
 */
export function buildUploadPayload(input: UploadPayloadInput): unknown[] {
	const uuid = input.uuid ?? clientUuid;
	const {image} = input;
	return [
		generateContext(input.projectId, input.captchaToken),
		Buffer.from(image.bytes).toString('base64'),
		image.mimeType,
		1,
		null,
		null,
		null,
		null,
		image.fileName,
		null,
		uuid(),
		uuid(),
	];
}

/**
 * The answer is `[[A, projectId, B, "CAE"|null, null, DETAILS, …]]` (a test fixture of a measured
 * reply, public files 71117012202 / 70867696308). The id generate calls name is A, `payload[0][0]`,
 * as FK-ext's and flowkit's `read_uploaded_media_id` read it ("the id is the handle a later generate
 * passes as a reference"; B is another handle). An answer without it (gflow_cli saw a 200 without a
 * media id for a 1×1 image, public file 65731218354), or naming the project as the image, is an
 * answer flowdeck cannot read: a protocol error with a redacted sample, never a guessed id.
 */
export function parseUploadPayload(payload: unknown, projectId: string): UploadedImage {
	const record = list(list(payload)?.[0]) ?? [];
	const name = text(record[0]);
	if (name === undefined || name === projectId) throw unreadable(payload, flowRpc.uploadImage);
	return {name, projectId: text(record[1]) ?? projectId};
}

import type {UploadedImage, UploadImageCall} from '../types.js';
import {type GenerateDeps, mintCaptcha} from './submit.js';

/**
 * One upload of one image, with a captcha token minted for it alone when the wire asks for one:
 * flow.google.com's `maseQ` carries it in `ctx[10]`, minted for `UPLOAD_IMAGE` (F2A-cur
 * `upload_image`, public file 70106387746; FK-ext `upload_request`, public file 68427272937;
 * docs/protocol-flow.md §2, §4). Labs REST uploads carry none (docs/protocol-labs.md §3.5), so no
 * token is spent there.
 */
export async function uploadOnce(deps: GenerateDeps, call: UploadImageCall): Promise<UploadedImage> {
	const {transport} = deps;
	const action = transport.uploadCaptchaAction;
	if (action === undefined) return deps.call(() => transport.uploadImage(call));
	const captchaToken = await mintCaptcha(deps, call.projectId, action);
	return deps.call(() => transport.uploadImage({...call, captchaToken}));
}

/**
 * What flow.google.com calls a model and an aspect (docs/protocol-flow.md §2). flowdeck's scenes name
 * models by their labs keys (source/labs/models.ts); this is the small translation the new wire needs.
 * Public sources disagree here and nobody captured a Veo text-to-video key on the new host: every
 * choice is marked with where it comes from.
 */
import type {Aspect} from '../../types.js';

/** The surface id every generate context repeats (FB, FK-ext, RJ; EL reads it as proto field 2). */
export const flowSurfaceId = 22;

/** reCAPTCHA action of a video generate call (FB/FK, RJ, EL; §4). */
export const flowCaptchaActionVideo = 'VIDEO_GENERATION';

/** reCAPTCHA action of an image upload, `maseQ` (F2A-cur `upload_image`, public file 70106387746; §4). */
export const flowCaptchaActionUpload = 'UPLOAD_IMAGE';

/** Video aspect on the wire: captured as 1 with a `_portrait` key (9:16), 2 for 16:9. */
export function flowAspect(aspect: Aspect): 1 | 2 {
	return aspect === '9:16' ? 1 : 2;
}

/**
 * A scene's model key as flow.google.com wants it: unchanged. A Veo submit was captured with
 * `veo_3_1_t2v_fast_portrait` and aspect 1 (docs/wire-captures.md), so the `_portrait` keys some
 * peers said were refused are accepted; the server answers code 3 to a key it does not know, which
 * fails the scene clearly.
 */
export function flowModelKey(labsKey: string): string {
	return labsKey.trim();
}
